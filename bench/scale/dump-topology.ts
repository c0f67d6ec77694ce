/**
 * npx tsx bench/scale/dump-topology.ts: the scale bench's topology (bench/scale/world.ts, 10,220
 * containers on 100 fake engines), read by the live core as the server reads it, written as a
 * script (`window.__topology = …`) to bench/.tmp/scale/topology.js for bench/ui/profile.ts
 * (BENCH_UI_TOPOLOGY=scale): the dashboard's map on that topology without a server.
 */
import fs from 'node:fs';

import { loadConfig } from '@/server/config';
import { createLiveCore } from '@/server/core';
import { createLogger } from '@/server/logger';

import { until } from '../support';
import { startFakeEngines } from './fake-engine';
import { ISSUE_SIZE, World } from './world';

const OUT = 'bench/.tmp/scale';

async function main() {
  const world = new World(ISSUE_SIZE);
  const fake = await startFakeEngines(world, `/tmp/s19-dump-${process.pid}`);
  fake.warm();
  const loaded = loadConfig({
    PORTOLAN_ENGINES: fake.engines,
    PORTOLAN_TOKEN: 'dump-token-0123456789abcdef',
    PORTOLAN_STATE_DIR: `${OUT}/dump-state`,
  });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  const core = createLiveCore(loaded.value.engines, loaded.value.tls, createLogger('warn'));
  core.start();
  try {
    await until(
      'every container',
      () => Object.keys(core.hub.snapshot().containers).length === world.containers.size,
      600_000,
    );
    fs.mkdirSync(OUT, { recursive: true });
    const json = JSON.stringify(core.hub.snapshot());
    fs.writeFileSync(`${OUT}/topology.js`, `window.__topology = ${json};\n`);
    console.log(`wrote ${OUT}/topology.js (${Math.round(json.length / 1024)} KiB)`);
  } finally {
    await core.stop();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
