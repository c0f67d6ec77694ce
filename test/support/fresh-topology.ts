import { buildTopology } from '@/lib/topology/build';
import { createInventory } from '@/lib/topology/inventory';
import type { EngineState, Topology } from '@/lib/topology/types';
import type { EngineReader } from '@/server/docker/engine-reader';

/** An engine as the reference read needs it: its name on the map and a reader of its inventory. */
export interface ReadableEngine {
  name: string;
  reader: Pick<EngineReader, 'inventory'>;
}

/**
 * The topology a server would build from a fresh full read of these engines right now: the
 * reference a streamed graph is compared with (tests, the soak). Every engine counts as reachable.
 */
export async function freshTopology(engines: readonly ReadableEngine[]): Promise<Topology> {
  const lists = await Promise.all(engines.map((engine) => engine.reader.inventory(engine.name)));
  const states: Record<string, EngineState> = {};
  for (const engine of engines)
    states[engine.name] = { reachable: true, stale: false, error: null };
  return buildTopology(
    lists.map((item) => createInventory(item)),
    states,
    0,
  );
}
