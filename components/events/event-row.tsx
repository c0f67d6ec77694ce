'use client';

import type { DockerEvent } from '@/lib/docker/events';
import { isFailure, keyAttributes } from '@/lib/events/view';

import { cn } from '@/lib/cn';

const TYPE_COLOURS: Record<string, string> = {
  container: 'text-[var(--kind-container)]',
  network: 'text-[var(--kind-network)]',
  service: 'text-[var(--kind-service)]',
  node: 'text-[var(--kind-node)]',
};

function clock(event: DockerEvent): string {
  const date = new Date(event.timeNano / 1e6);
  const ms = String(date.getMilliseconds()).padStart(3, '0');
  return `${date.toLocaleTimeString([], { hour12: false })}.${ms}`;
}

/** One event on one line: time, engine, type, action, actor, and the attributes that matter. */
export function EventRow({
  event,
  onSelect,
  style,
}: {
  event: DockerEvent;
  onSelect?: (event: DockerEvent) => void;
  style?: React.CSSProperties;
}) {
  const failure = isFailure(event);
  return (
    <li
      style={style}
      data-testid="event-row"
      data-type={event.type}
      data-action={event.action}
      data-name={event.name ?? ''}
      className={cn(
        'flex h-8 items-center gap-3 border-b border-border/60 px-3 font-mono text-xs whitespace-nowrap',
        failure && 'bg-bad/10',
      )}
    >
      <span className="w-24 shrink-0 text-muted tabular-nums">{clock(event)}</span>
      <span className="w-14 shrink-0 truncate text-muted">{event.engine}</span>
      <span className={cn('w-16 shrink-0 font-semibold', TYPE_COLOURS[event.type] ?? 'text-muted')}>
        {event.type}
      </span>
      <span className={cn('w-24 shrink-0 truncate', failure && 'font-semibold text-bad')}>
        {event.action}
      </span>
      <button
        type="button"
        onClick={() => onSelect?.(event)}
        disabled={!onSelect || !event.id}
        className="max-w-64 shrink-0 truncate text-left hover:underline disabled:no-underline"
        title={event.id}
      >
        {event.name ?? event.id.slice(0, 12)}
      </button>
      <span className="flex min-w-0 gap-2 truncate text-muted">
        {keyAttributes(event).map(([label, value]) => (
          <span key={label}>
            {label}=<span className="text-text">{value}</span>
          </span>
        ))}
      </span>
    </li>
  );
}
