import { copyingOwner, type CollectionOwner } from './collection-owner';
import { jsonEqual } from './json-equal';
import { COLLECTIONS, type CollectionName, type ElementOf, type Topology } from './types';

/** Insert or replace one element. */
export type UpsertOp = {
  [C in CollectionName]: { op: 'upsert'; collection: C; id: string; value: ElementOf<C> };
}[CollectionName];

export interface RemoveOp {
  op: 'remove';
  collection: CollectionName;
  id: string;
}

/** Replace everything (first message on a connection, or after a resync the client asked for). */
export interface ResetOp {
  op: 'reset';
  topology: Topology;
}

export type PatchOp = UpsertOp | RemoveOp | ResetOp;

/**
 * Moves a topology from version `from` to version `to`. A client applies it only when it holds
 * exactly version `from` (or the ops start with a reset); otherwise it asks for a snapshot.
 */
export interface TopologyPatch {
  from: number;
  to: number;
  ops: PatchOp[];
}

export class PatchVersionError extends Error {
  constructor(
    readonly held: number,
    readonly patch: Pick<TopologyPatch, 'from' | 'to'>,
  ) {
    super(`patch ${patch.from}→${patch.to} does not apply to version ${held}`);
    this.name = 'PatchVersionError';
  }
}

function upsert<C extends CollectionName>(
  collection: C,
  id: string,
  value: ElementOf<C>,
): UpsertOp {
  // NOTE: TypeScript cannot correlate C across the mapped union; the fields are consistent by
  // construction.
  return { op: 'upsert', collection, id, value } as UpsertOp;
}

/**
 * The ops that turn `a` into `b` (without the version, which travels in the patch). Elements that
 * are the same object are skipped without looking inside; others are compared structurally, so a
 * rebuilt but equal element costs no op. With no `a`, the answer is a single reset.
 */
export function diffTopology(a: Topology | null | undefined, b: Topology): PatchOp[] {
  if (!a) return [{ op: 'reset', topology: b }];
  const ops: PatchOp[] = [];
  for (const collection of COLLECTIONS) {
    const before: Readonly<Record<string, unknown>> = a[collection];
    const after = b[collection];
    if (before === after) continue;
    for (const id of Object.keys(before)) {
      if (!Object.hasOwn(after, id)) ops.push({ op: 'remove', collection, id });
    }
    for (const [id, value] of Object.entries(after)) {
      const old = before[id];
      if (old === value || (old !== undefined && jsonEqual(old, value))) continue;
      ops.push(upsert(collection, id, value));
    }
  }
  return ops;
}

/** `diffTopology` wrapped as a patch from `a.version` to `b.version`. */
export function createPatch(a: Topology | null | undefined, b: Topology): TopologyPatch {
  return { from: a?.version ?? 0, to: b.version, ops: diffTopology(a, b) };
}

/** True when `patch` can be applied to `topology` (same version, or a reset first). */
export function canApplyPatch(
  topology: Topology | null | undefined,
  patch: TopologyPatch,
): boolean {
  return patch.ops[0]?.op === 'reset' || (topology != null && topology.version === patch.from);
}

/**
 * Applies a patch. Each collection touched is made writable once through `owner`: with the default
 * it is copied, and the function is pure; elements and collections the patch does not touch keep
 * their identity, so a UI re-renders only what changed. With an owner of its own (the hub, the
 * history's rebuild), a collection nobody else holds is written in place (collection-owner.ts).
 *
 * @throws PatchVersionError when the patch does not start from `topology.version` and does not
 *   start with a reset: the caller must resync from a snapshot.
 */
export function applyPatch(
  topology: Topology | null | undefined,
  patch: TopologyPatch,
  owner: CollectionOwner = copyingOwner,
): Topology {
  if (!canApplyPatch(topology, patch)) {
    throw new PatchVersionError(topology?.version ?? Number.NaN, patch);
  }
  let base = topology as Topology;
  const made = new Set<CollectionName>();
  let next: Topology | null = null;

  // NOTE: typed loosely on purpose: each op's value already matches its collection (UpsertOp).
  const writable = (collection: CollectionName): Record<string, unknown> => {
    next ??= { ...base };
    const collections = next as unknown as Record<CollectionName, Record<string, unknown>>;
    if (!made.has(collection)) {
      collections[collection] = owner.writable(collections[collection]);
      made.add(collection);
    }
    return collections[collection];
  };

  for (const op of patch.ops) {
    switch (op.op) {
      case 'reset':
        // NOTE: the reset's topology is the sender's: never written in place.
        base = owner.share(op.topology);
        next = null;
        made.clear();
        break;
      case 'remove':
        if (Object.hasOwn((next ?? base)[op.collection], op.id)) {
          delete writable(op.collection)[op.id];
        }
        break;
      case 'upsert':
        writable(op.collection)[op.id] = op.value;
        break;
    }
  }
  const result: Topology = next ?? { ...base };
  result.version = patch.to;
  return result;
}
