import path from 'node:path';

import { beforeAll } from 'vitest';

import { ensureWholeLab } from './lab-health';

/** Every integration file starts from a whole lab (see lab-health.ts). */
beforeAll(async ({}, suite) => {
  await ensureWholeLab(path.basename(suite.file?.name ?? suite.name));
}, 400_000);
