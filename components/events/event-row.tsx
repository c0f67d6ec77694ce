'use client';

import { memo } from 'react';

import type { DockerEvent } from '@/lib/docker/events';
import { isFailure, keyAttributes } from '@/lib/events/view';
import { formatClock } from '@/lib/view/clock';

import { cn } from '@/lib/cn';

// NOTE: the kind colour is a swatch beside the type, not the text's colour: small text in the kind
// colours falls under 4.5:1 on the page's background (axe, e2e/a11y.spec.ts).
const TYPE_COLOURS: Record<string, string> = {
  container: 'var(--kind-container)',
  network: 'var(--kind-network)',
  service: 'var(--kind-service)',
  node: 'var(--kind-node)',
};

function clock(event: DockerEvent): string {
  const date = new Date(event.timeNano / 1e6);
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${formatClock(date)}.${ms}`;
}

/**
 * One event on one line: time, engine, type, action, actor, and the attributes that matter. The
 * whole row is one button (click, Enter or Space) that shows its object on the map. Placed at
 * `top` in a virtualised list; memoised, so a frame of new events renders only the new rows.
 */
export const EventRow = memo(function EventRow({
  event,
  onSelect,
  top,
}: {
  event: DockerEvent;
  onSelect?: (event: DockerEvent) => void;
  top: number;
}) {
  const failure = isFailure(event);
  return (
    <li
      style={{ position: 'absolute', top, left: 0, right: 0 }}
      data-testid="event-row"
      data-type={event.type}
      data-action={event.action}
      data-name={event.name ?? ''}
      className={cn('border-b border-border/60', failure && 'bg-bad/10')}
    >
      <button
        type="button"
        onClick={() => onSelect?.(event)}
        disabled={!onSelect || !event.id}
        title={event.id ? `Show ${event.name ?? event.id.slice(0, 12)} on the map` : undefined}
        className="flex h-8 w-full items-center gap-3 px-3 text-left font-mono text-xs whitespace-nowrap hover:bg-border/30 focus-visible:outline-offset-[-2px] disabled:hover:bg-transparent"
      >
        <span className="w-24 shrink-0 text-muted tabular-nums">{clock(event)}</span>
        <span className="w-14 shrink-0 truncate text-muted">{event.engine}</span>
        <span className="flex w-24 shrink-0 items-center gap-1.5 font-semibold">
          <span
            aria-hidden
            className="size-2 shrink-0 rounded-full"
            style={{ background: TYPE_COLOURS[event.type] ?? 'var(--muted)' }}
          />
          {event.type}
        </span>
        <span
          className={cn('w-24 shrink-0 truncate', failure && 'font-semibold')}
          // NOTE: red mixed toward the text colour: plain red on the failure tint is under 4.5:1.
          style={failure ? { color: 'color-mix(in srgb, var(--bad) 60%, var(--text))' } : undefined}
        >
          {event.action}
        </span>
        <span className="max-w-64 shrink-0 truncate">{event.name ?? event.id.slice(0, 12)}</span>
        <span className="flex min-w-0 gap-2 truncate text-muted">
          {keyAttributes(event).map(([label, value]) => (
            <span key={label}>
              {label}=<span className="text-text">{value}</span>
            </span>
          ))}
        </span>
      </button>
    </li>
  );
});
