'use client';

import { useCallback, useEffect, useState } from 'react';

import { cn } from '@/lib/cn';
import type { AuditAnswer, AuditEntry } from '@/lib/http/audit';

import { PageHeader } from '../page-header';
import { TableHead } from '../ui/table';

/** `/audit`: every change asked of Portolan — who (role), what, on what, and what came of it. */
export function AuditPage() {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const response = await fetch('/api/audit');
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as AuditAnswer;
      setEntries([...body.entries].reverse());
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

  return (
    <div className="flex min-h-screen flex-col">
      <PageHeader current="audit" />
      <main className="p-5">
        <p className="mb-3 text-sm text-muted">
          Every change and live check asked of Portolan, and the server’s refusals (repeats from one
          client collapsed into one row), newest first. Kept in{' '}
          <code className="font-mono">audit.jsonl</code> in the state folder.
        </p>
        {error && (
          <p role="alert" className="text-sm text-bad">
            {error}
          </p>
        )}
        {entries === null ? (
          <p className="text-sm text-muted">Loading…</p>
        ) : entries.length === 0 ? (
          <p className="text-sm text-muted">No changes yet.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <caption className="sr-only">Audit log</caption>
            <TableHead look="log" columns={['Time', 'Role', 'Action', 'Target', 'Result']} />
            <tbody className="font-mono text-xs">
              {entries.map((entry, index) => (
                <tr key={`${entry.time}-${index}`} className="border-t border-border/60">
                  <td className="py-1 pr-3 text-muted">{new Date(entry.time).toLocaleString()}</td>
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
                  <td className="py-1 pr-3">{entry.target}</td>
                  <td
                    className={cn(
                      'py-1 pr-3',
                      entry.result === 'ok'
                        ? 'text-ok'
                        : entry.result === 'refused'
                          ? 'text-warn'
                          : 'text-bad',
                    )}
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
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}
