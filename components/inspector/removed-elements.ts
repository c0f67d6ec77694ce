import { useSyncExternalStore } from 'react';

/*
 * NOTE: the elements removed from this page, by id, so that when the selection leaves the
 * topology the inspector can say "<name> removed" instead of guessing. Kept for the page's life
 * (a few names); a reload forgets them, and the inspector goes back to its general note. A store
 * with listeners: the topology without the element often arrives before the removal's answer.
 */
const removed = new Map<string, string>();
const listeners = new Set<() => void>();

export function noteRemoved(id: string, name: string): void {
  removed.set(id, name);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The name of an element this page removed, or null; re-renders when it is noted. */
export function useRemovedName(id: string): string | null {
  return useSyncExternalStore(
    subscribe,
    () => removed.get(id) ?? null,
    () => null,
  );
}
