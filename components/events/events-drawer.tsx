'use client';

import { useState } from 'react';

import { updateViewState } from '../map/use-view-state';
import { useLive } from '../realtime/live-store';
import { EventStreamView } from './event-stream-view';

/**
 * The live event list as a drawer under the map. Clicking an event selects its object on the map
 * (when it still exists), where the inspector shows that object's recent events.
 */
export function EventsDrawer() {
  const [open, setOpen] = useState(false);
  const events = useLive('events');
  const latest = events.at(-1);
  return (
    <section
      aria-label="Events drawer"
      className="relative flex flex-col border-t border-border bg-panel"
      style={{ height: open ? '38vh' : undefined }}
    >
      <div className="flex items-center">
        <button
          type="button"
          aria-expanded={open}
          aria-controls="events-drawer-body"
          onClick={() => setOpen(!open)}
          className="flex min-w-0 flex-1 items-center gap-3 px-4 py-1.5 text-left text-xs hover:bg-border/30"
          data-testid="events-drawer-toggle"
        >
          <span aria-hidden>{open ? '▾' : '▴'}</span>
          <span className="font-semibold">Events</span>
          <span className="text-muted">{events.length}</span>
          {!open && latest && (
            <span className="truncate font-mono text-muted">
              {latest.type} {latest.action} {latest.name ?? latest.id.slice(0, 12)}
            </span>
          )}
        </button>
        <a href="/events" className="shrink-0 px-4 text-xs text-accent hover:underline">
          full page →
        </a>
      </div>
      {open && (
        <div id="events-drawer-body" className="flex min-h-0 flex-1 flex-col">
          <EventStreamView
            className="min-h-0 flex-1"
            onSelect={(event) => updateViewState({ select: event.id })}
          />
        </div>
      )}
    </section>
  );
}
