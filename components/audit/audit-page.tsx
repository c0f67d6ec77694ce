'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';

import { cn } from '@/lib/cn';
import type { AuditAnswer, AuditEntry } from '@/lib/http/audit';

import { PageHeader } from '../page-header';
import { useLive } from '../realtime/live-store';
import { buttonClass } from '../ui/button';
import { TableHead } from '../ui/table';
import { AuditFilters } from './audit-filters';
import {
  ALL_ENTRIES,
  describeTarget,
  matchesEntry,
  pageOf,
  type AuditFilter,
  type TargetView,
} from './audit-view';

function useAuditEntries() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  // NOTE: "how far back" counts from the last read (every 5 s), which keeps rendering pure.
  const [readAt, setReadAt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const response = await fetch('/api/audit');
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as AuditAnswer;
      setEntries([...body.entries].reverse());
      setReadAt(Date.now());
      setError(null);
    } catch (caught) {
      setError(`Could not read the audit log: ${(caught as Error).message}`);
    }
  }, []);
  useEffect(() => {
    const first = setTimeout(() => void load(), 0);
    const timer = setInterval(() => void load(), 5_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [load]);
  return { entries, readAt, error };
}

function Target({ entry, view }: { entry: AuditEntry; view: TargetView | null }) {
  if (view) {
    return (
      <span title={entry.target === '-' ? undefined : entry.target}>
        <span className="font-semibold">{view.name}</span>
        {view.facts && <span className="text-muted"> · {view.facts}</span>}
      </span>
    );
  }
  if (entry.target === '-') return <span className="text-muted">new (name not recorded)</span>;
  return <span title={entry.target}>{entry.target.slice(0, 12)}</span>;
}

function Outcome({ entry }: { entry: AuditEntry }) {
  return (
    <td
      className={cn(
        'py-1 pr-3',
        entry.result === 'ok' ? 'text-ok' : entry.result === 'refused' ? 'text-warn' : 'text-bad',
      )}
      title={entry.error}
    >
      {entry.result} ({entry.status})
      {entry.count && entry.count > 1 && (
        <span
          className="text-muted"
          title={`The same refusal ${entry.count} times from one client${entry.until ? `, until ${new Date(entry.until).toLocaleString()}` : ''}`}
        >
          {' '}
          ×{entry.count}
        </span>
      )}
    </td>
  );
}

/** `/audit`: every change asked of Portolan — who (role), what, on what, and what came of it. */
export function AuditPage() {
  const { entries, readAt: now, error } = useAuditEntries();
  const topology = useLive('topology');
  const events = useLive('events');
  const [filter, setFilter] = useState<AuditFilter>(ALL_ENTRIES);
  const [page, setPage] = useState(0);

  const rows = useMemo(
    () =>
      (entries ?? [])
        .map((entry) => ({ entry, target: describeTarget(entry, topology, events) }))
        .filter(({ entry, target }) => matchesEntry(entry, filter, now, target)),
    [entries, topology, events, filter, now],
  );
  const shown = pageOf(rows, page);
  const roles = useMemo(
    () => [...new Set((entries ?? []).map((entry) => entry.role))].sort(),
    [entries],
  );
  const changeFilter = (next: AuditFilter) => {
    setFilter(next);
    setPage(0);
  };

  return (
    <div className="flex min-h-screen flex-col">
      <PageHeader current="audit" />
      <main className="p-5">
        <p className="mb-3 max-w-4xl text-sm text-muted">
          What the server was asked to change or check live (creations, removals, connections,
          scaling, name resolution and reach checks), by whom, and what came of it, including the
          server’s refusals (repeats from one client collapsed into one row); newest first. A
          request the browser stopped before sending (a form’s own checks) never reached the server
          and is not here. Names and fields come from the live map (or the engine’s events for what
          is gone). Kept in <code className="font-mono">audit.jsonl</code> in the state folder; this
          page shows the most recent the server holds.
        </p>
        <AuditFilters filter={filter} roles={roles} onChange={changeFilter} />
        {error && (
          <p role="alert" className="text-sm text-bad">
            {error}
          </p>
        )}
        {entries === null ? (
          <p className="text-sm text-muted">Loading…</p>
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted">
            {entries.length === 0 ? 'No changes yet.' : 'No entry matches these filters.'}
          </p>
        ) : (
          <>
            <table className="w-full text-left text-sm" data-testid="audit-table">
              <caption className="sr-only">Audit log</caption>
              <TableHead look="log" columns={['Time', 'Role', 'Action', 'Target', 'Result']} />
              <tbody className="font-mono text-xs">
                {shown.items.map(({ entry, target }, index) => (
                  <tr
                    key={`${entry.time}-${shown.first + index}`}
                    className="border-t border-border/60"
                    data-testid="audit-row"
                  >
                    <td className="py-1 pr-3 text-muted">
                      {new Date(entry.time).toLocaleString()}
                    </td>
                    <td className="py-1 pr-3">{entry.role}</td>
                    <td className="py-1 pr-3">
                      {entry.action}
                      {(entry.origin ?? entry.site) && (
                        <span className="text-muted">
                          {' '}
                          from {entry.origin ?? `a ${entry.site} page`}
                        </span>
                      )}
                    </td>
                    <td className="py-1 pr-3" data-testid="audit-target">
                      <Target entry={entry} view={target} />
                    </td>
                    <Outcome entry={entry} />
                  </tr>
                ))}
              </tbody>
            </table>
            <nav aria-label="Audit pages" className="mt-3 flex items-center gap-3 text-xs">
              <button
                type="button"
                className={buttonClass.action}
                disabled={shown.current === 0}
                onClick={() => setPage(shown.current - 1)}
              >
                Newer
              </button>
              <span role="status" data-testid="audit-page">
                {shown.first + 1}–{shown.first + shown.items.length} of {rows.length}
              </span>
              <button
                type="button"
                className={buttonClass.action}
                disabled={shown.current >= shown.pages - 1}
                onClick={() => setPage(shown.current + 1)}
              >
                Older
              </button>
            </nav>
          </>
        )}
      </main>
    </div>
  );
}
