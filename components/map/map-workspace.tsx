'use client';

import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';

import type { EngineHealth } from '@/lib/engines/health';
import { cn } from '@/lib/cn';
import { exportJson } from '@/lib/view/export';
import { countsText } from '@/lib/view/counts';
import { describeElement } from '@/lib/view/inspect';
import type { ViewGraph } from '@/lib/view/model';
import { talksToQuery } from '@/lib/view/presets';
import { groupRows } from '@/lib/view/row-groups';
import { trafficEdges, trafficNotice, trafficSections } from '@/lib/view/traffic';
import { toRows } from '@/lib/view/rows';
import { searchGraph } from '@/lib/view/search';
import { taskPollingNotice } from '@/lib/view/task-polling';
import type { Topology } from '@/lib/topology/types';
import type { MapCamera } from '@/lib/view/url-state';

import { ComparePanel, comparedIds } from '../history/compare-panel';
import { DeployPicker } from '../history/deploy-picker';
import { PastBanner } from '../history/past-banner';
import { useOpenedSnapshot } from '../history/snapshot-store';
import {
  SnapshotActions,
  SnapshotBanner,
  SnapshotOpenButton,
  SnapshotOpenPanel,
  SnapshotProblem,
} from '../history/snapshot-view';
import { Timeline } from '../history/timeline';
import { usePastTopology } from '../history/use-past';
import { InspectorPanel } from '../inspector/inspector-panel';
import { MissingSelection } from '../inspector/missing-selection';
import { ListView } from '../list/list-view';
import { useLive } from '../realtime/live-store';
import { useSession } from '../realtime/use-session';
import { useTraffic } from '../realtime/use-traffic';
import { MapToolbar, type ExportFormat } from '../toolbar/map-toolbar';
import type { MapController } from './map-controller';
import { NetworkMap } from './network-map';
import { updateViewState, useViewState } from './use-view-state';

const EMPTY_GRAPH: ViewGraph = { nodes: [], links: [], groups: [] };
const NOTHING_CHANGED: ReadonlyMap<string, number> = new Map();

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function stamp() {
  return new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/** What to say in a stale host's header: the engine is reconnecting (attempt n) or resyncing. */
function hostNotes(
  graph: ViewGraph,
  topology: Topology | null,
  engines: EngineHealth[] | null,
): Map<string, string> {
  const notes = new Map<string, string>();
  for (const group of graph.groups) {
    if (group.kind !== 'host' || !group.stale) continue;
    const health = engines?.find((engine) => engine.name === group.engine);
    const engine = group.engine ? topology?.engines[group.engine] : undefined;
    if (health?.retry) {
      notes.set(group.id, `⟳ reconnecting · attempt ${health.retry.attempt} · stale`);
    } else if (engine && !engine.reachable) {
      notes.set(group.id, '⟳ reconnecting · stale');
    } else {
      notes.set(group.id, '⟳ resyncing · stale');
    }
  }
  return notes;
}

/**
 * What a comparison touches, glowing on the map: the glow fades in a few seconds, so it is renewed
 * while the comparison is open.
 */
function useComparedHighlight(
  compared: { before: Topology; after: Topology } | null,
): ReadonlyMap<string, number> {
  const ids = useMemo(
    () => (compared ? comparedIds(compared.before, compared.after) : []),
    [compared],
  );
  const [highlight, setHighlight] = useState<ReadonlyMap<string, number>>(NOTHING_CHANGED);
  useEffect(() => {
    if (ids.length === 0) return;
    const renew = () => setHighlight(new Map(ids.map((id) => [id, Date.now()])));
    const first = setTimeout(renew, 0);
    const timer = setInterval(renew, 2_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      setTimeout(() => setHighlight(NOTHING_CHANGED), 0);
    };
  }, [ids]);
  return ids.length === 0 ? NOTHING_CHANGED : highlight;
}

/**
 * The product's main view: toolbar, map or list, and the inspector, on the live topology or, with
 * `?at=`, on a past moment (marked as such, with changes turned off), and the timeline under them.
 * A snapshot file (opened in this tab, `?snapshot=<id>`, or served by `--snapshot FILE`) is shown
 * the same way, read-only, under a banner naming it, with no timeline.
 */
export function MapWorkspace() {
  const view = useViewState();
  const fromFile = view.snapshot !== undefined;
  const opened = useOpenedSnapshot(view.snapshot);
  const served = useSession()?.snapshot ?? null;
  const snapshotLabel = fromFile ? (opened?.label ?? null) : served;
  const frozen = fromFile || served !== null;
  const past = usePastTopology(fromFile ? undefined : view.at);
  const liveTopology = useLive('topology');
  const liveChanged = useLive('changed');
  const engines = useLive('engines');
  const link = useLive('link');
  const inPast = view.at !== undefined && !fromFile;
  // NOTE: the shown moment is compared with now, or with a second moment (both in the past); the
  // map shows the first moment, or the second (`side`), where what appeared glows.
  const [compareTo, setCompareTo] = useState<'now' | number | null>(null);
  const [side, setSide] = useState<'from' | 'to'>('from');
  const second = usePastTopology(typeof compareTo === 'number' ? compareTo : undefined);
  const pastTopology = past.status === 'ok' ? past.topology : null;
  const secondTopology =
    compareTo === 'now' ? liveTopology : second.status === 'ok' ? second.topology : null;
  const topology = fromFile
    ? (opened?.snapshot.topology ?? null)
    : past.status === 'live'
      ? liveTopology
      : past.status === 'error'
        ? null
        : compareTo !== null && side === 'to' && secondTopology
          ? secondTopology
          : past.topology;
  const compared = useMemo(
    () =>
      compareTo !== null && pastTopology && secondTopology
        ? { before: pastTopology, after: secondTopology }
        : null,
    [compareTo, pastTopology, secondTopology],
  );
  const highlight = useComparedHighlight(compared);
  const changed = inPast ? highlight : fromFile ? NOTHING_CHANGED : liveChanged;
  const onAt = useCallback((at: number | undefined) => {
    if (at === undefined) setCompareTo(null);
    updateViewState({ at });
  }, []);
  const query = useDeferredValue(view.query);
  const controllerRef = useRef<MapController | null>(null);
  const [selectedFromList, setSelectedFromList] = useState(false);

  const graph = useMemo(
    () => (topology ? searchGraph(topology, { query, layers: view.layers }) : EMPTY_GRAPH),
    [topology, query, view.layers],
  );
  const sections = useMemo(
    () =>
      topology && view.view === 'list' ? groupRows(toRows(graph, topology), graph, view.group) : [],
    [graph, topology, view.view, view.group],
  );
  // NOTE: traffic is live only: a past moment of the map shows none.
  const traffic = useTraffic(view.layers.traffic && !inPast && !frozen);
  const edges = useMemo(() => trafficEdges(traffic, graph), [traffic, graph]);
  const described = useMemo(
    () => (topology && view.select ? describeElement(topology, graph, view.select) : null),
    [topology, graph, view.select],
  );
  const model = useMemo(() => {
    if (!described || !traffic) return described;
    const node = graph.nodes.find((candidate) => candidate.id === described.id);
    const refs = [described.id, ...(node?.refs ?? [])];
    return {
      ...described,
      sections: [...described.sections, ...trafficSections(traffic, refs, graph)],
    };
  }, [described, traffic, graph]);
  const notice = view.layers.traffic && !inPast && !frozen ? trafficNotice(traffic) : null;
  const nodes = liveTopology?.nodes;
  const polling = useMemo(
    () => (inPast || frozen || !nodes ? null : taskPollingNotice({ nodes })),
    [inPast, frozen, nodes],
  );
  const notes = useMemo(() => hostNotes(graph, topology, engines), [graph, topology, engines]);
  const talksTo = useMemo(() => {
    const talks = talksToQuery(graph, view.select);
    const name = graph.nodes.find((node) => node.id === view.select)?.name;
    return talks && name ? { name, query: talks } : null;
  }, [graph, view.select]);

  const select = useCallback((id: string | null) => {
    setSelectedFromList(false);
    updateViewState({ select: id });
  }, []);
  const selectFromList = useCallback((id: string) => {
    setSelectedFromList(true);
    updateViewState({ select: id });
    controllerRef.current?.reveal(id);
  }, []);
  const onQuery = useCallback((q: string) => updateViewState({ query: q }), []);
  const onCamera = useCallback(
    (camera: MapCamera | null) => updateViewState({ camera: camera ?? undefined }),
    [],
  );
  const onTidy = useCallback(() => controllerRef.current?.tidy(), []);

  const onExport = useCallback(
    async (format: ExportFormat) => {
      const controller = controllerRef.current;
      if (!controller) return;
      if (format === 'json') {
        const data = exportJson(
          graph,
          controller.positions(),
          controller.layout.regions,
          view,
          topology?.version ?? 0,
          new Date(),
          traffic,
        );
        download(
          new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
          `portolan-map-${stamp()}.json`,
        );
      } else if (format === 'svg') {
        download(
          new Blob([controller.toSvg()], { type: 'image/svg+xml' }),
          `portolan-map-${stamp()}.svg`,
        );
      } else {
        download(await controller.toPng(), `portolan-map-${stamp()}.png`);
      }
    },
    [graph, view, topology, traffic],
  );

  const offline = !inPast && !fromFile && link !== 'connected' && topology !== null;
  const missing = topology !== null && view.select !== null && model === null;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <MapToolbar
        query={view.query}
        onQuery={onQuery}
        layers={view.layers}
        onLayers={(layers) => updateViewState({ layers })}
        group={view.group}
        onGroup={(group) => updateViewState({ group })}
        view={view.view}
        onView={(next) => updateViewState({ view: next })}
        onExport={onExport}
        onTidy={onTidy}
        talksTo={talksTo}
      />
      {offline && (
        <div
          role="status"
          data-testid="map-offline"
          className="border-b border-warn/40 bg-warn/10 px-4 py-1.5 text-xs"
        >
          <span className="font-semibold text-warn">⟳ Reconnecting to the Portolan server…</span>{' '}
          showing the last known map; it may be out of date.
        </div>
      )}
      {polling && (
        <div
          role="status"
          data-testid="polling-notice"
          className="border-b border-border bg-panel px-4 py-1.5 text-xs text-muted"
        >
          {polling}
        </div>
      )}
      {notice && (
        <div
          role="status"
          data-testid="traffic-notice"
          className="border-b border-border bg-panel px-4 py-1.5 text-xs text-muted"
        >
          {notice}
        </div>
      )}
      <SnapshotProblem />
      {snapshotLabel && (
        <SnapshotBanner label={snapshotLabel}>{fromFile && <SnapshotActions />}</SnapshotBanner>
      )}
      {inPast && (
        <PastBanner
          past={past}
          onLive={() => onAt(undefined)}
          comparing={compareTo !== null}
          onCompare={(on) => setCompareTo(on ? 'now' : null)}
        />
      )}
      {compareTo !== null && past.status === 'ok' && (
        <ComparePanel
          at={past.at}
          to={compareTo}
          onTo={setCompareTo}
          side={side}
          onSide={setSide}
          problem={second.status === 'error' ? second.message : null}
          before={compared?.before ?? null}
          after={compared?.after ?? null}
          onSelect={selectFromList}
          onClose={() => setCompareTo(null)}
        />
      )}
      <div
        className={cn('flex min-h-0 flex-1', (inPast || frozen) && 'past-moment')}
        data-past={inPast}
        data-snapshot={frozen}
      >
        <div className="relative min-w-0 flex-1">
          {fromFile && !opened && <SnapshotOpenPanel missing={view.snapshot !== ''} />}
          {topology === null && !fromFile && past.status !== 'error' && (
            <p className="absolute inset-0 flex items-center justify-center text-sm text-muted">
              {inPast ? 'Rebuilding the map at that moment…' : 'Waiting for the first topology…'}
            </p>
          )}
          <NetworkMap
            graph={graph}
            groupBy={view.group}
            selected={view.select}
            changed={changed}
            hostNotes={notes}
            offline={offline}
            ingress={view.layers.ingress}
            traffic={edges}
            onSelect={select}
            onCamera={onCamera}
            controllerRef={controllerRef}
            hidden={view.view !== 'map'}
            counts={countsText(graph)}
          />
          {view.view === 'list' && (
            <ListView sections={sections} selected={view.select} onSelect={selectFromList} />
          )}
        </div>
        {model && (
          <InspectorPanel
            model={model}
            onClose={() => select(null)}
            onSelect={selectFromList}
            focusOnOpen={selectedFromList}
          />
        )}
        {missing && view.select !== null && (
          <MissingSelection id={view.select} onClear={() => select(null)} />
        )}
      </div>
      {!frozen && (
        <Timeline
          at={view.at}
          onAt={onAt}
          extra={
            <>
              <DeployPicker
                topology={liveTopology}
                onDeploy={(before) => {
                  updateViewState({ at: before });
                  setCompareTo('now');
                }}
              />
              <SnapshotOpenButton />
            </>
          }
        />
      )}
    </div>
  );
}
