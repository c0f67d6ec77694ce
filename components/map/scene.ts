import type { ZoomTransform } from 'd3';

import { stillFrame } from '@/lib/view/export';
import { foldGraph, type FoldedGraph, type ZoomLevel } from '@/lib/view/fold';
import { regionIdFor, type ForceLayout } from '@/lib/view/layout';
import type { ViewGraph } from '@/lib/view/model';
import type { Palette } from '@/lib/view/palette';
import type { DrawLink, DrawNode, Measure, RenderInput, RenderRecord } from '@/lib/view/render';
import type { TrafficEdge } from '@/lib/view/traffic';

import type { CanvasViewport } from './viewport';

/** How long a changed element glows. */
const GLOW_MS = 2_400;
/** How long a removed element takes to fade out. */
const GHOST_MS = 800;

export interface DrawData {
  nodes: DrawNode[];
  links: DrawLink[];
}

/**
 * What the map shows, apart from where it is looked at from: the graph as laid out (folded when
 * zoomed out), removed elements fading out, the selection, hover and the neighbourhood they
 * focus, what glows, the theme and the marks (stale hosts, offline, ingress layer).
 */
export class MapScene {
  palette: Palette;
  /** Topology ids changed recently (live-store `changed`) → when: they glow. */
  changed: ReadonlyMap<string, number> = new Map();
  hostNotes: ReadonlyMap<string, string> = new Map();
  offline = false;
  ingress = true;
  /** Where the last frame drew its labels and routed links (the renderer fills it). */
  readonly record: RenderRecord = { labels: [], routes: [] };
  /** The Traffic layer's edges (empty while it is off). */
  traffic: readonly TrafficEdge[] = [];
  private readonly layout: ForceLayout;
  private shown: ViewGraph | null = null;
  private folded: FoldedGraph | null = null;
  private zoomLevel: ZoomLevel = 'detail';
  private selectedId: string | null = null;
  private hoveredId: string | null = null;
  private keyFocusId: string | null = null;
  private focus: Set<string> | null = null;
  private nodesByRef = new Map<string, string[]>();
  private ghosts: DrawNode[] = [];
  /** Font → text → width. */
  private measureCache = new Map<string, Map<string, number>>();
  private measured = 0;

  constructor(layout: ForceLayout, palette: Palette) {
    this.layout = layout;
    this.palette = palette;
  }

  /** The graph last handed to the map (null: none yet). */
  get graph(): ViewGraph | null {
    return this.shown;
  }

  get level(): ZoomLevel {
    return this.zoomLevel;
  }

  get selected(): string | null {
    return this.selectedId;
  }

  get hovered(): string | null {
    return this.hoveredId;
  }

  /** Before the layout takes `graph`: what it drops fades out where it was. */
  fadeOutRemoved(graph: ViewGraph, now: number) {
    const next = new Set(graph.nodes.map((node) => node.id));
    for (const [id, node] of this.layout.byId) {
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
  }

  /** After the layout took `graph`. */
  setGraph(graph: ViewGraph) {
    this.shown = graph;
    this.folded = null;
    this.nodesByRef = new Map();
    for (const node of graph.nodes) {
      for (const ref of node.refs) {
        const list = this.nodesByRef.get(ref);
        if (list) list.push(node.id);
        else this.nodesByRef.set(ref, [node.id]);
      }
    }
    if (this.hoveredId && !graph.nodes.some((node) => node.id === this.hoveredId)) {
      this.hoveredId = null;
    }
    this.refreshFocus();
  }

  /** The layout's regions were remade: the folds are computed again. */
  refold() {
    this.folded = null;
  }

  /** False when it was already the level. */
  setLevel(level: ZoomLevel): boolean {
    if (level === this.zoomLevel) return false;
    this.zoomLevel = level;
    this.folded = null;
    this.hoveredId = null;
    this.refreshFocus();
    return true;
  }

  /** False when it was already selected. */
  select(id: string | null): boolean {
    if (id === this.selectedId) return false;
    this.selectedId = id;
    this.refreshFocus();
    return true;
  }

  /** The element the keyboard is on (null: none). */
  get keyFocus(): string | null {
    return this.keyFocusId;
  }

  /**
   * Puts the keyboard on an element: ringed, and named and lit as if hovered. False when it
   * was already there.
   */
  setKeyFocus(id: string | null): boolean {
    if (id === this.keyFocusId) return false;
    this.keyFocusId = id;
    this.hoveredId = id;
    this.refreshFocus();
    return true;
  }

  /** False when it was already hovered. */
  hover(id: string | null): boolean {
    if (id === this.hoveredId) return false;
    this.hoveredId = id;
    this.refreshFocus();
    return true;
  }

  /** What is drawn at the current level: the layout's nodes, or folds at their members' centroid. */
  drawData(): DrawData {
    if (this.zoomLevel === 'detail' || !this.shown) {
      return { nodes: this.layout.nodes, links: this.layout.links };
    }
    const folded = this.foldedGraph();
    return folded ? foldedDrawData(folded, this.layout) : { nodes: [], links: [] };
  }

  /** The renderer's input for a frame at `now` (drops ghosts that have faded out). */
  renderInput(now: number, viewport: CanvasViewport, transform: ZoomTransform): RenderInput {
    const { nodes, links } = this.drawData();
    this.ghosts = this.ghosts.filter((ghost) => now - (ghost.diedAt ?? now) < GHOST_MS);
    return {
      width: viewport.width,
      height: viewport.height,
      pixelRatio: viewport.pixelRatio,
      transform: { x: transform.x, y: transform.y, k: transform.k },
      palette: this.palette,
      regions: this.layout.regions,
      nodes,
      links,
      ghosts: this.ghosts,
      level: this.zoomLevel,
      selected: this.selectedId,
      hovered: this.hoveredId,
      focus: this.focus,
      glow: this.glowMap(),
      ingress: this.ingress,
      traffic: this.traffic,
      hostNotes: this.hostNotes,
      offline: this.offline,
      now,
      measure: this.measure,
      regionOf: this.regionOf,
      record: this.record,
      groupBy: this.layout.groupBy,
      keyFocus: this.keyFocusId,
    };
  }

  /** The region a node is drawn in (labels stay inside it). */
  readonly regionOf = (node: DrawNode): string | null =>
    (node as { region?: string }).region ?? regionIdFor(node.node, this.layout.groupBy);

  private foldedGraph(): FoldedGraph | null {
    if (!this.shown) return null;
    this.folded ??= foldGraph(this.shown, this.zoomLevel === 'far' ? 'far' : 'overview');
    return this.folded;
  }

  /**
   * The renderer's input for the frame as shown once what is passing has passed (hover, glows,
   * fades): what the exports draw.
   */
  stillInput(now: number, viewport: CanvasViewport, transform: ZoomTransform): RenderInput {
    const input = this.renderInput(now, viewport, transform);
    return stillFrame(input, this.focusAround(this.selectedId));
  }

  private refreshFocus() {
    this.focus = this.focusAround(this.hoveredId ?? this.selectedId);
  }

  /** An element and its neighbours (null: nothing to focus on). */
  private focusAround(id: string | null): Set<string> | null {
    if (!id || !this.shown) return null;
    const detail = this.zoomLevel === 'detail';
    const links = detail ? this.shown.links : (this.foldedGraph()?.links ?? []);
    const rep = detail ? id : (this.foldedGraph()?.repOf.get(id) ?? id);
    const focus = new Set<string>([rep]);
    for (const link of links) {
      if (link.source === rep) focus.add(link.target);
      if (link.target === rep) focus.add(link.source);
    }
    // Only dim when the element is on the map (a host selected from the list does not dim).
    return focus.size > 1 || this.layout.byId.has(rep) ? focus : null;
  }

  /** The drawn elements that glow now (test hooks). */
  glowing(): string[] {
    return [...this.glowMap().keys()];
  }

  private glowMap(): Map<string, number> {
    const glow = new Map<string, number>();
    const wall = Date.now();
    for (const [ref, at] of this.changed) {
      const age = wall - at;
      if (age < 0 || age >= GLOW_MS) continue;
      const strength = 1 - age / GLOW_MS;
      for (const id of this.nodesByRef.get(ref) ?? []) {
        const target = this.zoomLevel !== 'detail' ? (this.foldedGraph()?.repOf.get(id) ?? id) : id;
        glow.set(target, Math.max(glow.get(target) ?? 0, strength));
      }
    }
    return glow;
  }

  /**
   * Text widths by font, cached: labels are measured every frame. With `font`, the canvas font
   * is neither read nor set unless the text must be measured (both are costly).
   */
  private readonly measure: Measure = (ctx, text, font) => {
    const key = font ?? ctx.font;
    let widths = this.measureCache.get(key);
    if (!widths) {
      widths = new Map();
      this.measureCache.set(key, widths);
    }
    let width = widths.get(text);
    if (width === undefined) {
      if (font !== undefined) ctx.font = font;
      width = ctx.measureText(text).width;
      if (++this.measured > 20_000) {
        this.measureCache.clear();
        this.measured = 0;
      }
      widths.set(text, width);
    }
    return width;
  };
}

/** The folded graph's nodes (a fold at the centroid of its members) and the links between them. */
function foldedDrawData(folded: FoldedGraph, layout: ForceLayout): DrawData {
  const byId = new Map<string, DrawNode>();
  for (const node of folded.nodes) {
    const sim = layout.byId.get(node.id);
    if (sim) {
      byId.set(node.id, sim);
      continue;
    }
    const members = folded.members.get(node.id) ?? [];
    let x = 0;
    let y = 0;
    let count = 0;
    let bornAt = -Infinity;
    for (const id of members) {
      const member = layout.byId.get(id);
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
