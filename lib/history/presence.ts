import type { TopologyPatch } from '@/lib/topology/diff';
import { COLLECTIONS, type CollectionName, type Topology } from '@/lib/topology/types';

/**
 * What the history recorder needs to know of the map between patches: which elements are on it,
 * and which engines are stale. Followed from the patches, at the cost of their ops: holding the
 * hub's whole topology for each patch instead made the hub copy its collections on every change
 * (10 ms and more each at 10,000 containers; lib/topology/collection-owner.ts).
 */
export function createPresence(topology: Topology) {
  const ids = new Map<CollectionName, Set<string>>();
  /** Engine element id → whether it is stale. */
  const engines = new Map<string, { name: string; stale: boolean }>();

  const reset = (from: Topology) => {
    for (const collection of COLLECTIONS)
      ids.set(collection, new Set(Object.keys(from[collection])));
    engines.clear();
    for (const [id, engine] of Object.entries(from.engines))
      engines.set(id, { name: engine.name, stale: engine.stale });
  };
  reset(topology);

  const has = (id: string) => COLLECTIONS.some((collection) => ids.get(collection)?.has(id));

  return {
    /** Whether an element of any kind with this id is on the map. */
    has,
    /** Names of the engines marked stale (as `staleEngines` of the topology). */
    stale: () =>
      new Set([...engines.values()].filter((engine) => engine.stale).map((engine) => engine.name)),
    /** Starts again from a whole topology (after a patch that did not follow the last). */
    reset,
    /** Follows one patch; answers the ids it made appear (on the map after it, not before). */
    apply(patch: TopologyPatch): Set<string> {
      const appeared = new Set<string>();
      for (const op of patch.ops) {
        if (op.op === 'reset') {
          reset(op.topology);
          continue;
        }
        const inCollection = ids.get(op.collection) as Set<string>;
        if (op.op === 'remove') {
          inCollection.delete(op.id);
          if (op.collection === 'engines') engines.delete(op.id);
          continue;
        }
        if (!has(op.id)) appeared.add(op.id);
        inCollection.add(op.id);
        if (op.collection === 'engines')
          engines.set(op.id, { name: op.value.name, stale: op.value.stale });
      }
      return appeared;
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
