'use client';

import { EngineStatusPanel } from './engines/engine-status-panel';
import { useLiveState } from './realtime/live-store';
import { ThemeToggle } from './theme-toggle';

function LinkBadge({ link }: { link: string }) {
  const label =
    link === 'connected' ? 'live' : link === 'connecting' ? 'connecting…' : 'reconnecting…';
  return (
    <span
      data-testid="server-link"
      data-state={link}
      className="flex items-center gap-1.5 text-xs text-muted"
      role="status"
    >
      <span
        aria-hidden
        className={
          link === 'connected'
            ? 'size-2 rounded-full bg-ok'
            : 'size-2 animate-pulse rounded-full bg-warn'
        }
      />
      {label}
    </span>
  );
}

export function DashboardShell() {
  const { engines, link } = useLiveState();
  const none = engines !== null && engines.length > 0 && engines.every((e) => !e.reachable);

  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center justify-between border-b border-border bg-panel px-5 py-3">
        <div className="flex items-center gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/favicon.svg" alt="" className="size-6" />
          <h1 className="text-lg font-semibold tracking-tight">Portolan</h1>
          <span className="hidden text-sm text-muted sm:inline">live map of Docker networks</span>
        </div>
        <div className="flex items-center gap-4">
          <LinkBadge link={link} />
          <ThemeToggle />
        </div>
      </header>
      <main className="flex-1 space-y-4 p-5">
        {none && (
          <div
            role="alert"
            data-testid="no-engine"
            className="rounded-lg border border-bad/40 bg-bad/10 p-4 text-sm"
          >
            <p className="font-semibold">No Docker engine is reachable.</p>
            <p className="mt-1">
              Portolan keeps retrying. Start Docker, or restart Portolan with{' '}
              <code className="font-mono">DOCKER_HOST</code> or{' '}
              <code className="font-mono">PORTOLAN_ENGINES</code> pointing at a running engine. To
              try it with a private three-node lab swarm, run{' '}
              <code className="font-mono">npm run demo</code>.
            </p>
          </div>
        )}
        <section aria-labelledby="engines-heading">
          <h2 id="engines-heading" className="mb-2 text-sm font-semibold text-muted uppercase">
            Engines
          </h2>
          {engines === null ? (
            <p className="text-sm text-muted">Connecting to the Portolan server…</p>
          ) : (
            <EngineStatusPanel engines={engines} />
          )}
        </section>
      </main>
    </div>
  );
}
