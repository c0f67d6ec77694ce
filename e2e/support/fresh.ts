import Docker from 'dockerode';

import { buildTopology } from '@/lib/topology/build';
import { createInventory } from '@/lib/topology/inventory';
import type { EngineState, Topology } from '@/lib/topology/types';
import { createEngineReader } from '@/server/docker/engine-reader';

/** The lab engines the e2e server streams from, by name (npm test exports PORTOLAN_ENGINES). */
function labEngines(): { name: string; docker: Docker }[] {
  const engines = (process.env.PORTOLAN_ENGINES ?? '')
    .split(',')
    .map((item) => item.split('='))
    .filter(
      (pair): pair is [string, string] => pair.length === 2 && !!pair[1]?.startsWith('unix://'),
    )
    .map(([name, url]) => ({
      name,
      docker: new Docker({ socketPath: url.slice('unix://'.length) }),
    }));
  if (engines.length === 0)
    throw new Error('PORTOLAN_ENGINES is not set to the lab: run through npm test');
  return engines;
}

/** The topology a server would build from a fresh full read of every lab engine right now. */
export async function freshTopology(): Promise<Topology> {
  const engines = labEngines();
  const lists = await Promise.all(
    engines.map(({ name, docker }) => createEngineReader(docker).inventory(name)),
  );
  const states: Record<string, EngineState> = {};
  for (const { name } of engines) states[name] = { reachable: true, stale: false, error: null };
  return buildTopology(
    lists.map((item) => createInventory(item)),
    states,
    0,
  );
}
