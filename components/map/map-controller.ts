import { zoomLevel, type ZoomLevel } from '@/lib/view/fold';
import { ForceLayout, type Region } from '@/lib/view/layout';
import type { GroupBy, ViewGraph } from '@/lib/view/model';
import type { Palette } from '@/lib/view/palette';
import type { DrawNode, RenderRecord } from '@/lib/view/render';
import type { TrafficEdge } from '@/lib/view/traffic';
import type { MapCamera } from '@/lib/view/url-state';

import { Camera } from './camera';
import { mapToPng, mapToSvg } from './export';
import { FrameCache } from './frame-cache';
import { FrameLoop, type FrameStats } from './frame-loop';
import { MapInput } from './input';
import type { LayoutStore } from './layout-store';
import { MapScene, type DrawData } from './scene';
import { CanvasViewport } from './viewport';

/** Tell where the view is once it has stopped moving this long (a deep link does not need every step). */
const CAMERA_REPORT_MS = 400;

export interface MapControllerOptions {
  /** Where positions are kept between visits (none: for the life of the page). */
  store?: LayoutStore;
}

export interface MapControllerEvents {
  /** A node or host region was clicked (null: the background). */
  select: (id: string | null) => void;
  hover: (id: string | null) => void;
  /** Semantic zoom level changed. */
  level: (level: ZoomLevel) => void;
  /** Layout settled (or started moving again). */
  settled: (settled: boolean) => void;
  /** Where the user put the view, once it stops moving (null: the map fits itself again). */
  camera: (camera: MapCamera | null) => void;
  /** The keyboard is on an element (Tab, arrows), or on none (null). */
  keyFocus: (id: string | null) => void;
}

/**
 * The map's engine, outside React. It composes the parts, each with one job: the canvas's size
 * (viewport.ts), where the map is looked at from (camera.ts: d3-zoom, fit), what is shown
 * (scene.ts: graph, folds, ghosts, focus, glow), the d3-force layout kept across graph updates
 * (lib/view/layout: places kept until `tidy`, stored between visits by layout-store.ts), drawing
 * frames only while something moves (frame-loop.ts) from a cached picture when it can
 * (frame-cache.ts), the user's input (input.ts) and the exports of the view as shown (export.ts).
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
  /** Where to look once there is a map (a deep link's camera). */
  private pendingCamera: MapCamera | null = null;
  private cameraTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly store: LayoutStore | null;
  /** NOTE: test-only listeners of drawn frames (test-hooks.ts: the benchmark's paint probe). */
  private readonly frameListeners = new Set<(at: number) => void>();

  constructor(canvas: HTMLCanvasElement, palette: Palette, options: MapControllerOptions = {}) {
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2d is not available');
    this.ctx = ctx;
    this.layout = new ForceLayout({ now: () => performance.now() });
    this.store = options.store ?? null;
    this.store?.load(this.layout);
    this.viewport = new CanvasViewport(canvas);
    this.scene = new MapScene(this.layout, palette);
    this.camera = new Camera(canvas, this.viewport, () => this.layout.bounds(), {
      zoomStarted: () => this.cache.takeSnapshot(this.frames.stats),
      zoomEnded: () => this.frames.request(),
      moved: () => {
        this.updateLevel();
        this.frames.request();
        this.reportCameraSoon();
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
        if (settled) this.store?.saveSoon(this.layout);
        if (settled && !this.camera.userMoved) this.camera.fit(true);
      },
      drawn: (at) => {
        for (const listener of this.frameListeners) listener(at);
      },
    });
    const parts = { layout: this.layout, camera: this.camera, scene: this.scene };
    this.input = new MapInput(canvas, parts, {
      select: (id) => this.listeners.select?.(id),
      hover: (id) => this.listeners.hover?.(id),
      requestFrame: () => this.frames.request(),
      redraw: () => this.invalidate(),
      dropped: () => this.store?.saveSoon(this.layout),
      keyFocus: (id) => {
        this.listeners.hover?.(id);
        this.listeners.keyFocus?.(id);
      },
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

  /**
   * NOTE: a new size changes the view, not the layout: the map is fitted to it (unless the user
   * placed the view) and elements stay where they are (Tidy lays out for the new shape).
   */
  resize(width: number, height: number) {
    if (!this.viewport.resize(width, height)) return;
    if (this.pending) {
      // The map was hidden (list view) when the graph came: lay it out for the real size now.
      const { graph, groupBy } = this.pending;
      this.pending = null;
      this.setGraph(graph, groupBy);
      return;
    }
    if (!this.camera.userMoved) this.camera.fit(false);
    this.invalidate();
  }

  destroy() {
    clearTimeout(this.cameraTimer);
    this.saveLayout();
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
    this.layout.update(graph, groupBy, this.viewport.aspect);
    this.scene.setGraph(graph);
    this.store?.saveSoon(this.layout);
    if (first && this.pendingCamera && graph.nodes.length > 0) {
      this.camera.lookAt(this.pendingCamera);
      this.pendingCamera = null;
    } else if (first || regroup) {
      this.camera.refit(false);
    } else if (!this.camera.userMoved) {
      const after = this.layout.bounds();
      const changed =
        !boundsBefore ||
        Math.abs(after.x - boundsBefore.x) +
          Math.abs(after.y - boundsBefore.y) +
          Math.abs(after.w - boundsBefore.w) +
          Math.abs(after.h - boundsBefore.h) >
          2;
      // NOTE: at once: nothing in the layout moves for an update, so nothing says "still moving"
      // while an animation would carry the view (and what is on it) elsewhere.
      if (changed) this.camera.fit(false);
    }
    this.invalidate();
  }

  /** Lays the map out afresh for the screen as it is now (the user asked: things move). */
  tidy() {
    this.layout.tidy(this.viewport.aspect);
    this.scene.refold();
    this.store?.saveSoon(this.layout);
    this.camera.refit(false);
    this.invalidate();
  }

  /** Writes the positions to the store now (the page is going away). */
  saveLayout() {
    this.store?.flush(this.layout);
  }

  /** Looks at a deep link's camera: now, or once the map has something to show. */
  lookAt(camera: MapCamera) {
    if (this.layout.byId.size > 0 && this.viewport.hasSize) this.camera.lookAt(camera);
    else this.pendingCamera = camera;
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

  /** The Traffic layer's edges; a new sample redraws the map (the motion cue steps with it). */
  setTraffic(edges: readonly TrafficEdge[]) {
    this.scene.traffic = edges;
    this.invalidate();
  }

  /** The traffic edges whose both ends are drawn now. */
  /** The drawn elements that glow now: changed just now, or touched by a comparison. */
  glowing(): string[] {
    return this.scene.glowing();
  }

  drawnTraffic(): readonly TrafficEdge[] {
    const drawn = new Set(this.scene.drawData().nodes.map((node) => node.id));
    return this.scene.traffic.filter((edge) => drawn.has(edge.from) && drawn.has(edge.to));
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

  /** Nothing moves or animates: the canvas shows a still picture. */
  get isIdle(): boolean {
    return this.layout.settled && this.frames.idle;
  }

  /** Last frame's numbers (time spent drawing and in layout ticks, what was drawn). */
  get stats(): FrameStats {
    return this.frames.stats;
  }

  /** Calls `listener` after each drawn frame (test hooks only); returns how to stop. */
  onFrame(listener: (at: number) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /** The graph the map draws now (the last one React handed it). */
  get graph(): ViewGraph | null {
    return this.scene.graph;
  }

  /** What is drawn now: the layout's nodes, or when zoomed out the folds. */
  drawn(): DrawData {
    return this.scene.drawData();
  }

  /** Where the last frame drew its labels (screen) and its routed links (layout units). */
  get lastRecord(): RenderRecord {
    return this.scene.record;
  }

  /** The regions (hosts, the swarm band, clusters) in layout units. */
  get regions(): readonly Region[] {
    return this.layout.regions;
  }

  /** The region a drawn node is in. */
  regionOf(node: DrawNode): string | null {
    return this.scene.regionOf(node);
  }

  /** Draws everything again on the next frame (no cached picture). */
  redraw() {
    this.invalidate();
  }

  /** Centres the middle of the layout at zoom `k`. */
  centreAt(k: number) {
    const bounds = this.layout.bounds();
    const { width, height } = this.viewport;
    this.camera.moveTo(
      width / 2 - (bounds.x + bounds.w / 2) * k,
      height / 2 - (bounds.y + bounds.h / 2) * k,
      k,
    );
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

  /** Tells where the view is once it stops moving: null while the map fits itself. */
  private reportCameraSoon() {
    clearTimeout(this.cameraTimer);
    this.cameraTimer = setTimeout(() => {
      // A deep link's camera waiting for the map is still where the view is going.
      if (this.pendingCamera) return;
      this.listeners.camera?.(this.camera.userMoved ? this.camera.view() : null);
    }, CAMERA_REPORT_MS);
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

  /** The view as shown (without hover, glow or fades), for the exports. */
  private stillInput() {
    return this.scene.stillInput(performance.now(), this.viewport, this.camera.transform);
  }

  /** The view on screen as SVG: what is shown, where it is shown. */
  toSvg(): string {
    return mapToSvg(this.stillInput(), this.ctx);
  }

  /** The view on screen as a PNG, pixel for pixel (at the screen's pixel ratio). */
  toPng(): Promise<Blob> {
    return mapToPng(this.stillInput());
  }
}
