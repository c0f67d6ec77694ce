'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';

import type { ZoomLevel } from '@/lib/view/fold';
import type { GroupBy, ViewGraph } from '@/lib/view/model';
import type { TrafficEdge } from '@/lib/view/traffic';
import { decodeViewState, type MapCamera } from '@/lib/view/url-state';

import { LayoutStore } from './layout-store';
import { MapController } from './map-controller';
import { MapLegend } from './map-legend';
import { readPalette } from './read-palette';
import { installMapTestHooks } from './test-hooks';

export interface NetworkMapProps {
  graph: ViewGraph;
  groupBy: GroupBy;
  selected: string | null;
  changed: ReadonlyMap<string, number>;
  hostNotes: ReadonlyMap<string, string>;
  offline: boolean;
  ingress: boolean;
  /** The Traffic layer's edges (empty while it is off). */
  traffic: readonly TrafficEdge[];
  onSelect: (id: string | null) => void;
  /** Where the user put the view, once it stops moving (null: the map fits itself). */
  onCamera: (camera: MapCamera | null) => void;
  /** Receives the controller (exports, fit, tidy). */
  controllerRef: RefObject<MapController | null>;
  hidden?: boolean;
  /** One line of counts for the corner. */
  counts: string;
}

function describe(graph: ViewGraph): string {
  const count = (kind: string) => graph.nodes.filter((node) => node.kind === kind).length;
  const hosts = graph.groups.filter((group) => group.kind === 'host').length;
  return `Network map: ${hosts} hosts, ${count('network')} networks, ${count('container')} containers, ${count('service')} services, ${count('task')} tasks. Tab and Shift+Tab move through the elements on screen, arrow keys to the nearest one that way, Enter inspects it, Escape lets go; with no element focused arrow keys pan. Plus and minus zoom, 0 fits. The list view has the same elements as a table.`;
}

/** What a screen reader says when the keyboard reaches an element. */
function announce(graph: ViewGraph, id: string | null): string {
  const node = id ? graph.nodes.find((candidate) => candidate.id === id) : undefined;
  if (!node) return '';
  const lines = node.lines.length > 0 ? `: ${node.lines.join(', ')}` : '';
  return `${node.name}, ${node.kind}${lines}. Enter to inspect.`;
}

/** The map canvas with its overlays (legend, zoom controls). Drawing is MapController's job. */
export function NetworkMap({
  graph,
  groupBy,
  selected,
  changed,
  hostNotes,
  offline,
  ingress,
  traffic,
  onSelect,
  onCamera,
  controllerRef,
  hidden,
  counts,
}: NetworkMapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [level, setLevel] = useState<ZoomLevel>('detail');
  const [settled, setSettled] = useState(false);
  const [hovered, setHovered] = useState<string | null>(null);
  const [keyFocus, setKeyFocus] = useState<string | null>(null);
  const onSelectRef = useRef(onSelect);
  const onCameraRef = useRef(onCamera);
  useEffect(() => {
    onSelectRef.current = onSelect;
    onCameraRef.current = onCamera;
  }, [onSelect, onCamera]);

  // One controller for the life of the canvas.
  useEffect(() => {
    const canvas = canvasRef.current;
    const box = boxRef.current;
    if (!canvas || !box) return;
    const controller = new MapController(canvas, readPalette(), { store: new LayoutStore() });
    // A deep link's camera, read from the URL itself (hydration renders without it first).
    const linked = decodeViewState(window.location.search).camera;
    if (linked) controller.lookAt(linked);
    controller.on('select', (id) => onSelectRef.current(id));
    controller.on('camera', (view) => onCameraRef.current(view));
    controller.on('level', setLevel);
    controller.on('settled', setSettled);
    controller.on('hover', setHovered);
    controller.on('keyFocus', setKeyFocus);
    controller.observe(box);
    controllerRef.current = controller;
    const removeTestHooks = installMapTestHooks(controller);
    // The theme is a class on <html> (a choice) or the system's preference.
    const repaint = () => controller.setPalette(readPalette());
    const themeWatch = new MutationObserver(repaint);
    themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', repaint);
    // A reload does not unmount: keep the positions before the page goes.
    const save = () => controller.saveLayout();
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      themeWatch.disconnect();
      media.removeEventListener('change', repaint);
      removeTestHooks();
      controller.destroy();
      controllerRef.current = null;
    };
  }, [controllerRef]);

  useEffect(() => {
    controllerRef.current?.setGraph(graph, groupBy);
  }, [graph, groupBy, controllerRef]);
  useEffect(() => {
    controllerRef.current?.setSelected(selected);
  }, [selected, controllerRef]);
  useEffect(() => {
    controllerRef.current?.setChanged(changed);
  }, [changed, controllerRef]);
  useEffect(() => {
    controllerRef.current?.setHostNotes(hostNotes);
  }, [hostNotes, controllerRef]);
  useEffect(() => {
    controllerRef.current?.setOffline(offline);
  }, [offline, controllerRef]);
  useEffect(() => {
    controllerRef.current?.setIngress(ingress);
  }, [ingress, controllerRef]);
  useEffect(() => {
    controllerRef.current?.setTraffic(traffic);
  }, [traffic, controllerRef]);

  const hoveredNode = hovered ? graph.nodes.find((node) => node.id === hovered) : undefined;
  const empty = graph.nodes.length === 0;

  return (
    <div ref={boxRef} className={hidden ? 'hidden' : 'relative h-full w-full overflow-hidden'}>
      <canvas
        ref={canvasRef}
        data-testid="map-canvas"
        data-settled={settled}
        data-level={level}
        data-nodes={graph.nodes.length}
        data-links={graph.links.length}
        data-key-focus={keyFocus ?? ''}
        role="application"
        aria-roledescription="network map"
        aria-label={describe(graph)}
        tabIndex={0}
        className="block touch-none outline-none focus-visible:ring-2 focus-visible:ring-accent focus-visible:ring-inset"
      />
      <p className="sr-only" aria-live="polite" data-testid="map-announcer">
        {announce(graph, keyFocus)}
      </p>
      {empty && (
        <p className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-muted">
          Nothing matches these filters.
        </p>
      )}
      <div className="pointer-events-none absolute top-2 left-3">
        <MapLegend />
      </div>
      {hoveredNode && (
        <div
          className="pointer-events-none absolute bottom-3 left-16 max-w-md rounded-md border border-border bg-panel/95 px-3 py-1.5 text-xs shadow-sm"
          role="status"
        >
          <span className="font-semibold">{hoveredNode.name}</span>
          <span className="text-muted"> · {hoveredNode.kind}</span>
          {hoveredNode.lines.length > 0 && (
            <span className="block text-muted">{hoveredNode.lines.join(' · ')}</span>
          )}
        </div>
      )}
      <span
        data-testid="counts"
        className="pointer-events-none absolute top-2 right-3 rounded bg-panel/80 px-2 py-0.5 text-[11px] text-muted"
      >
        {counts}
      </span>
      <div className="absolute right-3 bottom-3 flex flex-col items-end gap-2">
        <span
          className="rounded bg-panel/90 px-2 py-0.5 text-[11px] text-muted shadow-sm"
          aria-live="polite"
        >
          {level === 'detail' ? 'detail' : `${level}: zoom in for details`}
          {!settled && ' · arranging…'}
        </span>
        <div className="flex overflow-hidden rounded-md border border-border bg-panel shadow-sm">
          <button
            type="button"
            aria-label="Zoom in"
            className="px-2.5 py-1 text-sm hover:bg-border/40"
            onClick={() => controllerRef.current?.zoomBy(1.4)}
          >
            +
          </button>
          <button
            type="button"
            aria-label="Zoom out"
            className="border-l border-border px-2.5 py-1 text-sm hover:bg-border/40"
            onClick={() => controllerRef.current?.zoomBy(1 / 1.4)}
          >
            −
          </button>
          <button
            type="button"
            aria-label="Fit to screen"
            data-testid="fit"
            className="border-l border-border px-2.5 py-1 text-xs hover:bg-border/40"
            onClick={() => controllerRef.current?.refit()}
          >
            Fit
          </button>
        </div>
      </div>
    </div>
  );
}
