'use client';

import type { EngineHealth } from '@/lib/engines/health';

import { cn } from '@/lib/cn';

function swarmLine(engine: EngineHealth): string {
  const swarm = engine.swarm;
  if (!swarm || swarm.state === 'inactive') return 'standalone (swarm mode off)';
  if (swarm.state !== 'active') return `swarm ${swarm.state}`;
  if (!swarm.isManager) return 'swarm worker';
  return `swarm manager · ${swarm.nodesReady ?? '?'}/${swarm.nodes ?? '?'} nodes ready · ${swarm.managers ?? '?'} manager${swarm.managers === 1 ? '' : 's'}`;
}

/** One card per configured engine: reachable or not, version, swarm role, and what to do if down. */
export function EngineStatusPanel({ engines }: { engines: EngineHealth[] }) {
  return (
    <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Docker engines">
      {engines.map((engine) => (
        <li
          key={engine.name}
          data-testid="engine-status"
          data-engine={engine.name}
          data-reachable={engine.reachable}
          className="rounded-lg border border-border bg-panel p-4 shadow-sm"
        >
          <div className="flex items-center justify-between gap-2">
            <h3 className="font-mono text-sm font-semibold">{engine.name}</h3>
            <span
              className={cn(
                'rounded-full px-2 py-0.5 text-xs font-medium',
                engine.reachable ? 'bg-ok/15 text-ok' : 'bg-bad/15 text-bad',
              )}
            >
              {engine.reachable ? 'reachable' : 'unreachable'}
            </span>
          </div>
          <p className="mt-1 truncate font-mono text-xs text-muted" title={engine.address}>
            {engine.address}
          </p>
          {engine.reachable ? (
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-muted">host</dt>
              <dd className="font-mono">{engine.hostname}</dd>
              <dt className="text-muted">engine</dt>
              <dd className="font-mono">
                {engine.version} (API {engine.apiVersion})
              </dd>
              <dt className="text-muted">swarm</dt>
              <dd data-testid="engine-swarm">{swarmLine(engine)}</dd>
            </dl>
          ) : (
            <div className="mt-3 text-sm" role="status">
              <p>{engine.error}</p>
              {engine.retry && (
                <p className="mt-1 text-muted">
                  Retrying (attempt {engine.retry.attempt}, next in{' '}
                  {Math.max(1, Math.round(engine.retry.nextInMs / 1000))} s)…
                </p>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
