'use client';

import { useCallback, useEffect, useState, type ReactNode } from 'react';

import { cn } from '@/lib/cn';
import { formatClock } from '@/lib/view/clock';

import { neighbourChange, useHistoryRange } from './use-past';

/**
 * NOTE: the timeline keeps one height whether it is loading, empty or drawn: the map above it
 * keeps its camera centred on a resize, so a bar growing once loaded moved the whole view
 * (a deep link's camera landed 13 px off).
 */
const TIMELINE_FRAME = 'flex min-h-[60px] items-center';

const BUCKETS = 120;

/** `2 Dec 15:30:45` in the browser's zone, with the date only when it is not today. */
export function formatMoment(time: number): string {
  const date = new Date(time);
  const today = new Date().toDateString() === date.toDateString();
  const clock = formatClock(date);
  return today
    ? clock
    : `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clock}`;
}

/** Inputs that take typed text: a key press there is not a shortcut. */
const NOT_TEXT = new Set(['range', 'radio', 'checkbox', 'button', 'submit', 'reset']);

/** True when a key press belongs to a field being typed in, not to the page. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * The timeline under the map: how many changes happened when (bars), a slider over the kept
 * range, the previous/next change (buttons, or `[` and `]`), and "Live". Choosing a moment only
 * changes `?at=`; the workspace shows that moment.
 */
export function Timeline({
  at,
  onAt,
  extra,
}: {
  at: number | undefined;
  onAt(at: number | undefined): void;
  /** More controls at the end of the bar (the "since the last deploy" picker). */
  extra?: ReactNode;
}) {
  const { range, error } = useHistoryRange(BUCKETS);
  const [dragging, setDragging] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const now = range?.now ?? 0;
  const from = range?.from ?? null;

  const step = useCallback(
    async (direction: 'previous' | 'next') => {
      const next = await neighbourChange(at ?? Date.now(), direction);
      if (next === null) {
        setNote(
          direction === 'previous'
            ? 'No earlier change is kept.'
            : 'No later change: this is the latest.',
        );
        if (direction === 'next' && at !== undefined) onAt(undefined);
        return;
      }
      setNote(null);
      onAt(next);
    },
    [at, onAt],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === '[') void step('previous');
      else if (event.key === ']') void step('next');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step]);

  // NOTE: the slider moves freely while dragged; the moment is asked for when it is let go (or
  // after a keyboard step), so a drag does not send a request per pixel.
  useEffect(() => {
    if (dragging === null) return;
    const timer = setTimeout(() => onAt(dragging), 250);
    return () => clearTimeout(timer);
  }, [dragging, onAt]);

  if (error) {
    return (
      <p
        className={cn(
          TIMELINE_FRAME,
          'border-t border-border bg-panel px-4 py-2 text-xs text-muted',
        )}
        data-testid="timeline"
      >
        History is not available: {error}
      </p>
    );
  }
  if (!range || from === null) {
    return (
      <p
        className={cn(
          TIMELINE_FRAME,
          'border-t border-border bg-panel px-4 py-2 text-xs text-muted',
        )}
        data-testid="timeline"
      >
        {range
          ? 'No history recorded yet: the timeline fills as the map changes.'
          : 'Loading the timeline…'}
      </p>
    );
  }
  const value = dragging ?? at ?? now;
  const peak = Math.max(1, ...range.counts);
  const button =
    'rounded-md border border-border px-2 py-1 text-xs hover:bg-border/40 disabled:opacity-50';
  return (
    <section
      aria-label="Timeline"
      data-testid="timeline"
      className={cn(
        TIMELINE_FRAME,
        'gap-2 border-t bg-panel px-4 py-2',
        at === undefined ? 'border-border' : 'border-warn/60',
      )}
    >
      <button
        type="button"
        className={button}
        onClick={() => void step('previous')}
        title="Previous change ( [ )"
      >
        ◀ Previous change
      </button>
      <div className="relative min-w-0 flex-1">
        <div
          aria-hidden
          className="pointer-events-none absolute inset-x-0 bottom-1/2 flex h-5 items-end gap-px"
          data-testid="timeline-density"
        >
          {range.counts.map((count, index) => (
            <div
              key={index}
              className="flex-1 rounded-t-sm bg-accent/40"
              style={{ height: count === 0 ? 0 : `${Math.max(12, (count / peak) * 100)}%` }}
            />
          ))}
        </div>
        {range.gaps
          .filter((gap) => gap.reason === 'restart')
          .map((gap) => (
            <div
              key={gap.from}
              aria-hidden
              title="Portolan was not running: nothing recorded"
              className="absolute bottom-1/2 h-5 bg-[repeating-linear-gradient(45deg,transparent_0_3px,var(--muted)_3px_4px)] opacity-60"
              style={{
                left: `${((gap.from - from) / Math.max(1, now - from)) * 100}%`,
                width: `${(((gap.to ?? now) - gap.from) / Math.max(1, now - from)) * 100}%`,
              }}
            />
          ))}
        <input
          type="range"
          aria-label="Moment shown on the map"
          aria-valuetext={at === undefined && dragging === null ? 'Live' : formatMoment(value)}
          data-testid="timeline-slider"
          className="relative mt-5 w-full accent-[var(--accent)]"
          min={from}
          max={now}
          step={1000}
          value={Math.min(Math.max(value, from), now)}
          onChange={(event) => setDragging(Number(event.target.value))}
          onPointerUp={() => {
            if (dragging !== null) onAt(dragging);
            setDragging(null);
          }}
        />
      </div>
      <button
        type="button"
        className={button}
        onClick={() => void step('next')}
        title="Next change ( ] )"
      >
        Next change ▶
      </button>
      <span
        className="w-32 text-right font-mono text-xs tabular-nums"
        data-testid="timeline-moment"
        data-at={at === undefined ? 'live' : new Date(at).toISOString()}
      >
        {at === undefined ? 'now' : formatMoment(at)}
      </span>
      <button
        type="button"
        aria-pressed={at === undefined}
        data-testid="timeline-live"
        onClick={() => {
          setNote(null);
          setDragging(null);
          onAt(undefined);
        }}
        className={cn(
          'rounded-md px-2.5 py-1 text-xs font-semibold',
          at === undefined
            ? 'border border-ok/60 bg-ok/10 text-text'
            : 'bg-accent text-on-accent hover:opacity-90',
        )}
      >
        <span aria-hidden className={at === undefined ? 'text-ok' : undefined}>
          ●
        </span>{' '}
        Live
      </button>
      {extra}
      <span role="status" className="text-xs text-muted empty:hidden">
        {note ?? ''}
      </span>
    </section>
  );
}
