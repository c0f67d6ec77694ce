import { COLLECTIONS, type Topology } from './types';

/**
 * Who may write a topology's collections in place. Copying a collection of 10,000 elements costs
 * ~10 ms on this project's machines (spreading a dictionary-mode object), so a copy per change kept
 * the server's cost per event at 10,000 containers at 10–30 ms whatever little changed
 * (bench/results/scale.md). A topology handed to anyone who may keep it is *shared*: its
 * collections are copied before their next write, once. A collection never handed out is written
 * in place.
 */
export interface CollectionOwner {
  /** Marks a topology's collections as held elsewhere: never written in place from now on. */
  share(topology: Topology): Topology;
  /** `collection` itself when it may be written in place, else a copy that may (owned from now on). */
  writable<T>(collection: Readonly<Record<string, T>>): Record<string, T>;
}

/** Every collection is shared: each write copies (the pure behaviour, and the default). */
export const copyingOwner: CollectionOwner = {
  share: (topology) => topology,
  writable: (collection) => ({ ...collection }),
};

/** An owner that writes in place whatever was not shared (see `CollectionOwner`). */
export function createCollectionOwner(): CollectionOwner {
  const shared = new WeakSet<object>();
  return {
    share(topology) {
      for (const collection of COLLECTIONS) shared.add(topology[collection]);
      return topology;
    },
    writable<T>(collection: Readonly<Record<string, T>>): Record<string, T> {
      return shared.has(collection) ? { ...collection } : (collection as Record<string, T>);
    },
  };
}
