import type { Topology } from '@/lib/topology/types';
import type { ViewGraph } from '@/lib/view/model';
import type { LabelBox } from '@/lib/view/label-placement';
import type { Point, RouteRegion } from '@/lib/view/routes';

import type { FrameStats } from './frame-loop';
import type { MapController } from './map-controller';

/** A link between two regions as drawn: its ends, their regions and its route if routed. */
export interface DrawnLinkProbe {
  source: string;
  target: string;
  sourceRegion: string | null;
  targetRegion: string | null;
  /** The polyline it was drawn along (layout units); null: drawn straight or bent. */
  route: Point[] | null;
}

/**
 * NOTE: test-only. The one way end-to-end tests reach into the map. The flag is the object itself:
 * a test creates an empty `window.__portolanTestHooks` before the page's scripts run (an init
 * script, e2e/support/map.ts) and the map registers its probes there. A user's page never has
 * it, so nothing is installed and nothing is exposed.
 */
export interface PortolanTestHooks {
  map?: {
    /** Where an element is drawn, in CSS pixels from the canvas's top-left (null: not drawn). */
    screenPosition(id: string): { x: number; y: number } | null;
    /** Every element's place in the layout (layout units, not screen pixels), by id. */
    layoutPositions(): Record<string, { x: number; y: number }>;
    /** Nothing moves or animates: the canvas holds a still picture. */
    idle(): boolean;
    /** The labels the last frame drew (screen space of the picture it drew). */
    labelBoxes(): LabelBox[];
    /** The regions, in layout units; `group`: the host, band or stack box a region draws. */
    regions(): (RouteRegion & { group: string | null })[];
    /** Every drawn link whose two ends are in different regions, with its route. */
    crossRegionLinks(): DrawnLinkProbe[];
    /** The drawn elements that glow now (a change just streamed, or what a comparison touches). */
    glowing(): string[];
    /** The Traffic layer's edges drawn now (both ends on the map). */
    traffic(): { from: string; to: string; label: string; alpha: number; active: boolean }[];
    /**
     * Calls `listener` after every frame the canvas draws, with the frame's time (epoch ms) and
     * the graph it drew (the benchmark's paint probe); returns how to stop.
     */
    frames(listener: (at: number, graph: ViewGraph | null) => void): () => void;
    /** The last frame's numbers, the zoom and its level (benchmarks). */
    frame(): FrameStats & { scale: number; level: string };
    /** Draws the next frame from scratch, without the cached picture (benchmarks). */
    redraw(): void;
    /** Centres the layout at zoom `k`, or fits the map when `k` is null (benchmarks). */
    zoomTo(k: number | null): void;
  };
  /** The page's live store (components/realtime/live-store.ts). */
  live?: {
    /** The topology the page holds now. */
    topology(): Topology | null;
    /** How many times the page asked for the whole picture after a missed patch. */
    resyncs(): number;
  };
}

declare global {
  interface Window {
    __portolanTestHooks?: PortolanTestHooks;
  }
}

/** Registers the map's probes when a test asked for them; returns how to take them away. */
export function installMapTestHooks(controller: MapController): () => void {
  const hooks = window.__portolanTestHooks;
  if (!hooks) return () => undefined;
  const probes: NonNullable<PortolanTestHooks['map']> = {
    screenPosition(id) {
      const node = controller.drawn().nodes.find((candidate) => candidate.id === id);
      if (!node) return null;
      const { transform } = controller.camera;
      return { x: transform.applyX(node.x), y: transform.applyY(node.y) };
    },
    layoutPositions() {
      return Object.fromEntries(
        [...controller.positions()].map(([id, { x, y }]) => [id, { x, y }]),
      );
    },
    idle() {
      return controller.isIdle;
    },
    labelBoxes() {
      return controller.lastRecord.labels.map((label) => ({ ...label, box: { ...label.box } }));
    },
    regions() {
      return controller.regions.map(({ id, kind, rect, group }) => ({
        id,
        kind,
        rect: { ...rect },
        group: group?.id ?? null,
      }));
    },
    crossRegionLinks() {
      const routes = new Map(
        controller.lastRecord.routes.map((route) => [`${route.source}>${route.target}`, route]),
      );
      return controller.drawn().links.flatMap((link) => {
        const sourceRegion = controller.regionOf(link.source);
        const targetRegion = controller.regionOf(link.target);
        if (sourceRegion === targetRegion) return [];
        const route = routes.get(`${link.source.id}>${link.target.id}`);
        return [
          {
            source: link.source.id,
            target: link.target.id,
            sourceRegion,
            targetRegion,
            route: route ? route.points.map(({ x, y }) => ({ x, y })) : null,
          },
        ];
      });
    },
    glowing() {
      return controller.glowing();
    },
    traffic() {
      return controller.drawnTraffic().map(({ from, to, label, alpha, active }) => ({
        from,
        to,
        label,
        alpha,
        active,
      }));
    },
    frames(listener) {
      return controller.onFrame((at) => listener(at, controller.graph));
    },
    frame() {
      return { ...controller.stats, scale: controller.scale, level: controller.zoomLevel };
    },
    redraw() {
      controller.redraw();
    },
    zoomTo(k) {
      if (k === null) controller.refit();
      else controller.centreAt(k);
    },
  };
  hooks.map = probes;
  return () => {
    if (hooks.map === probes) delete hooks.map;
  };
}
