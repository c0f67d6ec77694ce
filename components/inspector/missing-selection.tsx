'use client';

import { useRemovedName } from './removed-elements';

/**
 * The inspector's place when the selection is not in the topology: "<name> removed" when this
 * page removed it, else the possible reasons.
 */
export function MissingSelection({ id, onClear }: { id: string; onClear: () => void }) {
  const name = useRemovedName(id);
  return (
    <aside
      aria-label="Inspector"
      data-testid="inspector-missing"
      className="w-[24rem] shrink-0 border-l border-border bg-panel p-4 text-sm"
    >
      {name ? (
        <p role="status" className="font-semibold" data-testid="inspector-removed">
          {name} removed
        </p>
      ) : (
        <>
          <p className="font-semibold">Not on the map</p>
          <p className="mt-1 text-muted">
            The selected element is not in the current topology (it may have been removed), or a
            filter hides it.
          </p>
        </>
      )}
      <button
        type="button"
        className="mt-3 rounded-md border border-border px-2.5 py-1 text-xs hover:bg-border/40"
        onClick={onClear}
      >
        Clear selection
      </button>
    </aside>
  );
}
