'use client';

import { useMemo } from 'react';

import { briefOf, compareMoments, type ElementRef } from '@/lib/history/compare';
import type { Topology } from '@/lib/topology/types';

import { formatMoment } from './timeline';

const KIND: Record<ElementRef['collection'], string> = {
  engines: 'engine',
  nodes: 'node',
  networks: 'network',
  containers: 'container',
  services: 'service',
  tasks: 'task',
  ingress: 'ingress',
};

const show = (value: unknown) =>
  value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** The ids a comparison touches, for the map to highlight. */
export function comparedIds(before: Topology, after: Topology): string[] {
  const { added, removed, changed } = compareMoments(before, after);
  return [...added, ...removed, ...changed].map((item) => item.id);
}

/** A moment as a `datetime-local` input holds it: local time, to the second. */
function localInput(time: number): string {
  return new Date(time - new Date(time).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

/** "to now" or "to another moment" (a second past moment), chosen in the panel's heading. */
function TargetPicker({
  at,
  to,
  onTo,
}: {
  at: number;
  to: 'now' | number;
  onTo(to: 'now' | number): void;
}) {
  return (
    <>
      <select
        aria-label="Compare to"
        value={to === 'now' ? 'now' : 'moment'}
        onChange={(event) => onTo(event.target.value === 'now' ? 'now' : at)}
        className="rounded-md border border-border bg-bg px-1 py-0.5"
      >
        <option value="now">now</option>
        <option value="moment">another moment</option>
      </select>
      {to !== 'now' && (
        <input
          type="datetime-local"
          step={1}
          aria-label="Second moment"
          value={localInput(to)}
          onChange={(event) => {
            const time = new Date(event.target.value).getTime();
            if (Number.isFinite(time)) onTo(time);
          }}
          className="rounded-md border border-border bg-bg px-1 py-0.5 font-mono"
        />
      )}
    </>
  );
}

/**
 * What changed from a past moment to now (or to a second moment): what appeared, what disappeared, and, for what changed,
 * each field with its value then and now. A click on a name selects it on the map.
 */
export function ComparePanel({
  at,
  to,
  onTo,
  problem,
  before,
  after,
  side,
  onSide,
  onSelect,
  onClose,
}: {
  at: number;
  to: 'now' | number;
  onTo(to: 'now' | number): void;
  /** Which of the two moments the map shows: what was added glows on the second. */
  side: 'from' | 'to';
  onSide(side: 'from' | 'to'): void;
  /** Why the second moment cannot be shown, if it cannot. */
  problem: string | null;
  before: Topology | null;
  after: Topology | null;
  onSelect(id: string): void;
  onClose(): void;
}) {
  const comparison = useMemo(
    () => (before && after ? compareMoments(before, after) : null),
    [before, after],
  );
  const { added, removed, changed } = comparison ?? { added: [], removed: [], changed: [] };
  const name = (item: ElementRef, topology: Topology | null) => (
    <button
      type="button"
      className="font-mono font-semibold hover:underline"
      onClick={() => topology && onSelect(item.id)}
    >
      {item.name}
    </button>
  );
  return (
    <section
      aria-label="Compared moments"
      data-testid="compare-panel"
      className="max-h-56 overflow-auto border-b border-border bg-panel px-4 py-2 text-xs"
    >
      <div className="mb-1 flex items-center gap-3">
        <h2 className="font-semibold">From {formatMoment(at)} to</h2>
        <TargetPicker at={at} to={to} onTo={onTo} />
        <span className="font-semibold" data-testid="compare-summary">
          {problem
            ? `: ${problem}`
            : comparison
              ? `${to === 'now' ? 'to now' : 'to then'}: ${added.length} appeared, ${removed.length} disappeared, ${changed.length} changed`
              : 'Rebuilding…'}
        </span>
        <span
          role="radiogroup"
          aria-label="The map shows"
          className="ml-auto flex items-center gap-1"
        >
          <span className="text-muted">Map shows</span>
          {(['from', 'to'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={side === value}
              onClick={() => onSide(value)}
              className={
                side === value
                  ? 'rounded-md bg-accent px-2 py-0.5 text-on-accent'
                  : 'rounded-md border border-border px-2 py-0.5 hover:bg-border/40'
              }
            >
              {value === 'from' ? 'the first moment' : to === 'now' ? 'now' : 'the second moment'}
            </button>
          ))}
        </span>
        <button
          type="button"
          onClick={onClose}
          className="rounded-md border border-border px-2 py-0.5 hover:bg-border/40"
        >
          Close comparison
        </button>
      </div>
      <ul className="space-y-0.5">
        {added.map((item) => (
          <li
            key={`a-${item.collection}-${item.id}`}
            data-change="added"
            data-kind={KIND[item.collection]}
            data-name={item.name}
          >
            <span className="font-semibold text-ok">+ added</span> {KIND[item.collection]}{' '}
            {name(item, after)} <span className="text-muted">{after && briefOf(after, item)}</span>
          </li>
        ))}
        {removed.map((item) => (
          <li
            key={`r-${item.collection}-${item.id}`}
            data-change="removed"
            data-kind={KIND[item.collection]}
            data-name={item.name}
          >
            <span className="font-semibold text-bad">− removed</span> {KIND[item.collection]}{' '}
            {name(item, before)}{' '}
            <span className="text-muted">{before && briefOf(before, item)}</span>
          </li>
        ))}
        {changed.map((item) => (
          <li
            key={`c-${item.collection}-${item.id}`}
            data-change="changed"
            data-kind={KIND[item.collection]}
            data-name={item.name}
          >
            <span className="font-semibold text-warn">~ changed</span> {KIND[item.collection]}{' '}
            {name(item, after)}
            <ul className="ml-6">
              {item.fields.slice(0, 8).map((field) => (
                <li key={field.path} className="font-mono">
                  {field.path}: <span className="text-muted">{show(field.before)}</span> →{' '}
                  {show(field.after)}
                </li>
              ))}
              {item.fields.length > 8 && (
                <li className="text-muted">and {item.fields.length - 8} more fields</li>
              )}
            </ul>
          </li>
        ))}
        {comparison && added.length + removed.length + changed.length === 0 && (
          <li className="text-muted">Nothing changed between those moments.</li>
        )}
      </ul>
    </section>
  );
}
