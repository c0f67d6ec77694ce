'use client';

import { useEffect, useMemo, useRef } from 'react';

import type { DockerEvent } from '@/lib/docker/events';
import { cn } from '@/lib/cn';
import { formatClock } from '@/lib/view/clock';
import { matchingEvents, type InspectorModel, type InspectorSection } from '@/lib/view/inspect';

import { useLive } from '../realtime/live-store';
import { TableHead } from '../ui/table';
import { InspectorActions } from './inspector-actions';

const KIND_COLOR: Record<string, string> = {
  network: 'var(--kind-network)',
  container: 'var(--kind-container)',
  task: 'var(--kind-task)',
  service: 'var(--kind-service)',
  port: 'var(--kind-ingress)',
  uplink: 'var(--driver-macvlan)',
  node: 'var(--kind-node)',
};

/**
 * NOTE: the kind's colour tints the badge and, mixed toward the text colour, writes on it: small
 * text stays at 4.5:1 in both themes (white on the light theme's task amber was 2.9:1).
 */
function kindBadge(colour: string) {
  return {
    color: `color-mix(in srgb, ${colour} 65%, var(--text))`,
    background: `color-mix(in srgb, ${colour} 12%, transparent)`,
    borderColor: `color-mix(in srgb, ${colour} 45%, transparent)`,
  };
}

function time(event: DockerEvent): string {
  return formatClock(event.time * 1000);
}

function Section({
  section,
  onSelect,
}: {
  section: InspectorSection;
  onSelect: (id: string) => void;
}) {
  const headingId = `inspector-${section.title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section aria-labelledby={headingId} className="border-t border-border px-4 py-3">
      <h3
        id={headingId}
        className="mb-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase"
      >
        {section.title}
      </h3>
      {section.fields && (
        <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-3 gap-y-1 text-xs">
          {section.fields.map(([key, value], index) => (
            <div key={`${key}-${index}`} className="contents">
              <dt className="text-muted">{key}</dt>
              <dd className="font-mono break-all">{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {section.table && section.table.columns.length > 3 && (
        // Wide tables read better as one card per row in a narrow panel.
        <ul className="space-y-1.5">
          {section.table.rows.map((row, index) => {
            const target = section.links?.[index] ?? null;
            const [title, ...rest] = row;
            return (
              // NOTE: the group is inside the item: a list holds list items only (axe).
              <li key={index}>
                <div
                  role="group"
                  aria-label={title}
                  className="rounded-md border border-border/70 px-2.5 py-1.5"
                >
                  <div className="font-mono text-xs font-semibold">
                    {target ? (
                      <button
                        type="button"
                        className="text-left break-all text-accent hover:underline"
                        onClick={() => onSelect(target)}
                      >
                        {title}
                      </button>
                    ) : (
                      <span className="break-all">{title}</span>
                    )}
                  </div>
                  <dl className="mt-0.5 grid grid-cols-[4.5rem_1fr] gap-x-2 text-xs">
                    {section.table?.columns.slice(1).map((column, i) => (
                      <div key={column} className="contents">
                        <dt className="text-muted">{column}</dt>
                        <dd data-field={column} className="font-mono break-all">
                          {rest[i]}
                        </dd>
                      </div>
                    ))}
                  </dl>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {section.table && section.table.columns.length <= 3 && (
        <div className="overflow-x-auto">
          <table className="w-full text-xs" aria-labelledby={headingId}>
            <TableHead look="inline" columns={section.table.columns} />
            <tbody>
              {section.table.rows.map((row, index) => {
                const target = section.links?.[index] ?? null;
                return (
                  <tr key={index} className="border-t border-border/50 align-top">
                    {row.map((cell, column) => (
                      <td
                        key={column}
                        className={cn('py-1 pr-3 font-mono', column === 0 && 'font-semibold')}
                      >
                        {column === 0 && target ? (
                          <button
                            type="button"
                            className="text-left text-accent hover:underline"
                            onClick={() => onSelect(target)}
                          >
                            {cell}
                          </button>
                        ) : (
                          cell
                        )}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {section.note && <p className="mt-1 text-xs text-muted">{section.note}</p>}
    </section>
  );
}

/** Everything known about the selected element. Text only: names and labels are untrusted. */
export function InspectorPanel({
  model,
  onClose,
  onSelect,
  focusOnOpen,
}: {
  model: InspectorModel;
  onClose: () => void;
  onSelect: (id: string) => void;
  focusOnOpen: boolean;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const allEvents = useLive('events');
  const events = useMemo(() => matchingEvents(model.events, allEvents), [model.events, allEvents]);
  useEffect(() => {
    if (focusOnOpen) headingRef.current?.focus();
  }, [model.id, focusOnOpen]);

  return (
    <aside
      aria-label="Inspector"
      data-testid="inspector"
      data-id={model.id}
      data-kind={model.kind}
      className="flex h-full w-[24rem] shrink-0 flex-col overflow-hidden border-l border-border bg-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="flex items-start justify-between gap-2 px-4 pt-3 pb-2">
        <div className="min-w-0">
          <span
            className="rounded border px-1.5 py-0.5 text-[11px] font-semibold"
            style={kindBadge(KIND_COLOR[model.kind] ?? 'var(--muted)')}
          >
            {model.kind}
          </span>
          <h2
            ref={headingRef}
            tabIndex={-1}
            data-testid="inspector-title"
            className="mt-1 truncate font-mono text-base font-semibold outline-none"
            title={model.title}
          >
            {model.title}
          </h2>
          <p className="text-xs text-muted">{model.subtitle}</p>
        </div>
        <button
          type="button"
          aria-label="Close inspector"
          onClick={onClose}
          className="rounded-md px-2 py-0.5 text-lg leading-none text-muted hover:bg-border/40 hover:text-text"
        >
          ×
        </button>
      </header>
      <div className="flex-1 overflow-y-auto">
        {model.sections.map((section) => (
          <Section key={section.title} section={section} onSelect={onSelect} />
        ))}
        <InspectorActions id={model.id} />
        <section aria-labelledby="inspector-events" className="border-t border-border px-4 py-3">
          <h3
            id="inspector-events"
            className="mb-1.5 text-[11px] font-semibold tracking-wide text-muted uppercase"
          >
            Recent events
          </h3>
          {events.length === 0 ? (
            <p className="text-xs text-muted">None since this page opened.</p>
          ) : (
            <ol className="space-y-0.5 font-mono text-xs" data-testid="inspector-events">
              {events.map((event, index) => (
                <li key={`${event.timeNano}-${index}`} className="flex gap-2">
                  <span className="text-muted">{time(event)}</span>
                  <span className="font-semibold">
                    {event.type} {event.action}
                  </span>
                  <span className="truncate text-muted">{event.engine}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </aside>
  );
}
