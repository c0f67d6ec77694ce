/*
 * NOTE: the elements removed from this page, by id, so that when the selection leaves the
 * topology the inspector can say "<name> removed" instead of guessing. Kept for the page's life
 * (a few names); a reload forgets them, and the inspector goes back to its general note.
 */
const removed = new Map<string, string>();

export function noteRemoved(id: string, name: string): void {
  removed.set(id, name);
}

/** The name of an element this page removed, or null. */
export function removedName(id: string): string | null {
  return removed.get(id) ?? null;
}
