'use client';

import { useState } from 'react';

import { cn } from '@/lib/cn';

import { ActionMenu } from './actions/action-menu';
import { MapContextMenu } from './actions/map-context-menu';
import { EngineStatusPanel } from './engines/engine-status-panel';
import { UnreadNodes } from './engines/unread-nodes';
import { EventsDrawer } from './events/events-drawer';
import { useSnapshotDrop } from './history/snapshot-view';
import { MapWorkspace } from './map/map-workspace';
import { updateViewState, useViewState } from './map/use-view-state';
import { useLive } from './realtime/live-store';
import { useSession } from './realtime/use-session';
import { SignOutButton } from './sign-out-button';
import { ThemeToggle } from './theme-toggle';

function LinkBadge({ link, snapshot }: { link: string; snapshot: boolean }) {
  if (snapshot) {
    return (
      <span
        data-testid="server-link"
        data-state={link}
        data-snapshot
        role="status"
        className="text-xs text-warn"
      >
        snapshot · no engine
      </span>
    );
  }
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
  const engines = useLive('engines');
  const link = useLive('link');
  const { at, snapshot } = useViewState();
  const served = useSession()?.snapshot;
  const drop = useSnapshotDrop();
  // NOTE: from a past moment of the map (or a snapshot file), the discovery page shows it too.
  const explainHref =
    snapshot !== undefined
      ? `/explain?snapshot=${snapshot}`
      : at === undefined
        ? '/explain'
        : `/explain?at=${new Date(at).toISOString()}`;
  const none =
    snapshot === undefined &&
    !served &&
    engines !== null &&
    engines.length > 0 &&
    engines.every((e) => !e.reachable);
  const reachable = engines?.filter((engine) => engine.reachable).length ?? 0;
  const [enginesOpen, setEnginesOpen] = useState(false);
  const showEngines = enginesOpen || none;

  return (
    <div className="flex h-screen min-h-[32rem] flex-col" {...drop}>
      <header className="flex items-center justify-between gap-4 border-b border-border bg-panel px-4 py-2">
        <div className="flex items-center gap-3">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/favicon.svg" alt="" className="size-6" />
          <h1 className="text-lg font-semibold tracking-tight">Portolan</h1>
          <span className="hidden text-sm text-muted xl:inline">live map of Docker networks</span>
          <nav aria-label="Pages" className="ml-2 flex items-center gap-3 text-sm">
            <a href="/events" className="text-muted hover:text-text hover:underline">
              Events
            </a>
            <a href={explainHref} className="text-muted hover:text-text hover:underline">
              Discovery &amp; routing
            </a>
            <a href="/audit" className="text-muted hover:text-text hover:underline">
              Audit
            </a>
          </nav>
        </div>
        <div className="flex items-center gap-3">
          <ActionMenu onCreated={(id) => updateViewState({ select: id })} />
          {/* NOTE: a snapshot opened in the tab owes nothing to this server's engines. */}
          <button
            type="button"
            hidden={snapshot !== undefined}
            aria-expanded={showEngines}
            aria-controls="engines-panel"
            onClick={() => setEnginesOpen(!enginesOpen)}
            className={cn(
              'flex items-center gap-2 rounded-md border px-2.5 py-1 text-xs',
              engines !== null && reachable < engines.length
                ? 'border-warn/60 text-warn'
                : 'border-border text-muted hover:bg-border/40',
            )}
          >
            Engines{' '}
            <span className="font-mono">
              {engines === null ? '…' : `${reachable}/${engines.length}`}
            </span>
            <span aria-hidden>{showEngines ? '▴' : '▾'}</span>
          </button>
          <LinkBadge link={link} snapshot={snapshot !== undefined || !!served} />
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <section
        id="engines-panel"
        aria-labelledby="engines-heading"
        hidden={!showEngines || snapshot !== undefined}
        className="max-h-[45vh] overflow-y-auto border-b border-border bg-bg px-4 py-3"
      >
        <h2 id="engines-heading" className="mb-2 text-xs font-semibold text-muted uppercase">
          Engines
        </h2>
        {engines === null ? (
          <p className="text-sm text-muted">Connecting to the Portolan server…</p>
        ) : (
          <EngineStatusPanel engines={engines} />
        )}
        <UnreadNodes />
      </section>
      {none && (
        <div
          role="alert"
          data-testid="no-engine"
          className="border-b border-bad/40 bg-bad/10 px-4 py-3 text-sm"
        >
          <p className="font-semibold">No Docker engine is reachable.</p>
          <p className="mt-1">
            Portolan keeps retrying. Start Docker, or restart Portolan with{' '}
            <code className="font-mono">DOCKER_HOST</code> or{' '}
            <code className="font-mono">PORTOLAN_ENGINES</code> pointing at a running engine. To try
            it with a private three-node lab swarm, run{' '}
            <code className="font-mono">npm run demo</code>.
          </p>
        </div>
      )}
      <main className="flex min-h-0 flex-1 flex-col">
        <MapContextMenu>
          <MapWorkspace />
        </MapContextMenu>
        {/* NOTE: a snapshot opened in the tab has no live events; a served one has its own. */}
        {snapshot === undefined && <EventsDrawer />}
      </main>
    </div>
  );
}
