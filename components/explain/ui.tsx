'use client';

import type { ReactNode } from 'react';

import { cn } from '@/lib/cn';
import type { Topology, TopologyContainer } from '@/lib/topology/types';

/*
 * Small building blocks of the explain page. Everything shown comes from Docker and is untrusted:
 * it is rendered as text only (React escapes it), never as HTML.
 */

export function Panel({
  title,
  description,
  children,
  actions,
  className,
  labelledBy,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
  labelledBy?: string;
}) {
  const id = labelledBy ?? `panel-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section
      aria-labelledby={id}
      className={cn('rounded-lg border border-border bg-panel shadow-sm', className)}
    >
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-border px-4 py-3">
        <div className="min-w-0">
          <h2 id={id} className="text-sm font-semibold">
            {title}
          </h2>
          {description && <p className="mt-0.5 max-w-3xl text-xs text-muted">{description}</p>}
        </div>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </header>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

export type Tone =
  | 'ok'
  | 'bad'
  | 'warn'
  | 'muted'
  | 'accent'
  | 'network'
  | 'container'
  | 'service'
  | 'task'
  | 'ingress';

const TONE: Record<Tone, string> = {
  ok: 'var(--ok)',
  bad: 'var(--bad)',
  warn: 'var(--warn)',
  muted: 'var(--muted)',
  accent: 'var(--accent)',
  network: 'var(--kind-network)',
  container: 'var(--kind-container)',
  service: 'var(--kind-service)',
  task: 'var(--kind-task)',
  ingress: 'var(--kind-ingress)',
};

export function Badge({
  tone = 'muted',
  children,
  title,
  testId,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span
      title={title}
      data-testid={testId}
      className="inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-[11px] font-medium whitespace-nowrap"
      style={{
        // NOTE: the tone mixed toward the text colour keeps small text at 4.5:1 in both themes (axe).
        color: `color-mix(in srgb, ${TONE[tone]} 65%, var(--text))`,
        borderColor: `color-mix(in srgb, ${TONE[tone]} 45%, transparent)`,
        background: `color-mix(in srgb, ${TONE[tone]} 10%, transparent)`,
      }}
    >
      {children}
    </span>
  );
}

export function Addresses({
  values,
  empty = 'no answer',
}: {
  values: readonly string[];
  empty?: string;
}) {
  if (values.length === 0) return <span className="text-muted italic">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {values.map((value) => (
        <code
          key={value}
          className="rounded bg-bg px-1.5 py-0.5 font-mono text-xs break-all ring-1 ring-border"
        >
          {value}
        </code>
      ))}
    </span>
  );
}

export function Field({
  label,
  htmlFor,
  children,
  hint,
  className,
}: {
  label: string;
  htmlFor: string;
  children: ReactNode;
  hint?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn('flex min-w-0 flex-col gap-1', className)}>
      <label htmlFor={htmlFor} className="text-xs font-medium text-muted">
        {label}
      </label>
      {children}
      {hint && <span className="text-[11px] text-muted">{hint}</span>}
    </div>
  );
}

/** A definition list of facts: term on the left, value on the right. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[minmax(7rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-muted">{term}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-muted">{children}</p>;
}

export function nodeName(topology: Topology, nodeId: string | null): string {
  if (!nodeId) return '?';
  return topology.nodes[nodeId]?.name ?? nodeId.slice(0, 12);
}

/** Containers for pickers: plain ones first, then swarm tasks, by name. */
export function sortedContainers(topology: Topology): TopologyContainer[] {
  return Object.values(topology.containers).sort(
    (a, b) => Number(!!a.task) - Number(!!b.task) || a.name.localeCompare(b.name),
  );
}

export function containerLabel(topology: Topology, container: TopologyContainer): string {
  const state = container.state === 'running' ? '' : ` (${container.state})`;
  return `${container.name} · ${nodeName(topology, container.node)}${state}`;
}

/** Error text from one of our API answers (`{error, fields}`), or the status. */
export async function apiError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: string; fields?: Record<string, string> };
    const fields = body.fields ? Object.values(body.fields).join(' ') : '';
    return [body.error, fields].filter(Boolean).join(' ') || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
