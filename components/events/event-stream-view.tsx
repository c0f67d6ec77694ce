'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import type { DockerEvent } from '@/lib/docker/events';
import {
  EVENT_PRESETS,
  EVENT_TYPES,
  eventsToCsv,
  eventsToJsonLines,
  type EventPreset,
} from '@/lib/events/view';

import { cn } from '@/lib/cn';

import { useLive } from '../realtime/live-store';
import { Input, Select, inputClass } from '../ui/input';
import { EventRow } from './event-row';
import { useVisibleEvents } from './use-visible-events';

const ROW_HEIGHT = 32;
const OVERSCAN = 10;

/**
 * A key per row that stays with its event while the list moves (new events at the end, old ones
 * cut at the start), so React keeps the rows it has; the same event twice (history loaded over
 * live events) gets a count.
 */
function rowKeys(events: DockerEvent[]): [string, DockerEvent][] {
  const seen = new Map<string, number>();
  return events.map((event) => {
    const key = `${event.engine}-${event.timeNano}-${event.id}-${event.action}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    return [count === 0 ? key : `${key}#${count}`, event];
  });
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * The live event list with its filters. Virtualized (only the rows in view exist), so it stays
 * smooth at hundreds of events a second; it follows new events until the reader scrolls up.
 */
export function EventStreamView({
  onSelect,
  className,
}: {
  onSelect?: (event: DockerEvent) => void;
  className?: string;
}) {
  const view = useVisibleEvents();
  const engines = useLive('engines');
  const { visible, filter, setFilter } = view;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 400 });
  const [following, setFollowing] = useState(true);
  const [loading, setLoading] = useState<string | null>(null);

  const onScroll = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    const top = element.scrollTop;
    const height = element.clientHeight;
    setViewport((now) => (now.top === top && now.height === height ? now : { top, height }));
    setFollowing(element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT);
  }, []);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => onScroll());
    observer.observe(element);
    return () => observer.disconnect();
  }, [onScroll]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (following && element) element.scrollTop = element.scrollHeight;
  }, [visible.length, following]);

  // NOTE: while following, the rows in view are the last ones: drawn at once, not after the
  // scroll the layout effect makes (a second render per frame of a burst).
  const top = following ? Math.max(0, visible.length * ROW_HEIGHT - viewport.height) : viewport.top;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((top + viewport.height) / ROW_HEIGHT) + OVERSCAN);

  const loadOlder = async () => {
    const until = view.oldestTime ?? Math.floor(Date.now() / 1000);
    setLoading('Loading the previous hour from the engines…');
    try {
      const response = await fetch(`/api/events?since=${until - 3600}&until=${until}`);
      const body = (await response.json()) as { events?: DockerEvent[]; error?: string };
      if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
      view.addOlder((body.events ?? []).filter((event) => event.time < until));
      setLoading(null);
    } catch (error) {
      setLoading(`Could not load older events: ${(error as Error).message}`);
    }
  };

  return (
    <section className={cn('flex min-h-0 flex-col', className)} aria-label="Docker events">
      <div className="flex flex-wrap items-center gap-2 border-b border-border p-2">
        <div
          role="group"
          aria-label="Presets"
          className="flex overflow-hidden rounded-md border border-border"
        >
          {(Object.keys(EVENT_PRESETS) as EventPreset[]).map((preset) => (
            <button
              key={preset}
              type="button"
              aria-pressed={filter.preset === preset}
              onClick={() => setFilter({ ...filter, preset })}
              className={cn(
                'px-2 py-1 text-xs',
                filter.preset === preset ? 'bg-accent text-on-accent' : 'hover:bg-border/40',
              )}
            >
              {EVENT_PRESETS[preset]}
            </button>
          ))}
        </div>
        <label className="sr-only" htmlFor="event-type">
          Type
        </label>
        <Select
          look="toolbar"
          id="event-type"
          value={filter.types[0] ?? ''}
          onChange={(e) => setFilter({ ...filter, types: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">all types</option>
          {EVENT_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </Select>
        <label className="sr-only" htmlFor="event-engine">
          Engine
        </label>
        <Select
          look="toolbar"
          id="event-engine"
          value={filter.engine}
          onChange={(e) => setFilter({ ...filter, engine: e.target.value })}
        >
          <option value="">all engines</option>
          {(engines ?? []).map((engine) => (
            <option key={engine.name}>{engine.name}</option>
          ))}
        </Select>
        <Input
          look="toolbar"
          aria-label="Action"
          placeholder="action"
          className="w-24"
          value={filter.action}
          onChange={(e) => setFilter({ ...filter, action: e.target.value })}
        />
        <Input
          look="toolbar"
          aria-label="Name or label"
          placeholder="name or label…"
          className="w-44"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <div className="ml-auto flex items-center gap-2">
          <button
            type="button"
            className={inputClass.toolbar}
            onClick={view.togglePause}
            aria-pressed={view.paused}
          >
            {view.paused ? `Resume (${view.arrivedWhilePaused} new)` : 'Pause'}
          </button>
          <button type="button" className={inputClass.toolbar} onClick={view.clear}>
            Clear
          </button>
          <button
            type="button"
            className={inputClass.toolbar}
            onClick={() =>
              download('portolan-events.jsonl', 'application/x-ndjson', eventsToJsonLines(visible))
            }
          >
            JSON lines
          </button>
          <button
            type="button"
            className={inputClass.toolbar}
            onClick={() => download('portolan-events.csv', 'text/csv', eventsToCsv(visible))}
          >
            CSV
          </button>
        </div>
      </div>
      <div className="flex items-center justify-between px-3 py-1 text-xs text-muted" role="status">
        <span data-testid="event-count">
          {visible.length} event{visible.length === 1 ? '' : 's'}
          {view.paused ? ' · paused' : ''}
        </span>
        <button type="button" className="hover:underline" onClick={() => void loadOlder()}>
          {loading ?? 'Load the hour before'}
        </button>
      </div>
      <div
        ref={scroller}
        onScroll={onScroll}
        className="relative min-h-0 flex-1 overflow-auto"
        tabIndex={0}
      >
        {visible.length === 0 ? (
          <p className="p-6 text-center text-sm text-muted">
            No events yet. Change something —{' '}
            <code className="font-mono">docker network create demo</code> — and it shows here at
            once.
          </p>
        ) : (
          <ul style={{ height: visible.length * ROW_HEIGHT }} className="relative">
            {rowKeys(visible.slice(first, last)).map(([key, event], index) => (
              <EventRow
                key={key}
                event={event}
                onSelect={onSelect}
                top={(first + index) * ROW_HEIGHT}
              />
            ))}
          </ul>
        )}
      </div>
      {!following && visible.length > 0 && (
        <button
          type="button"
          onClick={() => setFollowing(true)}
          className="absolute right-6 bottom-6 rounded-full bg-accent px-3 py-1.5 text-sm text-on-accent shadow-lg"
        >
          ↓ Jump to latest
        </button>
      )}
    </section>
  );
}
