import {
  drag,
  select,
  zoom,
  zoomIdentity,
  type D3DragEvent,
  type D3ZoomEvent,
  type Selection,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';

import { exportSvg, fitTransform } from '@/lib/view/export';
import { foldGraph, zoomLevel, type FoldedGraph, type ZoomLevel } from '@/lib/view/fold';
import type { Rect } from '@/lib/view/geometry';
import { ForceLayout } from '@/lib/view/layout';
import type { GroupBy, ViewGraph, ViewNode } from '@/lib/view/model';
import type { Palette } from '@/lib/view/palette';
import {
  isAnimating,
  nodeExtent,
  renderMap,
  type DrawLink,
  type DrawNode,
  type RenderInput,
  type RenderStats,
} from '@/lib/view/render';

const GLOW_MS = 2_400;
const GHOST_MS = 800;
const MIN_SCALE = 0.04;
/** A zoom gesture counts as over this long after its last step. */
const ZOOM_SETTLE_MS = 160;
const MAX_SCALE = 4;

export interface MapControllerEvents {
  /** A node or host region was clicked (null: the background). */
  select: (id: string | null) => void;
  hover: (id: string | null) => void;
  /** Semantic zoom level changed. */
  level: (level: ZoomLevel) => void;
  /** Layout settled (or started moving again). */
  settled: (settled: boolean) => void;
}

export interface FrameStats {
  /** Time spent drawing the last frame (ms). */
  renderMs: number;
  /** Time spent in layout ticks during the last frame (ms). */
  layoutMs: number;
  nodes: number;
  links: number;
  labels: number;
}

/**
 * The map's engine, outside React: a canvas, a d3-force layout kept across graph updates, d3-zoom
 * for pan and zoom, d3-drag for nodes, hit testing, and a frame loop that only runs while
 * something moves. React hands it data (`setGraph`, `setSelected`…) and listens to its events.
 */
export class MapController {
  readonly layout: ForceLayout;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly selection: Selection<HTMLCanvasElement, unknown, null, undefined>;
  private readonly zoomBehavior: ZoomBehavior<HTMLCanvasElement, unknown>;
  private transform: ZoomTransform = zoomIdentity;
  private width = 1;
  private height = 1;
  private pixelRatio = 1;
  private graph: ViewGraph | null = null;
  private folded: FoldedGraph | null = null;
  private level: ZoomLevel = 'detail';
  private palette: Palette;
  private selected: string | null = null;
  private hovered: string | null = null;
  private focus: Set<string> | null = null;
  private changed: ReadonlyMap<string, number> = new Map();
  private nodesByRef = new Map<string, string[]>();
  private ghosts: DrawNode[] = [];
  private hostNotes: ReadonlyMap<string, string> = new Map();
  private offline = false;
  private ingress = true;
  private userMoved = false;
  private frameRequested = 0;
  private destroyed = false;
  private wasSettled = false;
  private measureCache = new Map<string, number>();
  private listeners: Partial<MapControllerEvents> = {};
  private dragMoved = false;
  private resizeObserver: ResizeObserver | null = null;
  /** A graph that arrived while the canvas had no size (hidden behind the list view). */
  private pending: { graph: ViewGraph; groupBy: GroupBy } | null = null;
  /** The aspect ratio the regions were laid out for. */
  private layoutAspect = 2;
  /** Bumped whenever what is drawn changes (not when it is only panned). */
  private version = 0;
  private dragging = false;
  private zoomingUntil = 0;
  private zoomTimer: ReturnType<typeof setTimeout> | undefined;
  private cache: {
    canvas: HTMLCanvasElement;
    version: number;
    k: number;
    x: number;
    y: number;
    margin: number;
    width: number;
    height: number;
    pixelRatio: number;
    stats: RenderStats;
  } | null = null;
  /** The screen as it was when a zoom gesture began (see renderCached). */
  private snapshot: MapController['cache'] = null;
  /** Last frame's numbers, for the benchmark and the status line. */
  stats: FrameStats = { renderMs: 0, layoutMs: 0, nodes: 0, links: 0, labels: 0 };
  /** Layout tick budget per frame (ms). */
  tickBudget = 12;

  constructor(canvas: HTMLCanvasElement, palette: Palette) {
    this.canvas = canvas;
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('canvas 2d is not available');
    this.ctx = ctx;
    this.palette = palette;
    this.layout = new ForceLayout({ now: () => performance.now() });
    this.selection = select(canvas);

    // NOTE: drag is registered before zoom: when the pointer is on a node, drag takes the gesture
    // (and stops it from reaching zoom); on the background the subject is null and zoom pans.
    this.selection.call(
      drag<HTMLCanvasElement, unknown, { id: string; x: number; y: number } | undefined>()
        .container(canvas)
        .subject((event: D3DragEvent<HTMLCanvasElement, unknown, unknown>) => {
          if (this.level !== 'detail') return undefined;
          const hit = this.hitNode(event.x, event.y);
          if (!hit) return undefined;
          return {
            id: hit.id,
            x: this.transform.applyX(hit.x),
            y: this.transform.applyY(hit.y),
          };
        })
        .on('start', () => {
          this.dragMoved = false;
          this.dragging = true;
        })
        .on('drag', (event: D3DragEvent<HTMLCanvasElement, unknown, { id: string }>) => {
          this.dragMoved = true;
          const [x, y] = this.transform.invert([event.x, event.y]);
          this.layout.pin(event.subject.id, x, y);
          this.requestFrame();
        })
        .on('end', (event: D3DragEvent<HTMLCanvasElement, unknown, { id: string }>) => {
          this.dragging = false;
          this.version++;
          this.layout.release(event.subject.id);
          this.requestFrame();
        }),
    );

    this.zoomBehavior = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        if (event.transform.k !== this.transform.k) {
          if (performance.now() >= this.zoomingUntil) this.takeSnapshot();
          this.zoomingUntil = performance.now() + ZOOM_SETTLE_MS;
          clearTimeout(this.zoomTimer);
          // Once the zoom stops, draw it sharp again.
          this.zoomTimer = setTimeout(() => this.requestFrame(), ZOOM_SETTLE_MS + 10);
        }
        this.transform = event.transform;
        if (event.sourceEvent) this.userMoved = true;
        this.updateLevel();
        this.requestFrame();
      });
    this.selection.call(this.zoomBehavior);

    canvas.addEventListener('click', this.onClick);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerleave', this.onPointerLeave);
    canvas.addEventListener('keydown', this.onKeyDown);
  }

  on<E extends keyof MapControllerEvents>(event: E, listener: MapControllerEvents[E]) {
    this.listeners[event] = listener as never;
  }

  /** Watches the canvas's parent and keeps the canvas at its size. */
  observe(container: HTMLElement) {
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(() => {
      const rect = container.getBoundingClientRect();
      this.resize(rect.width, rect.height);
    });
    this.resizeObserver.observe(container);
    const rect = container.getBoundingClientRect();
    this.resize(rect.width, rect.height);
  }

  resize(width: number, height: number) {
    const w = Math.max(1, Math.floor(width));
    const h = Math.max(1, Math.floor(height));
    const pr = Math.min(2, window.devicePixelRatio || 1);
    if (w === this.width && h === this.height && pr === this.pixelRatio) return;
    this.width = w;
    this.height = h;
    this.pixelRatio = pr;
    this.canvas.width = Math.round(w * pr);
    this.canvas.height = Math.round(h * pr);
    this.canvas.style.width = `${w}px`;
    this.canvas.style.height = `${h}px`;
    if (this.pending) {
      // The map was hidden (list view) when the graph came: lay it out for the real size now.
      const { graph, groupBy } = this.pending;
      this.pending = null;
      this.setGraph(graph, groupBy);
      return;
    }
    const aspect = w / h;
    if (this.graph && Math.abs(Math.log(aspect / this.layoutAspect)) > Math.log(1.35)) {
      // Much wider or taller than what the regions were made for: remake them.
      this.layoutAspect = aspect;
      this.layout.update(this.graph, this.layout.groupBy, aspect);
      this.folded = null;
    }
    if (!this.userMoved) this.fit(false);
    this.invalidate();
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.zoomTimer);
    if (this.frameRequested) cancelAnimationFrame(this.frameRequested);
    this.resizeObserver?.disconnect();
    this.layout.simulation.stop();
    this.selection.on('.zoom', null).on('.drag', null);
    this.canvas.removeEventListener('click', this.onClick);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerleave', this.onPointerLeave);
    this.canvas.removeEventListener('keydown', this.onKeyDown);
  }

  // --- data in ---

  /** Merges a new graph: positions kept by id, new nodes fade in, removed ones fade out. */
  setGraph(graph: ViewGraph, groupBy: GroupBy) {
    if (this.width <= 1 || this.height <= 1) {
      this.pending = { graph, groupBy };
      return;
    }
    const now = performance.now();
    const before = this.layout.byId;
    const next = new Set(graph.nodes.map((node) => node.id));
    for (const [id, node] of before) {
      if (!next.has(id) && Number.isFinite(node.x)) {
        this.ghosts.push({
          id,
          node: node.node,
          x: node.x,
          y: node.y,
          bornAt: -Infinity,
          diedAt: now,
        });
      }
    }
    const regroup = groupBy !== this.layout.groupBy;
    const first = this.graph === null || before.size === 0;
    const boundsBefore = this.layout.regions.length > 0 ? this.regionBounds() : null;
    this.layoutAspect = this.width / Math.max(1, this.height);
    this.layout.update(graph, groupBy, this.layoutAspect);
    this.graph = graph;
    this.folded = null;
    this.nodesByRef = new Map();
    for (const node of graph.nodes) {
      for (const ref of node.refs) {
        const list = this.nodesByRef.get(ref);
        if (list) list.push(node.id);
        else this.nodesByRef.set(ref, [node.id]);
      }
    }
    if (this.hovered && !next.has(this.hovered)) this.hovered = null;
    this.refreshFocus();
    if (first || regroup) {
      this.userMoved = false;
      this.fit(false);
    } else if (!this.userMoved) {
      const after = this.regionBounds();
      if (
        !boundsBefore ||
        Math.abs(after.w - boundsBefore.w) + Math.abs(after.h - boundsBefore.h) > 2
      ) {
        this.fit(true);
      }
    }
    this.invalidate();
  }

  setPalette(palette: Palette) {
    this.palette = palette;
    this.invalidate();
  }

  setSelected(id: string | null) {
    if (id === this.selected) return;
    this.selected = id;
    this.refreshFocus();
    this.invalidate();
  }

  /** Topology ids changed recently (live-store `changed`): they glow. */
  setChanged(changed: ReadonlyMap<string, number>) {
    this.changed = changed;
    this.invalidate();
  }

  setHostNotes(notes: ReadonlyMap<string, string>) {
    this.hostNotes = notes;
    this.invalidate();
  }

  setOffline(offline: boolean) {
    this.offline = offline;
    this.invalidate();
  }

  setIngress(ingress: boolean) {
    this.ingress = ingress;
    this.invalidate();
  }

  // --- view ---

  get zoomLevel(): ZoomLevel {
    return this.level;
  }

  get scale(): number {
    return this.transform.k;
  }

  get isSettled(): boolean {
    return this.layout.settled;
  }

  private regionBounds(): Rect {
    return this.layout.bounds();
  }

  /** Fits everything in view. */
  fit(animate = true) {
    const bounds = this.regionBounds();
    if (bounds.w <= 1 || this.width <= 1) return;
    const margin = 28;
    const k = Math.min(
      MAX_SCALE,
      1.6,
      (this.width - 2 * margin) / bounds.w,
      (this.height - 2 * margin) / bounds.h,
    );
    const x = (this.width - bounds.w * k) / 2 - bounds.x * k;
    const y = (this.height - bounds.h * k) / 2 - bounds.y * k;
    const target = zoomIdentity.translate(x, y).scale(Math.max(MIN_SCALE, k));
    if (animate) {
      this.selection.transition().duration(450).call(this.zoomBehavior.transform, target);
    } else {
      this.selection.call(this.zoomBehavior.transform, target);
    }
  }

  /** Fit, and from now on keep fitting until the user moves the map. */
  refit() {
    this.userMoved = false;
    this.fit(true);
  }

  zoomBy(factor: number) {
    this.userMoved = true;
    this.selection.transition().duration(200).call(this.zoomBehavior.scaleBy, factor);
  }

  /** Centres an element (selection from the list) without changing the zoom much. */
  reveal(id: string) {
    const node = this.layout.byId.get(id);
    const region = this.layout.regionById.get(id);
    let x: number;
    let y: number;
    if (node) {
      x = node.x;
      y = node.y;
    } else if (region) {
      x = region.rect.x + region.rect.w / 2;
      y = region.rect.y + region.rect.h / 2;
    } else return;
    const px = this.transform.applyX(x);
    const py = this.transform.applyY(y);
    if (px > 40 && px < this.width - 40 && py > 40 && py < this.height - 40) return;
    this.userMoved = true;
    const k = Math.max(this.transform.k, 0.8);
    const target = zoomIdentity.translate(this.width / 2 - x * k, this.height / 2 - y * k).scale(k);
    this.selection.transition().duration(450).call(this.zoomBehavior.transform, target);
  }

  /** Draws everything again from scratch on the next frame (benchmark: the uncached cost). */
  redraw() {
    this.invalidate();
  }

  /** Zooms by `factor` around the centre, at once (benchmark). */
  zoomAt(factor: number) {
    this.userMoved = true;
    this.selection.call(this.zoomBehavior.scaleBy, factor);
  }

  /** Pans by screen pixels (keyboard, benchmark). */
  panBy(dx: number, dy: number) {
    this.userMoved = true;
    this.selection.call(
      this.zoomBehavior.translateBy,
      dx / this.transform.k,
      dy / this.transform.k,
    );
  }

  /** Sets an exact transform (benchmark). */
  setTransform(x: number, y: number, k: number) {
    this.userMoved = true;
    this.selection.call(this.zoomBehavior.transform, zoomIdentity.translate(x, y).scale(k));
  }

  private updateLevel() {
    const level = zoomLevel(this.transform.k);
    if (level === this.level) return;
    this.level = level;
    this.folded = null;
    this.version++;
    this.hovered = null;
    this.refreshFocus();
    this.listeners.level?.(level);
  }

  private foldedGraph(): FoldedGraph | null {
    if (!this.graph) return null;
    this.folded ??= foldGraph(this.graph, this.level === 'far' ? 'far' : 'overview');
    return this.folded;
  }

  private refreshFocus() {
    const id = this.hovered ?? this.selected;
    if (!id || !this.graph) {
      this.focus = null;
      return;
    }
    const links = this.level !== 'detail' ? (this.foldedGraph()?.links ?? []) : this.graph.links;
    const rep = this.level !== 'detail' ? (this.foldedGraph()?.repOf.get(id) ?? id) : id;
    const focus = new Set<string>([rep]);
    for (const link of links) {
      if (link.source === rep) focus.add(link.target);
      if (link.target === rep) focus.add(link.source);
    }
    // Only dim when the element is on the map (a host selected from the list does not dim).
    this.focus = focus.size > 1 || this.layout.byId.has(rep) ? focus : null;
  }

  // --- what to draw ---

  private drawData(): { nodes: DrawNode[]; links: DrawLink[] } {
    if (this.level === 'detail' || !this.graph) {
      return { nodes: this.layout.nodes, links: this.layout.links };
    }
    const folded = this.foldedGraph();
    if (!folded) return { nodes: [], links: [] };
    const byId = new Map<string, DrawNode>();
    for (const node of folded.nodes) {
      const sim = this.layout.byId.get(node.id);
      if (sim) {
        byId.set(node.id, sim);
        continue;
      }
      // A fold: at the centroid of what it stands for.
      const members = folded.members.get(node.id) ?? [];
      let x = 0;
      let y = 0;
      let count = 0;
      let bornAt = -Infinity;
      for (const id of members) {
        const member = this.layout.byId.get(id);
        if (!member) continue;
        x += member.x;
        y += member.y;
        count++;
        bornAt = Math.max(bornAt, member.bornAt);
      }
      if (count > 0) byId.set(node.id, { id: node.id, node, x: x / count, y: y / count, bornAt });
    }
    const links: DrawLink[] = [];
    for (const link of folded.links) {
      const source = byId.get(link.source);
      const target = byId.get(link.target);
      if (source && target) links.push({ link, source, target });
    }
    return { nodes: [...byId.values()], links };
  }

  private glowMap(now: number): Map<string, number> {
    const glow = new Map<string, number>();
    const wall = Date.now();
    for (const [ref, at] of this.changed) {
      const age = wall - at;
      if (age < 0 || age >= GLOW_MS) continue;
      const strength = 1 - age / GLOW_MS;
      for (const id of this.nodesByRef.get(ref) ?? []) {
        const target = this.level !== 'detail' ? (this.foldedGraph()?.repOf.get(id) ?? id) : id;
        glow.set(target, Math.max(glow.get(target) ?? 0, strength));
      }
    }
    void now;
    return glow;
  }

  private measure = (
    ctx: { font: string; measureText(text: string): { width: number } },
    text: string,
  ) => {
    const key = `${ctx.font}|${text}`;
    let width = this.measureCache.get(key);
    if (width === undefined) {
      width = ctx.measureText(text).width;
      if (this.measureCache.size > 20_000) this.measureCache.clear();
      this.measureCache.set(key, width);
    }
    return width;
  };

  private regionOf = (node: DrawNode): string | null =>
    (node as { region?: string }).region ??
    (this.layout.groupBy === 'network' ? node.node.cluster : (node.node.host ?? 'swarm'));

  private renderInput(now: number): RenderInput {
    const { nodes, links } = this.drawData();
    this.ghosts = this.ghosts.filter((ghost) => now - (ghost.diedAt ?? now) < GHOST_MS);
    return {
      width: this.width,
      height: this.height,
      pixelRatio: this.pixelRatio,
      transform: { x: this.transform.x, y: this.transform.y, k: this.transform.k },
      palette: this.palette,
      regions: this.layout.regions,
      nodes,
      links,
      ghosts: this.ghosts,
      level: this.level,
      selected: this.selected,
      hovered: this.hovered,
      focus: this.focus,
      glow: this.glowMap(now),
      ingress: this.ingress,
      hostNotes: this.hostNotes,
      offline: this.offline,
      now,
      measure: this.measure,
      regionOf: this.regionOf,
    };
  }

  /** Something drawn changed: the cached picture is stale. */
  private invalidate() {
    this.version++;
    this.requestFrame();
  }

  requestFrame() {
    if (this.frameRequested || this.destroyed) return;
    this.frameRequested = requestAnimationFrame(this.frame);
  }

  private frame = () => {
    this.frameRequested = 0;
    if (this.destroyed) return;
    const t0 = performance.now();
    const moved = this.layout.step(this.tickBudget);
    if (moved) this.version++;
    const t1 = performance.now();
    const input = this.renderInput(t1);
    const animating = isAnimating(input);
    let stats: RenderStats;
    if (moved || animating || !this.layout.settled || this.dragging) {
      this.cache = null;
      stats = renderMap(this.ctx, input);
    } else {
      stats = this.renderCached(input);
    }
    const t2 = performance.now();
    this.lastTransform = { ...input.transform };
    this.stats = { renderMs: t2 - t1, layoutMs: t1 - t0, ...stats };
    const settled = this.layout.settled;
    if (settled !== this.wasSettled) {
      this.wasSettled = settled;
      this.listeners.settled?.(settled);
      if (settled && !this.userMoved) this.fit(true);
    }
    if (moved || !settled || animating) this.requestFrame();
  };

  private lastTransform = { x: 0, y: 0, k: 1 };

  /** Copies the screen as it is now, to stretch during a zoom gesture. */
  private takeSnapshot() {
    if (this.cache?.version === this.version) return;
    const canvas = this.snapshot?.canvas ?? document.createElement('canvas');
    canvas.width = this.canvas.width;
    canvas.height = this.canvas.height;
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return;
    ctx.drawImage(this.canvas, 0, 0);
    const { x, y, k } = this.lastTransform;
    this.snapshot = {
      canvas,
      version: this.version,
      k,
      x,
      y,
      margin: 0,
      width: this.width,
      height: this.height,
      pixelRatio: this.pixelRatio,
      stats: this.stats,
    };
  }

  /** True when the view moved since the last frame at the same zoom (a pan is under way). */
  private panning(x: number, y: number, k: number): boolean {
    const last = this.lastTransform;
    this.lastTransform = { x, y, k };
    return last.k === k && (last.x !== x || last.y !== y);
  }

  /**
   * A still map only moves while panned: draw it once onto a bigger offscreen canvas (the view
   * plus a margin on every side) and blit that while the zoom and the picture stay the same.
   *
   * NOTE: in software raster, redrawing thousands of links costs tens of ms a frame; a blit
   * costs one or two.
   */
  private renderCached(input: RenderInput): RenderStats {
    const { x, y, k } = input.transform;
    // NOTE: during a zoom gesture, stretch the picture we have (like a map app does); it is drawn
    // sharp again at the new scale as soon as the gesture stops. The picture is the cache (from a
    // pan) or a snapshot of the screen taken when the gesture began.
    const source =
      this.cache?.version === this.version
        ? this.cache
        : this.snapshot?.version === this.version
          ? this.snapshot
          : null;
    if (
      source &&
      source.k !== k &&
      performance.now() < this.zoomingUntil &&
      k / source.k < 2 &&
      source.k / k < 2
    ) {
      const scale = k / source.k;
      const pr = this.pixelRatio;
      this.ctx.setTransform(pr, 0, 0, pr, 0, 0);
      this.ctx.globalAlpha = 1;
      this.ctx.fillStyle = input.palette.bg;
      this.ctx.fillRect(0, 0, this.width, this.height);
      this.ctx.drawImage(
        source.canvas,
        x - (source.x + source.margin) * scale,
        y - (source.y + source.margin) * scale,
        (source.canvas.width / pr) * scale,
        (source.canvas.height / pr) * scale,
      );
      return source.stats;
    }
    // Half a screen on every side, within ~8 megapixels of cache.
    let margin = Math.round(Math.max(this.width, this.height) * 0.5);
    const pr2 = this.pixelRatio * this.pixelRatio;
    while (margin > 64 && (this.width + 2 * margin) * (this.height + 2 * margin) * pr2 > 8e6) {
      margin = Math.round(margin * 0.8);
    }
    const cache = this.cache;
    const fresh =
      cache &&
      cache.version === this.version &&
      cache.k === k &&
      cache.width === this.width &&
      cache.height === this.height &&
      cache.pixelRatio === this.pixelRatio &&
      Math.abs(x - cache.x) <= margin &&
      Math.abs(y - cache.y) <= margin;
    if (!fresh && !this.panning(x, y, k)) {
      // Not moving: draw straight to the screen (cheaper than the bigger cached picture).
      this.cache = null;
      return renderMap(this.ctx, input);
    }
    if (!fresh) {
      const canvas = cache?.canvas ?? document.createElement('canvas');
      const w = this.width + 2 * margin;
      const h = this.height + 2 * margin;
      canvas.width = Math.round(w * this.pixelRatio);
      canvas.height = Math.round(h * this.pixelRatio);
      const ctx = canvas.getContext('2d', { alpha: false });
      if (!ctx) return renderMap(this.ctx, input);
      const stats = renderMap(ctx, {
        ...input,
        width: w,
        height: h,
        transform: { x: x + margin, y: y + margin, k },
      });
      this.cache = {
        canvas,
        version: this.version,
        k,
        x,
        y,
        margin,
        width: this.width,
        height: this.height,
        pixelRatio: this.pixelRatio,
        stats,
      };
    }
    const current = this.cache;
    if (!current) return renderMap(this.ctx, input);
    const pr = this.pixelRatio;
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.globalAlpha = 1;
    this.ctx.drawImage(
      current.canvas,
      Math.round((x - current.x - current.margin) * pr),
      Math.round((y - current.y - current.margin) * pr),
    );
    return current.stats;
  }

  // --- hit testing and input ---

  /** The node under a screen point, if any. */
  hitNode(sx: number, sy: number): DrawNode | null {
    const [x, y] = this.transform.invert([sx, sy]);
    const slack = 4 / this.transform.k;
    const { nodes } = this.drawData();
    let best: DrawNode | null = null;
    let bestDistance = Infinity;
    for (const node of nodes) {
      const { w, h } = nodeExtent(node.node);
      const dx = Math.abs(node.x - x);
      const dy = Math.abs(node.y - y);
      if (dx > w + slack || dy > h + slack) continue;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        best = node;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** A host region's header under a screen point, if any. */
  private hitRegionHeader(sx: number, sy: number): string | null {
    const [x, y] = this.transform.invert([sx, sy]);
    const headerHeight = Math.max(38, 24 / this.transform.k);
    for (const region of this.layout.regions) {
      if (region.kind !== 'host' || !region.group) continue;
      const { rect } = region;
      if (x >= rect.x && x <= rect.x + rect.w && y >= rect.y && y <= rect.y + headerHeight) {
        return region.id;
      }
    }
    return null;
  }

  private pointer(event: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  private onClick = (event: MouseEvent) => {
    if (this.dragMoved) {
      this.dragMoved = false;
      return;
    }
    const [sx, sy] = this.pointer(event);
    const hit = this.hitNode(sx, sy);
    if (hit?.node.kind === 'project') {
      this.zoomInto(hit);
      return;
    }
    if (hit && this.level !== 'detail' && hit.node.kind === 'service') {
      this.listeners.select?.(hit.id);
      this.zoomInto(hit);
      return;
    }
    const id = hit?.id ?? this.hitRegionHeader(sx, sy);
    this.listeners.select?.(id);
  };

  /** Zooms to where a fold's members are, so they unfold. */
  private zoomInto(node: DrawNode) {
    this.userMoved = true;
    const k = Math.max(0.9, this.transform.k * 2.5);
    const target = zoomIdentity
      .translate(this.width / 2 - node.x * k, this.height / 2 - node.y * k)
      .scale(k);
    this.selection.transition().duration(500).call(this.zoomBehavior.transform, target);
  }

  private onPointerMove = (event: PointerEvent) => {
    if (event.buttons !== 0) return;
    const [sx, sy] = this.pointer(event);
    const hit = this.hitNode(sx, sy);
    const id = hit?.id ?? null;
    this.canvas.style.cursor = hit ? 'pointer' : this.hitRegionHeader(sx, sy) ? 'pointer' : 'grab';
    if (id === this.hovered) return;
    this.hovered = id;
    this.refreshFocus();
    this.listeners.hover?.(id);
    this.invalidate();
  };

  private onPointerLeave = () => {
    if (this.hovered === null) return;
    this.hovered = null;
    this.refreshFocus();
    this.listeners.hover?.(null);
    this.invalidate();
  };

  private onKeyDown = (event: KeyboardEvent) => {
    const step = 80;
    switch (event.key) {
      case 'ArrowLeft':
        this.panBy(step, 0);
        break;
      case 'ArrowRight':
        this.panBy(-step, 0);
        break;
      case 'ArrowUp':
        this.panBy(0, step);
        break;
      case 'ArrowDown':
        this.panBy(0, -step);
        break;
      case '+':
      case '=':
        this.zoomBy(1.3);
        break;
      case '-':
        this.zoomBy(1 / 1.3);
        break;
      case '0':
        this.refit();
        break;
      case 'Escape':
        this.listeners.select?.(null);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  // --- exports ---

  /** Everything drawn, for the exports: positions of the graph's nodes by id. */
  positions(): Map<string, { x: number; y: number }> {
    return new Map(this.layout.nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
  }

  private exportFrame(scale: number) {
    const bounds = this.regionBounds();
    const { nodes, links } = this.drawData();
    return { bounds, nodes, links, ...fitTransform(bounds, scale) };
  }

  /** The current view (filters, layers, theme, zoom level) fitted, as SVG. */
  toSvg(): string {
    const { bounds, nodes, links } = this.exportFrame(1);
    const ctx = this.ctx;
    return exportSvg({
      palette: this.palette,
      regions: this.layout.regions,
      nodes,
      links,
      bounds,
      level: this.level,
      ingress: this.ingress,
      selected: this.selected,
      hostNotes: this.hostNotes,
      scale: 1,
      regionOf: this.regionOf,
      measure: (text, font) => {
        ctx.save();
        ctx.font = font;
        const width = ctx.measureText(text).width;
        ctx.restore();
        return width;
      },
    });
  }

  /** The current view fitted, as a PNG (at up to 2× for crisp text, at most 8,000 px a side). */
  toPng(): Promise<Blob> {
    const bounds = this.regionBounds();
    const scale = Math.max(0.25, Math.min(2, 8000 / Math.max(bounds.w, bounds.h)));
    const { nodes, links, width, height, transform } = this.exportFrame(1);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return Promise.reject(new Error('canvas 2d is not available'));
    renderMap(ctx, {
      ...this.renderInput(performance.now()),
      width,
      height,
      pixelRatio: scale,
      transform,
      nodes,
      links,
      ghosts: [],
      hovered: null,
      focus: null,
      glow: new Map(),
      offline: false,
      grid: false,
    });
    return new Promise((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
        'image/png',
      ),
    );
  }

  /** Where an element is drawn, in CSS pixels from the canvas's top-left (null: not drawn). */
  screenPosition(id: string): { x: number; y: number } | null {
    const node = this.drawData().nodes.find((candidate) => candidate.id === id);
    if (!node) return null;
    return { x: this.transform.applyX(node.x), y: this.transform.applyY(node.y) };
  }

  /** For tests: the node ids currently drawn. */
  drawnIds(): string[] {
    return this.drawData().nodes.map((node: DrawNode) => node.id);
  }

  nodeById(id: string): ViewNode | null {
    return this.layout.byId.get(id)?.node ?? null;
  }
}
