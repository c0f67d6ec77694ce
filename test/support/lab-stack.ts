import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { dockerFor, labEngineSpecs, waitFor } from './lab-engines';

const run = promisify(execFile);

/**
 * Removes a Portolan stack a test deployed on the lab (`npm run lab -- deploy-portolan`), waits
 * until its networks are gone, and deletes its certificates and token
 * (scripts/lab/portolan-stack.sh). Never throws: it runs in afterAll, after failures too.
 */
export async function removeLabStack(stack: string): Promise<void> {
  const managerSpec = labEngineSpecs().find((spec) => spec.name === 'node-1');
  if (managerSpec?.address.kind !== 'unix') return;
  const manager = dockerFor(managerSpec);
  await run('/usr/bin/docker', [
    '-H',
    `unix://${managerSpec.address.socketPath}`,
    'stack',
    'rm',
    stack,
  ]).catch(() => undefined);
  await waitFor(
    'the stack gone',
    async () =>
      (await manager.listNetworks({ filters: { label: [`com.docker.stack.namespace=${stack}`] } }))
        .length === 0,
    120_000,
    500,
  ).catch(() => undefined);
  const lab = process.env.PORTOLAN_LAB_DIR ?? '/var/lib/portolan-lab';
  fs.rmSync(path.join(lab, 'portolan-stack', stack), { recursive: true, force: true });
}
