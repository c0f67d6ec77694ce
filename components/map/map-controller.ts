import { zoomLevel, type ZoomLevel } from '@/lib/view/fold';
import { ForceLayout } from '@/lib/view/layout';
import type { GroupBy, ViewGraph } from '@/lib/view/model';
import type { Palette } from '@/lib/view/palette';

import { Camera } from './camera';
import { mapToPng, mapToSvg } from './export';
import { FrameCache } from './frame-cache';
import { FrameLoop, type FrameStats } from './frame-loop';
import { MapInput } from './input';
import { MapScene, type DrawData } from './scene';
import { CanvasViewport } from './viewport';

/** Remake the regions when the canvas's shape is this much wider or taller than they were made for. */
const RELAYOUT_ASPECT_RATIO = 1.35;

export interface MapControllerEvents {
  /** A node or host region was clicked (null: the background). */
  select: (id: string | null) => void;
  hover: (id: string | null) => void;
  /** Semantic zoom level changed. */
  level: (level: ZoomLevel) => void;
  /** Layout settled (or started moving again). */
  settled: (settled: boolean) => void;
}

/**
 * The map's engine, outside React. It composes the parts, each with one job: the canvas's size
 * (viewport.ts), where the map is looked at from (camera.ts: d3-zoom, fit), what is shown
 * (scene.ts: graph, folds, ghosts, focus, glow), the d3-force layout kept across graph updates
 * (lib/view/layout.ts), drawing frames only while something moves (frame-loop.ts) from a cached
 * picture when it can (frame-cache.ts), the user's input (input.ts) and the exports (export.ts).
 * React hands it data (`setGraph`, `setSelected`…) and listens to its events.
 */
export class MapController {
  readonly layout: ForceLayout;
  /** Pan, zoom and fit. */
  readonly camera: Camera;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly viewport: CanvasViewport;
  private readonly scene: MapScene;
  private readonly cache: FrameCache;
  private readonly frames: FrameLoop;
  private readonly input: MapInput;
  private listeners: Partial<MapControllerEvents> = {};
  /** A graph that arrived while the canvas had no size (hidden behind the list view). */
  private pending: { graph: ViewGraph; groupBy: GroupBy } | null = null;
  /** The aspect ratio the regions were laid out for. */
  private layoutAspect = 2;

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2d is not available');
    this.ctx = ctx;
    this.layout = new ForceLayout({ now: () => performance.now() });
    this.viewport = new CanvasViewport(canvas);
    this.scene = new MapScene(this.layout, palette);
    this.camera = new Camera(canvas, this.viewport, () => this.layout.bounds(), {
      zoomStarted: () => this.cache.takeSnapshot(this.frames.stats),
      zoomEnded: () => this.frames.request(),
      moved: () => {
        this.updateLevel();
        this.frames.request();
      },
    });
    this.cache = new FrameCache(canvas, ctx, this.viewport, () => this.camera.zooming);
    this.frames = new FrameLoop({
      layout: this.layout,
      cache: this.cache,
      renderInput: (now) => this.scene.renderInput(now, this.viewport, this.camera.transform),
      dragging: () => this.input.dragging,
      settledChanged: (settled) => {
        this.listeners.settled?.(settled);
        if (settled && !this.camera.userMoved) this.camera.fit(true);
      },
    });
    const parts = { layout: this.layout, camera: this.camera, scene: this.scene };
    this.input = new MapInput(canvas, parts, {
      select: (id) => this.listeners.select?.(id),
      hover: (id) => this.listeners.hover?.(id),
      requestFrame: () => this.frames.request(),
      redraw: () => this.invalidate(),
    });
    // NOTE: after the node drag (MapInput), which must see a gesture before zoom does.
    this.camera.attach();
  }

  on<E extends keyof MapControllerEvents>(event: E, listener: MapControllerEvents[E]) {
    this.listeners[event] = listener as never;
  }

  /** Watches the canvas's parent and keeps the canvas at its size. */
  observe(container: HTMLElement) {
    this.viewport.observe(container, (width, height) => this.resize(width, height));
  }

  resize(width: number, height: number) {
    if (!this.viewport.resize(width, height)) return;
    if (this.pending) {
      // The map was hidden (list view) when the graph came: lay it out for the real size now.
      const { graph, groupBy } = this.pending;
      this.pending = null;
      this.setGraph(graph, groupBy);
      return;
    }
    const aspect = this.viewport.aspect;
    const graph = this.scene.graph;
    if (graph && Math.abs(Math.log(aspect / this.layoutAspect)) > Math.log(RELAYOUT_ASPECT_RATIO)) {
      // Much wider or taller than what the regions were made for: remake them.
      this.layoutAspect = aspect;
      this.layout.update(graph, this.layout.groupBy, aspect);
      this.scene.refold();
    }
    if (!this.camera.userMoved) this.camera.fit(false);
    this.invalidate();
  }

  destroy() {
    this.frames.stop();
    this.camera.destroy();
    this.viewport.disconnect();
    this.layout.simulation.stop();
    this.input.destroy();
  }

  // --- data in ---

  /** Merges a new graph: positions kept by id, new nodes fade in, removed ones fade out. */
  setGraph(graph: ViewGraph, groupBy: GroupBy) {
    if (!this.viewport.hasSize) {
      this.pending = { graph, groupBy };
      return;
    }
    this.scene.fadeOutRemoved(graph, performance.now());
    const regroup = groupBy !== this.layout.groupBy;
    const first = this.scene.graph === null || this.layout.byId.size === 0;
    const boundsBefore = this.layout.regions.length > 0 ? this.layout.bounds() : null;
    this.layoutAspect = this.viewport.aspect;
    this.layout.update(graph, groupBy, this.layoutAspect);
    this.scene.setGraph(graph);
    if (first || regroup) {
      this.camera.refit(false);
    } else if (!this.camera.userMoved) {
      const after = this.layout.bounds();
      if (
        !boundsBefore ||
        Math.abs(after.w - boundsBefore.w) + Math.abs(after.h - boundsBefore.h) > 2
      ) {
        this.camera.fit(true);
      }
    }
    this.invalidate();
  }

  setPalette(palette: Palette) {
    this.scene.palette = palette;
    this.invalidate();
  }

  setSelected(id: string | null) {
    if (this.scene.select(id)) this.invalidate();
  }

  /** Topology ids changed recently (live-store `changed`): they glow. */
  setChanged(changed: ReadonlyMap<string, number>) {
    this.scene.changed = changed;
    this.invalidate();
  }

  setHostNotes(notes: ReadonlyMap<string, string>) {
    this.scene.hostNotes = notes;
    this.invalidate();
  }

  setOffline(offline: boolean) {
    this.scene.offline = offline;
    this.invalidate();
  }

  setIngress(ingress: boolean) {
    this.scene.ingress = ingress;
    this.invalidate();
  }

  // --- view ---

  get zoomLevel(): ZoomLevel {
    return this.scene.level;
  }

  get scale(): number {
    return this.camera.transform.k;
  }

  get isSettled(): boolean {
    return this.layout.settled;
  }

  /** Last frame's numbers (time spent drawing and in layout ticks, what was drawn). */
  get stats(): FrameStats {
    return this.frames.stats;
  }

  /** What is drawn now: the layout's nodes, or when zoomed out the folds. */
  drawn(): DrawData {
    return this.scene.drawData();
  }

  /** Fit, and from now on keep fitting until the user moves the map. */
  refit() {
    this.camera.refit();
  }

  zoomBy(factor: number) {
    this.camera.zoomBy(factor);
  }

  /** Centres an element (selection from the list) without changing the zoom much. */
  reveal(id: string) {
    const node = this.layout.byId.get(id);
    const region = this.layout.regionById.get(id);
    if (node) this.camera.reveal(node.x, node.y);
    else if (region)
      this.camera.reveal(region.rect.x + region.rect.w / 2, region.rect.y + region.rect.h / 2);
  }

  private updateLevel() {
    if (!this.scene.setLevel(zoomLevel(this.camera.transform.k))) return;
    this.cache.markStale();
    this.listeners.level?.(this.scene.level);
  }

  /** Something drawn changed: draw it again (not from the cached picture). */
  private invalidate() {
    this.cache.markStale();
    this.frames.request();
  }

  // --- exports ---

  /** Everything drawn, for the exports: positions of the graph's nodes by id. */
  positions(): Map<string, { x: number; y: number }> {
    return new Map(this.layout.nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
  }

  /** The current view (filters, layers, theme, zoom level) fitted, as SVG. */
  toSvg(): string {
    return mapToSvg({ layout: this.layout, scene: this.scene }, this.ctx);
  }

  /** The current view fitted, as a PNG (at up to 2× for crisp text, at most 8,000 px a side). */
  toPng(): Promise<Blob> {
    return mapToPng({ layout: this.layout, scene: this.scene }, () =>
      this.scene.renderInput(performance.now(), this.viewport, this.camera.transform),
    );
  }
}
