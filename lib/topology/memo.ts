import { jsonEqual } from './json-equal';

interface MemoEntry<V> {
  deps: readonly unknown[];
  value: V;
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Keeps the previous value when the fresh one is structurally equal. */
export function reuseIfEqual<V>(previous: V, fresh: V): V {
  return jsonEqual(previous, fresh) ? previous : fresh;
}

/** For arrays of elements: keeps each previous element whose id matches and that is still equal. */
export function reuseElementsById<V extends { id: string }>(
  previous: readonly V[],
  fresh: readonly V[],
): readonly V[] {
  if (jsonEqual(previous, fresh)) return previous;
  const byId = new Map(previous.map((element) => [element.id, element]));
  return fresh.map((element) => {
    const old = byId.get(element.id);
    return old !== undefined && jsonEqual(old, element) ? old : element;
  });
}

/**
 * A cache from a raw payload (by reference) to the model derived from it.
 *
 * `deps` lists everything else the model depends on (primitives or references, compared with
 * `===`). When the key and deps are unchanged the cached value is returned without computing.
 * Otherwise the value is recomputed, and `reuse` may still hand back the previous object when the
 * result did not change: unchanged input and unchanged output both keep identity, which is what
 * makes `diffTopology` cheap.
 *
 * NOTE: a WeakMap, so payloads dropped from every inventory are collected with their models.
 */
export function createMemo<K extends object, V>(
  reuse: (previous: V, fresh: V) => V = reuseIfEqual,
): (key: K, deps: readonly unknown[], compute: () => V) => V {
  const cache = new WeakMap<K, MemoEntry<V>>();
  return (key, deps, compute) => {
    const hit = cache.get(key);
    if (hit && sameDeps(hit.deps, deps)) return hit.value;
    const fresh = compute();
    const value = hit ? reuse(hit.value, fresh) : fresh;
    cache.set(key, { deps, value });
    return value;
  };
}
