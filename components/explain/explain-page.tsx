'use client';

import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';

import { cn } from '@/lib/cn';

import { PastMark } from '../history/past-mark';
import { useOpenedSnapshot } from '../history/snapshot-store';
import { SnapshotBanner } from '../history/snapshot-view';
import { usePastTopology, type PastState } from '../history/use-past';
import { useLive } from '../realtime/live-store';
import { useSession } from '../realtime/use-session';
import { PageHeader } from '../page-header';
import { DnsView } from './dns-view';
import { IngressView } from './ingress-view';
import { ReachTool } from './reach-tool';
import { ResolveTool } from './resolve-tool';
import { ResolverView } from './resolver-view';
import { Empty } from './ui';
import { PastMomentContext } from './verify-off';

const TABS = [
  { id: 'names', label: 'Names (DNS)' },
  { id: 'resolve', label: 'Resolve' },
  { id: 'reach', label: 'Can A reach B?' },
  { id: 'resolvers', label: 'Resolvers & egress' },
  { id: 'ingress', label: 'Ingress & routing' },
] as const;

type TabId = (typeof TABS)[number]['id'];

const isTab = (value: string): value is TabId => TABS.some((tab) => tab.id === value);

/** The session's rights, for live checks (they run a command in a container: operators only). */
function useCanVerify(): boolean {
  const [canVerify, setCanVerify] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/session', { signal: controller.signal })
      .then((response) =>
        response.ok ? (response.json() as Promise<{ canMutate?: boolean }>) : null,
      )
      .then((session) => setCanVerify(!!session?.canMutate))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return canVerify;
}

const noSubscription = () => () => undefined;

/** One parameter of the page's URL; null without it. */
function useUrlParam(name: string): string | null {
  return useSyncExternalStore(
    noSubscription,
    () => new URLSearchParams(window.location.search).get(name),
    () => null,
  );
}

/** `?at=<ISO time>` of the page's URL, as the map reads it; undefined on the live page. */
function useMomentFromUrl(): number | undefined {
  const value = useUrlParam('at');
  const time = value ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? time : undefined;
}

/** The mark of the past over the discovery views, and the ways back to live and to the map. */
function PastNotice({ past }: { past: Exclude<PastState, { status: 'live' }> }) {
  const iso = new Date(past.at).toISOString();
  return (
    <PastMark
      past={past}
      shows="Names, reach and ingress as they were at"
      consequence="Live checks are off."
    >
      <a href={`/?at=${encodeURIComponent(iso)}`} className="hover:underline">
        The map at that moment
      </a>
      <a
        href={`/explain${window.location.hash}`}
        className="rounded-md bg-accent px-2.5 py-0.5 font-semibold text-on-accent hover:opacity-90"
      >
        Back to live
      </a>
    </PastMark>
  );
}

/**
 * `/explain`: Docker's service discovery and ingress as facts about the user's own system: names
 * per network, a resolver that predicts and verifies, "can A reach B?", each container's resolver
 * and way out, and every published port's path.
 */
export function ExplainPage() {
  // NOTE: a snapshot file opened in this tab (`?snapshot=<id>`) or served (`--snapshot FILE`)
  // is shown like a past moment: its own topology, no live check.
  const snapshotId = useUrlParam('snapshot') ?? undefined;
  const opened = useOpenedSnapshot(snapshotId);
  const served = useSession()?.snapshot ?? null;
  const label = snapshotId !== undefined ? (opened?.label ?? null) : served;
  const moment = useMomentFromUrl();
  const at = snapshotId !== undefined ? undefined : moment;
  const past = usePastTopology(at);
  const liveTopology = useLive('topology');
  const topology =
    snapshotId !== undefined
      ? (opened?.snapshot.topology ?? null)
      : past.status === 'live'
        ? liveTopology
        : past.status === 'error'
          ? null
          : past.topology;
  const link = useLive('link');
  const frozenAt = label ? Date.parse(label.at) : (at ?? null);
  // NOTE: a live check runs in the containers of now: never on a past moment or a snapshot.
  const canVerify = useCanVerify() && past.status === 'live' && !label && snapshotId === undefined;
  const [tab, setTab] = useState<TabId>('names');
  const [presetName, setPresetName] = useState<string | null>(null);
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());

  useEffect(() => {
    const fromHash = () => {
      const hash = window.location.hash.slice(1);
      if (isTab(hash)) setTab(hash);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);

  function select(next: TabId, focus = false) {
    setTab(next);
    window.history.replaceState(null, '', `#${next}`);
    if (focus) tabRefs.current.get(next)?.focus();
  }

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = TABS.findIndex((entry) => entry.id === tab);
    const move: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    if (event.key in move) {
      event.preventDefault();
      select(TABS[(index + move[event.key]! + TABS.length) % TABS.length]!.id, true);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      select(TABS[event.key === 'Home' ? 0 : TABS.length - 1]!.id, true);
    }
  }

  return (
    <div className="flex min-h-screen flex-col">
      <PageHeader
        current="Discovery & routing"
        status={
          past.status === 'live' &&
          link !== 'connected' && (
            <span className="rounded-full border border-border px-2 py-0.5 text-xs text-warn">
              {link === 'connecting' ? 'connecting…' : 'disconnected: showing the last state'}
            </span>
          )
        }
      />
      {label && (
        <SnapshotBanner label={label}>
          <a href={snapshotId ? `/?snapshot=${snapshotId}` : '/'} className="hover:underline">
            The map of the snapshot
          </a>
        </SnapshotBanner>
      )}
      {past.status !== 'live' && <PastNotice past={past} />}
      <PastMomentContext.Provider value={frozenAt}>
        <main
          className={cn('flex flex-1 flex-col', frozenAt !== null && 'past-moment')}
          data-past={at !== undefined}
        >
          <div
            role="tablist"
            aria-label="Discovery and ingress views"
            className="flex flex-wrap gap-1 border-b border-border bg-panel px-4"
          >
            {TABS.map((entry) => (
              <button
                key={entry.id}
                ref={(element) => {
                  if (element) tabRefs.current.set(entry.id, element);
                }}
                type="button"
                role="tab"
                id={`tab-${entry.id}`}
                aria-selected={tab === entry.id}
                aria-controls={`panel-${entry.id}`}
                tabIndex={tab === entry.id ? 0 : -1}
                onKeyDown={onTabKey}
                onClick={() => select(entry.id)}
                className={cn(
                  '-mb-px border-b-2 px-3 py-2 text-sm transition-colors',
                  tab === entry.id
                    ? 'border-accent font-medium text-text'
                    : 'border-transparent text-muted hover:text-text',
                )}
              >
                {entry.label}
              </button>
            ))}
          </div>
          <div
            role="tabpanel"
            id={`panel-${tab}`}
            aria-labelledby={`tab-${tab}`}
            tabIndex={0}
            className="flex-1 p-4 focus-visible:outline-offset-[-2px]"
          >
            {!topology ? (
              <Empty>
                {snapshotId !== undefined
                  ? 'This tab does not hold that snapshot: open it from the map.'
                  : past.status === 'live'
                    ? 'Waiting for the live topology…'
                    : past.status === 'error'
                      ? 'Nothing to show at that moment.'
                      : 'Rebuilding that moment…'}
              </Empty>
            ) : tab === 'names' ? (
              <DnsView
                topology={topology}
                onResolve={(name) => {
                  setPresetName(name);
                  select('resolve');
                }}
              />
            ) : tab === 'resolve' ? (
              <ResolveTool
                key={presetName ?? ''}
                topology={topology}
                initialName={presetName ?? 'frontend'}
                canVerify={canVerify}
              />
            ) : tab === 'reach' ? (
              <ReachTool topology={topology} canVerify={canVerify} />
            ) : tab === 'resolvers' ? (
              <ResolverView topology={topology} canVerify={canVerify} />
            ) : (
              <IngressView topology={topology} />
            )}
          </div>
        </main>
      </PastMomentContext.Provider>
    </div>
  );
}
