'use client';

import { useEffect, useState, type ReactNode } from 'react';

import { useWhyReadOnly } from '../realtime/use-session';
import { openCreateDialog } from './action-menu';

/**
 * A right-click menu over the map with the "New…" actions, for operators. Escape or a click
 * elsewhere closes it; viewers get the browser's own menu.
 */
export function MapContextMenu({ children }: { children: ReactNode }) {
  const { session, blocked } = useWhyReadOnly();
  const [at, setAt] = useState<{ x: number; y: number } | null>(null);
  const allowed = session !== null && blocked === null;

  useEffect(() => {
    if (!at) return;
    const close = () => setAt(null);
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && close();
    window.addEventListener('click', close);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('click', close);
      window.removeEventListener('keydown', onKey);
    };
  }, [at]);

  const item = (label: string, kind: 'network' | 'service' | 'container') => (
    <button
      type="button"
      role="menuitem"
      className="block w-full px-3 py-1.5 text-left text-sm hover:bg-border/40"
      onClick={() => {
        setAt(null);
        openCreateDialog(kind);
      }}
    >
      {label}
    </button>
  );

  return (
    <div
      className="flex min-h-0 flex-1 flex-col"
      onContextMenu={(event) => {
        if (!allowed) return;
        event.preventDefault();
        setAt({ x: event.clientX, y: event.clientY });
      }}
    >
      {children}
      {at && (
        <div
          role="menu"
          aria-label="Create"
          data-testid="map-context-menu"
          className="fixed z-50 min-w-44 overflow-hidden rounded-md border border-border bg-panel py-1 shadow-lg"
          style={{ left: at.x, top: at.y }}
        >
          {item('New network…', 'network')}
          {item('New service…', 'service')}
          {item('Run container…', 'container')}
        </div>
      )}
    </div>
  );
}
