import type { CollectionOwner } from './collection-owner';
import type { PatchOp } from './diff';
import { jsonEqual } from './json-equal';
import { COLLECTIONS, type CollectionName, type Topology } from './types';

/**
 * Collects changes to one topology and remembers each touched element's value before them: the
 * ops are found for those alone (`ops`). A collection is made writable once, through `owner`: in
 * place when nobody else holds it (collection-owner.ts), so a change costs what it touches.
 */
export function createDraft(base: Topology, version: number, owner: CollectionOwner) {
  const next: Topology = { ...base, version };
  const made = new Set<CollectionName>();
  /** Each touched element's value before this draft (undefined: it was absent). */
  const before = new Map<CollectionName, Map<string, unknown>>();
  const writable = (collection: CollectionName): Record<string, unknown> => {
    if (!made.has(collection)) {
      (next as unknown as Record<string, unknown>)[collection] = owner.writable<unknown>(
        base[collection] as Readonly<Record<string, unknown>>,
      );
      made.add(collection);
    }
    return next[collection] as Record<string, unknown>;
  };
  const remember = (collection: CollectionName, id: string, value: unknown) => {
    const values = before.get(collection) ?? new Map<string, unknown>();
    if (!values.has(id)) values.set(id, value);
    before.set(collection, values);
  };
  return {
    next,
    set(collection: CollectionName, id: string, value: unknown) {
      const current = (next[collection] as Record<string, unknown>)[id];
      if (value === undefined) {
        if (current === undefined) return;
        remember(collection, id, current);
        delete writable(collection)[id];
      } else {
        if (current === value || (current !== undefined && jsonEqual(current, value))) return;
        remember(collection, id, current);
        writable(collection)[id] = value;
      }
    },
    /** The ops from the base to `next`, looking only at touched elements. */
    ops(): PatchOp[] {
      const ops: PatchOp[] = [];
      for (const collection of COLLECTIONS) {
        const after = next[collection] as Record<string, unknown>;
        for (const [id, old] of before.get(collection) ?? []) {
          const value = after[id];
          if (value === undefined) {
            if (old !== undefined) ops.push({ op: 'remove', collection, id });
          } else if (old !== value && (old === undefined || !jsonEqual(old, value))) {
            ops.push({ op: 'upsert', collection, id, value } as PatchOp);
          }
        }
      }
      return ops;
    },
    /** Puts back what the draft wrote: the base is as it was (its collections may be `next`'s). */
    undo() {
      for (const [collection, values] of before) {
        const target = next[collection] as Record<string, unknown>;
        for (const [id, old] of values) {
          if (old === undefined) delete target[id];
          else target[id] = old;
        }
      }
      before.clear();
    },
  };
}

export type TopologyDraft = ReturnType<typeof createDraft>;
