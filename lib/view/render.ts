import { polygonHull } from 'd3';

import type { ZoomLevel } from './fold';
import { ellipsize, LINE_MAX, NAME_MAX, type Rect } from './geometry';
import type { Region } from './layout';
import type { ViewLink, ViewNode } from './model';
import type { Paint2D } from './paint';
import { mix, type Palette } from './palette';

/** Anything with a position that stands for a graph node (a simulation node, a fold, a ghost). */
export interface DrawNode {
  id: string;
  node: ViewNode;
  x: number;
  y: number;
  /** Clock ms when it appeared (-Infinity: always there). */
  bornAt: number;
  /** Clock ms when it was removed (ghosts fading out). */
  diedAt?: number;
}

export interface DrawLink {
  link: ViewLink;
  source: DrawNode;
  target: DrawNode;
}

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export interface RenderInput {
  /** Output size in CSS pixels. */
  width: number;
  height: number;
  pixelRatio: number;
  transform: Transform;
  palette: Palette;
  regions: readonly Region[];
  nodes: readonly DrawNode[];
  links: readonly DrawLink[];
  ghosts: readonly DrawNode[];
  level: ZoomLevel;
  selected: string | null;
  hovered: string | null;
  /** When set, everything else is dimmed (hover/selection neighbourhood). */
  focus: ReadonlySet<string> | null;
  /** Node id → glow strength in (0, 1]. */
  glow: ReadonlyMap<string, number>;
  /** Draw the ingress layer's paths. */
  ingress: boolean;
  /** Host region id → what to say about its connection (stale engines). */
  hostNotes: ReadonlyMap<string, string>;
  /** The server link is down: everything is stale. */
  offline: boolean;
  now: number;
  /** Measures text in the current font (canvas measureText, cached). */
  measure?: (ctx: Paint2D, text: string) => number;
  /** Skip the background grid (exports). */
  grid?: boolean;
  /** The region a node is drawn in (labels stay inside it). */
  regionOf?: (node: DrawNode) => string | null;
}

export interface RenderStats {
  nodes: number;
  links: number;
  labels: number;
}

export const FONT_FAMILY = "system-ui, 'DejaVu Sans', 'Liberation Sans', sans-serif";
export const MONO_FAMILY = "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

const FADE_IN_MS = 550;
const FADE_OUT_MS = 800;

// --- small drawing helpers ---

function roundRect(ctx: Paint2D, x: number, y: number, w: number, h: number, r: number) {
  const rr = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.moveTo(x + rr, y);
  ctx.lineTo(x + w - rr, y);
  ctx.quadraticCurveTo(x + w, y, x + w, y + rr);
  ctx.lineTo(x + w, y + h - rr);
  ctx.quadraticCurveTo(x + w, y + h, x + w - rr, y + h);
  ctx.lineTo(x + rr, y + h);
  ctx.quadraticCurveTo(x, y + h, x, y + h - rr);
  ctx.lineTo(x, y + rr);
  ctx.quadraticCurveTo(x, y, x + rr, y);
  ctx.closePath();
}

function circle(ctx: Paint2D, x: number, y: number, r: number) {
  ctx.moveTo(x + r, y);
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.closePath();
}

function polygon(ctx: Paint2D, x: number, y: number, r: number, sides: number, rotation: number) {
  for (let i = 0; i < sides; i++) {
    const a = rotation + (i / sides) * Math.PI * 2;
    const px = x + Math.cos(a) * r;
    const py = y + Math.sin(a) * r;
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
}

function linkPath(ctx: Paint2D, l: DrawLink, bent: boolean) {
  const { source: a, target: b } = l;
  ctx.moveTo(a.x, a.y);
  if (!bent) {
    ctx.lineTo(b.x, b.y);
    return;
  }
  const dy = (b.y - a.y) * 0.55;
  ctx.bezierCurveTo(a.x, a.y + dy, b.x, b.y - dy, b.x, b.y);
}

/** The point at `t` (0 = a, 1 = b) on a link, straight or bent as drawn. */
function pointOn(a: DrawNode, b: DrawNode, t: number, bent: boolean): [number, number] {
  if (!bent) return [a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t];
  const dy = (b.y - a.y) * 0.55;
  const u = 1 - t;
  const c1y = a.y + dy;
  const c2y = b.y - dy;
  return [
    u * u * u * a.x + 3 * u * u * t * a.x + 3 * u * t * t * b.x + t * t * t * b.x,
    u * u * u * a.y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * b.y,
  ];
}

function portWidth(node: ViewNode): number {
  return Math.max(2 * node.r, node.name.length * 6.4 + 12);
}

/** The outline of a node's shape, added to the current path. */
export function shapePath(ctx: Paint2D, node: ViewNode, x: number, y: number, scale = 1) {
  const r = node.r * scale;
  switch (node.kind) {
    case 'network':
      circle(ctx, x, y, r);
      break;
    case 'container':
    case 'task':
      roundRect(ctx, x - r, y - r, 2 * r, 2 * r, r * 0.32);
      break;
    case 'service':
      polygon(ctx, x, y, r * 1.08, 6, Math.PI / 6);
      break;
    case 'port': {
      const w = portWidth(node) * scale;
      roundRect(ctx, x - w / 2, y - 8 * scale, w, 16 * scale, 8 * scale);
      break;
    }
    case 'uplink':
      polygon(ctx, x, y, r * 1.3, 4, 0);
      break;
    case 'project':
      roundRect(ctx, x - r + 4, y - r - 4, 2 * r, 2 * r, r * 0.3);
      roundRect(ctx, x - r, y - r, 2 * r, 2 * r, r * 0.3);
      break;
  }
}

/** Half-extent of a node for hit tests and label placement, in graph units. */
export function nodeExtent(node: ViewNode): { w: number; h: number } {
  if (node.kind === 'port') return { w: portWidth(node) / 2, h: 8 };
  if (node.kind === 'uplink') return { w: node.r * 1.3, h: node.r * 1.3 };
  return { w: node.r, h: node.r };
}

interface Colors {
  fill: string;
  stroke: string;
}

function statusColor(palette: Palette, status: ViewNode['status'], base: string): string {
  switch (status) {
    case 'ok':
      return base;
    case 'warn':
      return palette.warn;
    case 'bad':
      return palette.bad;
    case 'off':
      return mix(palette.muted, palette.panel, 0.35);
  }
}

function edgeOf(palette: Palette, color: string): string {
  return palette.dark ? mix(color, '#ffffff', 0.25) : mix(color, '#000000', 0.22);
}

const colorCache = new WeakMap<Palette, Map<string, Colors>>();

/** Fill and edge of a node (memoized per palette: colours are mixed once, not every frame). */
export function nodeColors(palette: Palette, node: ViewNode): Colors {
  let cache = colorCache.get(palette);
  if (!cache) {
    cache = new Map();
    colorCache.set(palette, cache);
  }
  const key = `${node.kind}|${node.style ?? ''}|${node.status}|${node.kind === 'project' ? node.tags[0] : ''}`;
  let colors = cache.get(key);
  if (!colors) {
    colors = computeColors(palette, node);
    cache.set(key, colors);
  }
  return colors;
}

function computeColors(palette: Palette, node: ViewNode): Colors {
  switch (node.kind) {
    case 'network': {
      const color = palette.drivers[node.style ?? 'other'];
      return { fill: mix(palette.panel, color, palette.dark ? 0.2 : 0.11), stroke: color };
    }
    case 'container': {
      const fill = statusColor(palette, node.status, palette.container);
      return { fill, stroke: edgeOf(palette, fill) };
    }
    case 'task': {
      const fill = statusColor(palette, node.status, palette.task);
      return { fill, stroke: edgeOf(palette, fill) };
    }
    case 'service': {
      return {
        fill: palette.service,
        stroke: statusColor(palette, node.status, edgeOf(palette, palette.service)),
      };
    }
    case 'port':
      return { fill: palette.ingress, stroke: edgeOf(palette, palette.ingress) };
    case 'uplink': {
      const color = palette.drivers[node.style ?? 'macvlan'];
      return { fill: color, stroke: edgeOf(palette, color) };
    }
    case 'project': {
      const color = node.tags.includes('stack')
        ? palette.service
        : node.tags.includes('tasks')
          ? palette.task
          : palette.container;
      return { fill: color, stroke: edgeOf(palette, color) };
    }
  }
}

const DRIVER_GLYPH: Record<NonNullable<ViewNode['style']>, string> = {
  bridge: 'BR',
  overlay: 'OV',
  macvlan: 'MV',
  ipvlan: 'IV',
  host: 'HOST',
  none: '∅',
  other: 'NET',
};

function linkColor(palette: Palette, link: DrawLink): string {
  switch (link.link.kind) {
    case 'endpoint':
    case 'uplink': {
      const network = link.target.node.kind === 'network' ? link.target.node : link.source.node;
      return palette.drivers[network.style ?? 'other'];
    }
    case 'vip':
    case 'member':
      return palette.service;
    case 'publish':
      return palette.ingress;
  }
}

/** Greedy label placement: a label is drawn only where it does not cover another. */
class LabelSpace {
  private readonly cells = new Map<number, Rect[]>();
  private static readonly SIZE = 96;

  private keys(r: Rect): number[] {
    const s = LabelSpace.SIZE;
    const keys: number[] = [];
    for (let gx = Math.floor(r.x / s); gx <= Math.floor((r.x + r.w) / s); gx++) {
      for (let gy = Math.floor(r.y / s); gy <= Math.floor((r.y + r.h) / s); gy++) {
        keys.push(gx * 100_003 + gy);
      }
    }
    return keys;
  }

  fits(r: Rect): boolean {
    for (const key of this.keys(r)) {
      for (const o of this.cells.get(key) ?? []) {
        if (r.x < o.x + o.w && r.x + r.w > o.x && r.y < o.y + o.h && r.y + r.h > o.y) return false;
      }
    }
    return true;
  }

  add(r: Rect) {
    for (const key of this.keys(r)) {
      const list = this.cells.get(key);
      if (list) list.push(r);
      else this.cells.set(key, [r]);
    }
  }

  place(r: Rect): boolean {
    if (!this.fits(r)) return false;
    this.add(r);
    return true;
  }
}

function within(box: Rect, bounds: Rect): boolean {
  return (
    box.x >= bounds.x &&
    box.y >= bounds.y &&
    box.x + box.w <= bounds.x + bounds.w &&
    box.y + box.h <= bounds.y + bounds.h
  );
}

function fadeOf(node: DrawNode, now: number): number {
  if (node.diedAt !== undefined) return Math.max(0, 1 - (now - node.diedAt) / FADE_OUT_MS);
  if (!Number.isFinite(node.bornAt)) return 1;
  const t = (now - node.bornAt) / FADE_IN_MS;
  return t >= 1 ? 1 : Math.max(0, t);
}

/** True while something is animating (fades, glows): the caller keeps drawing frames. */
export function isAnimating(
  input: Pick<RenderInput, 'nodes' | 'ghosts' | 'glow' | 'now'>,
): boolean {
  if (input.ghosts.some((g) => fadeOf(g, input.now) > 0)) return true;
  if (input.glow.size > 0) return true;
  return input.nodes.some((n) => Number.isFinite(n.bornAt) && input.now - n.bornAt < FADE_IN_MS);
}

const defaultMeasure = (ctx: Paint2D, text: string) => ctx.measureText(text).width;

/**
 * Draws the whole map: background, host regions and the swarm band, network hulls (overview),
 * links, nodes, then labels in screen space (names, addresses on links, region headers).
 */
export function renderMap(ctx: Paint2D, input: RenderInput): RenderStats {
  const { palette, transform: t, width, height, pixelRatio: pr, now } = input;
  const measure = input.measure ?? defaultMeasure;
  const detail = input.level === 'detail';
  const k = t.k;
  const stats: RenderStats = { nodes: 0, links: 0, labels: 0 };
  // Links between a host and the swarm band (or two hosts) bend, like wiring; straight far out.
  const curved = (l: DrawLink) => detail && l.source.node.host !== l.target.node.host;

  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, width, height);

  // Background: a faint dot grid that moves with the map.
  if (input.grid !== false) {
    let step = 32 * k;
    while (step < 22) step *= 2;
    while (step > 70) step /= 2;
    const ox = ((t.x % step) + step) % step;
    const oy = ((t.y % step) + step) % step;
    ctx.fillStyle = palette.border;
    ctx.globalAlpha = palette.dark ? 0.5 : 0.75;
    // NOTE: one fillRect per dot: a single path of a thousand rectangles is slow to fill.
    for (let x = ox; x < width; x += step) {
      for (let y = oy; y < height; y += step) ctx.fillRect(x - 0.75, y - 0.75, 1.5, 1.5);
    }
    ctx.globalAlpha = 1;
  }

  // Visible area in graph units, with a margin for labels.
  const margin = 80 / k;
  const view = {
    x0: -t.x / k - margin,
    y0: -t.y / k - margin,
    x1: (width - t.x) / k + margin,
    y1: (height - t.y) / k + margin,
  };
  const onScreen = (n: DrawNode) => {
    const x = n.x * k + t.x;
    const y = n.y * k + t.y;
    return x >= -20 && x <= width + 20 && y >= -20 && y <= height + 20;
  };
  const visible = (x: number, y: number) =>
    x >= view.x0 && x <= view.x1 && y >= view.y0 && y <= view.y1;

  ctx.setTransform(pr * k, 0, 0, pr * k, pr * t.x, pr * t.y);
  const px = 1 / k; // one screen pixel in graph units

  // Regions.
  for (const region of input.regions) {
    const { rect } = region;
    if (
      rect.x > view.x1 ||
      rect.y > view.y1 ||
      rect.x + rect.w < view.x0 ||
      rect.y + rect.h < view.y0
    ) {
      continue;
    }
    const stale = region.group?.stale ?? false;
    ctx.beginPath();
    if (region.shape === 'circle') {
      circle(ctx, rect.x + rect.w / 2, rect.y + rect.h / 2, rect.w / 2);
    } else {
      roundRect(ctx, rect.x, rect.y, rect.w, rect.h, 14);
    }
    let fill = palette.panel;
    let stroke = palette.border;
    if (region.kind === 'swarm') {
      fill = mix(palette.panel, palette.drivers.overlay, palette.dark ? 0.06 : 0.035);
      stroke = mix(palette.border, palette.drivers.overlay, 0.35);
    } else if (region.kind === 'cluster' && region.network) {
      const network = input.nodes.find((n) => n.id === region.network);
      const color = palette.drivers[network?.node.style ?? 'other'];
      fill = mix(palette.panel, color, palette.dark ? 0.06 : 0.04);
      stroke = mix(palette.border, color, 0.4);
    }
    ctx.fillStyle = fill;
    ctx.globalAlpha = region.kind === 'cluster' ? 0.85 : 1;
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.strokeStyle = stale ? palette.warn : stroke;
    ctx.lineWidth = Math.max(1, 1.2 * px);
    ctx.setLineDash(stale ? [8 * px, 5 * px] : []);
    ctx.stroke();
    ctx.setLineDash([]);
    if (region.shape === 'rect') {
      // Header rule.
      ctx.beginPath();
      ctx.moveTo(rect.x + 14, rect.y + 38);
      ctx.lineTo(rect.x + rect.w - 14, rect.y + 38);
      ctx.strokeStyle = stroke;
      ctx.globalAlpha = 0.6;
      ctx.lineWidth = px;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
    if (stale) {
      // Hatching says "this may be out of date".
      ctx.beginPath();
      const step = 18;
      for (let d = step; d < rect.w + rect.h; d += step) {
        const x0 = rect.x + Math.max(0, d - rect.h);
        const y0 = rect.y + Math.min(d, rect.h);
        const x1 = rect.x + Math.min(d, rect.w);
        const y1 = rect.y + Math.max(0, d - rect.w);
        ctx.moveTo(x0, y0);
        ctx.lineTo(x1, y1);
      }
      ctx.strokeStyle = palette.warn;
      ctx.globalAlpha = 0.1;
      ctx.lineWidth = 2;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
  }

  const focus = input.focus;
  const dimAlpha = 0.14;
  const nodeAlpha = (node: DrawNode) => {
    let a = fadeOf(node, now);
    if (node.node.context) a *= 0.5;
    if (node.node.stale || input.offline) a *= 0.6;
    if (focus && !focus.has(node.id)) a *= dimAlpha;
    return a;
  };

  // Overview: a network local to one host becomes a hull around its members (and the hull
  // stands for their endpoint links). Overlays span the swarm: a hull would cover everything.
  const hulled = new Set<string>();
  if (!detail) {
    const members = new Map<string, DrawNode[]>();
    const hubs = new Map<string, DrawNode>();
    for (const { link, source, target } of input.links) {
      if (link.kind !== 'endpoint') continue;
      const hub = target.node.kind === 'network' ? target : null;
      if (!hub || hub.node.host === null || source.node.host !== hub.node.host) continue;
      hubs.set(hub.id, hub);
      const list = members.get(hub.id);
      if (list) list.push(source);
      else members.set(hub.id, [source]);
    }
    for (const [id, list] of members) {
      const hub = hubs.get(id);
      if (!hub || !visible(hub.x, hub.y)) continue;
      const points: [number, number][] = [];
      for (const n of [hub, ...list]) {
        const pad = n.node.r + 12;
        for (let a = 0; a < 8; a++) {
          const angle = (a / 8) * Math.PI * 2;
          points.push([n.x + Math.cos(angle) * pad, n.y + Math.sin(angle) * pad]);
        }
      }
      const hull = polygonHull(points);
      if (!hull) continue;
      hulled.add(id);
      const color = palette.drivers[hub.node.style ?? 'other'];
      ctx.beginPath();
      hull.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.fillStyle = color;
      ctx.globalAlpha = (focus && !focus.has(id) ? 0.04 : 0.13) * (palette.dark ? 1.3 : 1);
      ctx.fill();
      ctx.strokeStyle = color;
      ctx.lineWidth = 1 / (k * pr);
      ctx.globalAlpha = focus && !focus.has(id) ? 0.15 : 0.55;
      ctx.stroke();
      ctx.globalAlpha = 1;
    }
  }

  // Links, batched by look.
  // NOTE: in software raster (headless Chromium, many laptops' canvas fallback) a 1-device-pixel
  // stroke is a hairline, ~10× cheaper than anything wider, and dashes multiply the cost. So
  // links are hairlines; only the few emphasised ones (hover, selection, ingress) are thicker,
  // and dashes are used only where there are few of them.
  const hair = 1 / (k * pr);
  const buckets = new Map<
    string,
    { color: string; kind: ViewLink['kind']; width: number; alpha: number; segs: DrawLink[] }
  >();
  const pathLinks: DrawLink[] = [];
  let shown: DrawLink[] = [];
  for (const l of input.links) {
    const { source: s, target: g } = l;
    if (l.link.kind === 'endpoint' && hulled.has(g.id)) continue;
    if (Math.max(s.x, g.x) < view.x0 || Math.min(s.x, g.x) > view.x1) continue;
    if (Math.max(s.y, g.y) < view.y0 || Math.min(s.y, g.y) > view.y1) continue;
    shown.push(l);
  }
  if (shown.length > 1200) {
    // NOTE: zoomed in on a big map, most links only pass through the screen between two
    // elements that are both off it. Past this many, draw only the links of what is on screen.
    shown = shown.filter((l) => onScreen(l.source) || onScreen(l.target));
  }
  for (const l of shown) {
    const { source: s, target: g } = l;
    stats.links++;
    const kind = l.link.kind;
    const inFocus = !focus || (focus.has(s.id) && focus.has(g.id));
    const fade = Math.min(fadeOf(s, now), fadeOf(g, now));
    let alpha = (kind === 'member' ? 0.6 : 0.85) * fade;
    if (!detail) alpha *= 0.5;
    if (!inFocus) alpha *= 0.15;
    if (s.node.context || g.node.context) alpha *= 0.5;
    const color = linkColor(palette, l);
    const width = focus && inFocus ? 2 * px : hair;
    const key = `${color}|${kind}|${alpha.toFixed(2)}|${width === hair ? 'h' : 'w'}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.segs.push(l);
    else buckets.set(key, { color, kind, width, alpha, segs: [l] });
    if (input.ingress && l.link.paths.length > 0) pathLinks.push(l);
  }
  for (const bucket of buckets.values()) {
    ctx.beginPath();
    for (const l of bucket.segs) linkPath(ctx, l, curved(l));
    ctx.strokeStyle = bucket.color;
    ctx.globalAlpha = bucket.alpha;
    ctx.lineWidth = bucket.width;
    // Dashes (VIP links) only while there are few: each dash is a segment to rasterise.
    ctx.setLineDash(bucket.kind === 'vip' && bucket.segs.length <= 40 ? [6 * px, 4 * px] : []);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;

  // Ingress layer: the paths published ports take, with arrows along the way traffic flows.
  if (pathLinks.length > 0) {
    ctx.beginPath();
    const arrows: [number, number, number][] = [];
    for (const l of pathLinks) {
      // Traffic flows port → network → service (VIP) → task: a VIP link is drawn backwards.
      const forward = l.link.kind !== 'vip';
      const from = forward ? l.source : l.target;
      const to = forward ? l.target : l.source;
      const bent = curved(l);
      linkPath(ctx, { link: l.link, source: from, target: to }, bent);
      const len = Math.hypot(to.x - from.x, to.y - from.y);
      if (len * k > 50) {
        const [x, y] = pointOn(from, to, 0.55, bent);
        const [x2, y2] = pointOn(from, to, 0.56, bent);
        arrows.push([x, y, Math.atan2(y2 - y, x2 - x)]);
      }
    }
    ctx.strokeStyle = palette.ingress;
    ctx.globalAlpha = focus ? 0.3 : 0.75;
    const fewPaths = pathLinks.length <= 40;
    ctx.lineWidth = fewPaths ? 1.6 * px : hair;
    ctx.setLineDash(fewPaths ? [6 * px, 4 * px] : []);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    const a = 5 * Math.max(px, 0.6);
    for (const [x, y, angle] of arrows) {
      ctx.moveTo(x + Math.cos(angle) * a, y + Math.sin(angle) * a);
      ctx.lineTo(x + Math.cos(angle + 2.5) * a, y + Math.sin(angle + 2.5) * a);
      ctx.lineTo(x + Math.cos(angle - 2.5) * a, y + Math.sin(angle - 2.5) * a);
      ctx.closePath();
    }
    ctx.fillStyle = palette.ingress;
    ctx.fill();
    ctx.globalAlpha = 1;
  }

  // Glows: what just changed.
  for (const node of input.nodes) {
    const g = input.glow.get(node.id);
    if (!g || !visible(node.x, node.y)) continue;
    const { w } = nodeExtent(node.node);
    ctx.beginPath();
    circle(ctx, node.x, node.y, w + 5 + 9 * g);
    ctx.fillStyle = palette.warn;
    ctx.globalAlpha = 0.28 * g;
    ctx.fill();
    ctx.beginPath();
    circle(ctx, node.x, node.y, w + 4 + 22 * (1 - g));
    ctx.strokeStyle = palette.warn;
    ctx.lineWidth = 2 * px + 1.5 * g;
    ctx.globalAlpha = 0.7 * g;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  // Nodes, batched by look; decorations per node.
  const drawn: { d: DrawNode; alpha: number; scale: number }[] = [];
  const shapeBuckets = new Map<
    string,
    { colors: Colors; alpha: number; lw: number; items: { d: DrawNode; scale: number }[] }
  >();
  const all = input.ghosts.length > 0 ? [...input.ghosts, ...input.nodes] : input.nodes;
  for (const d of all) {
    if (!visible(d.x, d.y)) continue;
    const alpha = nodeAlpha(d);
    if (alpha <= 0.01) continue;
    stats.nodes++;
    const fade = fadeOf(d, now);
    const scale = d.diedAt !== undefined ? 1 : 0.55 + 0.45 * fade;
    const colors = nodeColors(palette, d.node);
    // Hub rings are drawn thick (there are few); everything else gets a hairline edge.
    const lw = d.node.kind === 'network' ? (d.node.tags.includes('system') ? 1.6 : 2.6) : hair;
    const key = `${d.node.kind}|${colors.fill}|${colors.stroke}|${alpha.toFixed(2)}|${lw}`;
    const bucket = shapeBuckets.get(key);
    if (bucket) bucket.items.push({ d, scale });
    else shapeBuckets.set(key, { colors, alpha, lw, items: [{ d, scale }] });
    drawn.push({ d, alpha, scale });
  }
  // NOTE: one path per ≤ 48 shapes: a single huge path is slow to fill in software raster.
  for (const bucket of shapeBuckets.values()) {
    ctx.globalAlpha = bucket.alpha;
    ctx.fillStyle = bucket.colors.fill;
    ctx.strokeStyle = bucket.colors.stroke;
    ctx.lineWidth = bucket.lw;
    for (let start = 0; start < bucket.items.length; start += 48) {
      ctx.beginPath();
      for (const { d, scale } of bucket.items.slice(start, start + 48)) {
        shapePath(ctx, d.node, d.x, d.y, scale);
      }
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;

  // Per-node details, when big enough on screen to read.
  for (const { d, alpha, scale } of drawn) {
    const node = d.node;
    const r = node.r * scale;
    const onScreen = r * k;
    ctx.globalAlpha = alpha;
    if (node.kind === 'network') {
      const color = palette.drivers[node.style ?? 'other'];
      if (node.tags.includes('internal')) {
        ctx.beginPath();
        circle(ctx, d.x, d.y, r + 4.5);
        ctx.strokeStyle = color;
        ctx.lineWidth = 1.4;
        ctx.setLineDash([3, 3]);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (node.tags.includes('ingress')) {
        ctx.beginPath();
        circle(ctx, d.x, d.y, r - 4);
        ctx.strokeStyle = palette.ingress;
        ctx.lineWidth = 1.6;
        ctx.stroke();
      }
      if (node.style === 'none') {
        ctx.beginPath();
        circle(ctx, d.x, d.y, r);
        ctx.strokeStyle = palette.panel;
        ctx.lineWidth = 1.8;
        ctx.setLineDash([3, 3]);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (onScreen >= 8) {
        const glyph = DRIVER_GLYPH[node.style ?? 'other'];
        const size = Math.min(r * (glyph.length > 2 ? 0.5 : 0.72), 13);
        ctx.font = `700 ${size.toFixed(1)}px ${FONT_FAMILY}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillStyle = color;
        ctx.fillText(glyph, d.x, d.y + 0.5);
      }
      if (node.tags.includes('encrypted'))
        drawLock(ctx, d.x + r * 0.72, d.y - r * 0.72, Math.max(5, r * 0.34), palette);
    } else if (node.kind === 'service') {
      if (node.tags.includes('dnsrr')) {
        ctx.beginPath();
        polygon(ctx, d.x, d.y, r * 1.08 + 4, 6, Math.PI / 6);
        ctx.strokeStyle = palette.service;
        ctx.lineWidth = 1.3;
        ctx.setLineDash([3, 2.5]);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      if (onScreen >= 9) {
        const replicas = node.lines[0]?.split(' ')[0] ?? '';
        ctx.font = `700 ${Math.min(r * 0.62, 12).toFixed(1)}px ${FONT_FAMILY}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillStyle = '#ffffff';
        ctx.fillText(replicas, d.x, d.y + 0.5);
      }
    } else if (node.kind === 'container' && onScreen >= 6) {
      // Ribs: a shipping container.
      ctx.beginPath();
      for (const f of [-0.35, 0, 0.35]) {
        ctx.moveTo(d.x + f * r, d.y - r * 0.55);
        ctx.lineTo(d.x + f * r, d.y + r * 0.55);
      }
      ctx.strokeStyle = '#ffffff';
      ctx.globalAlpha = alpha * 0.45;
      ctx.lineWidth = 1.3;
      ctx.stroke();
    } else if (node.kind === 'task' && onScreen >= 7) {
      const slot = /\.(\d+)$/.exec(node.name)?.[1];
      if (slot) {
        ctx.font = `700 ${Math.min(r * 1.05, 11).toFixed(1)}px ${FONT_FAMILY}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillStyle = '#ffffff';
        ctx.fillText(slot, d.x, d.y + 0.5);
      }
    } else if (node.kind === 'port' && onScreen >= 5) {
      ctx.font = `700 ${(10 * scale).toFixed(1)}px ${MONO_FAMILY}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = '#ffffff';
      ctx.fillText(node.name, d.x, d.y + 0.5);
    } else if (node.kind === 'project' && onScreen >= 8) {
      ctx.font = `700 ${Math.min(r * 0.7, 12).toFixed(1)}px ${FONT_FAMILY}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = '#ffffff';
      ctx.fillText(String(/· (\d+)/.exec(node.lines[0] ?? '')?.[1] ?? ''), d.x, d.y + 0.5);
    }
    if (d.id === input.selected || d.id === input.hovered) {
      const { w, h } = nodeExtent(node);
      ctx.beginPath();
      if (node.kind === 'port')
        roundRect(ctx, d.x - w - 4, d.y - h - 4, 2 * w + 8, 2 * h + 8, h + 4);
      else circle(ctx, d.x, d.y, Math.max(w, h) * scale + 5);
      ctx.strokeStyle = palette.accent;
      ctx.globalAlpha = d.id === input.selected ? 1 : 0.55;
      ctx.lineWidth = Math.max(2.2 * px, 1.5);
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;

  // --- screen space: labels ---
  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  const space = new LabelSpace();
  const sx = (x: number) => x * k + t.x;
  const sy = (y: number) => y * k + t.y;

  // Region headers first: they own their corner.
  for (const region of input.regions) {
    if (region.shape !== 'rect' || !region.group) continue;
    const x = sx(region.rect.x) + 14;
    const y = sy(region.rect.y) + Math.min(19, Math.max(10, 19 * k));
    if (x > width || y > height || sx(region.rect.x + region.rect.w) < 0 || y < -20) continue;
    const group = region.group;
    const size = k < 0.35 ? 11 : 13;
    ctx.font = `700 ${size}px ${FONT_FAMILY}`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const title = group.kind === 'swarm' ? 'SWARM' : group.name;
    const titleWidth = measure(ctx, title);
    ctx.fillStyle = group.kind === 'swarm' ? palette.drivers.overlay : palette.text;
    ctx.fillText(title, x, y);
    let cursor = x + titleWidth + 10;
    const maxX = sx(region.rect.x + region.rect.w) - 14;
    const note = input.hostNotes.get(region.id);
    if (note) {
      ctx.font = `600 11px ${FONT_FAMILY}`;
      const w = measure(ctx, note) + 16;
      ctx.beginPath();
      roundRect(ctx, cursor, y - 9, w, 18, 9);
      ctx.fillStyle = mix(palette.panel, palette.warn, 0.18);
      ctx.fill();
      ctx.fillStyle = palette.warn;
      ctx.fillText(note, cursor + 8, y + 0.5);
      cursor += w + 10;
    }
    if (k >= 0.3) {
      ctx.font = `400 11px ${FONT_FAMILY}`;
      ctx.fillStyle = palette.muted;
      const text = group.lines.join('  ·  ');
      if (cursor + measure(ctx, text) < maxX) ctx.fillText(text, cursor, y + 0.5);
      else if (group.lines[0] && cursor + measure(ctx, group.lines[0]) < maxX)
        ctx.fillText(group.lines[0], cursor, y + 0.5);
    }
    // The whole header strip belongs to the region's title.
    space.add({
      x: sx(region.rect.x),
      y: sy(region.rect.y),
      w: region.rect.w * k,
      h: Math.max(20, 38 * k),
    });
  }

  // Node shapes are obstacles for labels.
  for (const { d, scale } of drawn) {
    const { w, h } = nodeExtent(d.node);
    space.add({
      x: sx(d.x) - w * k * scale,
      y: sy(d.y) - h * k * scale,
      w: 2 * w * k * scale,
      h: 2 * h * k * scale,
    });
  }

  // Labels stay inside their node's region (a host's label never lands in its neighbour).
  const regionRects = new Map<string, Rect>();
  for (const region of input.regions) {
    // Circles (grouping by network) are loose: a long name may stick out of its circle.
    if (region.shape !== 'rect') continue;
    regionRects.set(region.id, {
      x: sx(region.rect.x) + 2,
      y: sy(region.rect.y) + 2,
      w: region.rect.w * k - 4,
      h: region.rect.h * k - 4,
    });
  }
  const regionOf = new Map<string, Rect>();
  const memberRegion = input.regionOf;
  if (memberRegion) {
    for (const { d } of drawn) {
      const id = memberRegion(d);
      const rect = id ? regionRects.get(id) : undefined;
      if (rect) regionOf.set(d.id, rect);
    }
  }

  const labelAllowed = (node: ViewNode) => {
    // Hubs are always named (collisions decide how many fit); leaves once they are readable.
    if (node.kind === 'network' || node.kind === 'service' || node.kind === 'project') {
      return true;
    }
    if (node.kind === 'port' || node.kind === 'uplink') return k >= 0.45;
    return k >= 0.55;
  };
  const priority = (d: DrawNode) => {
    if (d.id === input.selected) return 0;
    if (d.id === input.hovered) return 1;
    if (focus?.has(d.id)) return 2;
    switch (d.node.kind) {
      case 'network':
        return d.node.tags.includes('system') ? 5 : 3;
      case 'service':
      case 'project':
        return 4;
      case 'port':
      case 'uplink':
        return 6;
      default:
        return 7;
    }
  };
  const order = drawn
    .filter(
      ({ d, alpha }) =>
        alpha > 0.2 && (labelAllowed(d.node) || d.id === input.selected || d.id === input.hovered),
    )
    .sort((a, b) => priority(a.d) - priority(b.d) || b.d.node.r - a.d.node.r);

  // Link labels of the focused neighbourhood come before node names; the rest after.
  const linkLabel = (l: DrawLink, force: boolean) => {
    if (!l.link.label || l.link.kind === 'member' || l.link.kind === 'uplink') return;
    // The label sits near the member's end: it is that endpoint's address on the network.
    const memberIsSource = l.link.kind !== 'publish';
    const member = memberIsSource ? l.source : l.target;
    const hub = memberIsSource ? l.target : l.source;
    const len = Math.hypot(hub.x - member.x, hub.y - member.y) * k;
    ctx.font = `500 10px ${MONO_FAMILY}`;
    const text = ellipsize(l.link.label, 34);
    const w = measure(ctx, text) + 10;
    if (!force && len < w * 0.9 + member.node.r * k + hub.node.r * k) return;
    const bent = curved(l);
    const near = Math.min(0.5, (member.node.r * k + 12 + w / 2) / Math.max(len, 1));
    const tries = force ? [near, 0.3, 0.7, 0.5] : [near];
    for (let i = 0; i < tries.length; i++) {
      const along = tries[i] ?? near;
      const t = memberIsSource ? along : 1 - along;
      const [gx, gy] = pointOn(l.source, l.target, t, bent);
      const cx = sx(gx);
      const cy = sy(gy);
      if (cx < -w || cx > width + w || cy < -20 || cy > height + 20) return;
      const box = { x: cx - w / 2, y: cy - 8, w, h: 16 };
      // The hovered or selected element's addresses are shown even if crowded (at the middle).
      const last = force && i === tries.length - 1;
      if (!space.place(box) && !last) continue;
      const color = linkColor(palette, l);
      ctx.beginPath();
      roundRect(ctx, box.x, box.y, box.w, box.h, 8);
      ctx.fillStyle = palette.panel;
      ctx.globalAlpha = 0.94;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = mix(palette.panel, color, 0.55);
      ctx.lineWidth = 1;
      ctx.stroke();
      ctx.fillStyle = palette.dark ? mix(color, '#ffffff', 0.45) : mix(color, '#000000', 0.35);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, cx, cy + 0.5);
      stats.labels++;
      return;
    }
  };
  const labelledLinks = shown.filter(
    (l) =>
      l.link.label !== '' &&
      (l.link.kind === 'endpoint' || l.link.kind === 'vip' || l.link.kind === 'publish') &&
      onScreen(l.link.kind === 'publish' ? l.target : l.source),
  );
  if (focus && detail) {
    for (const l of labelledLinks) {
      if (focus.has(l.source.id) && focus.has(l.target.id)) linkLabel(l, true);
    }
  }

  for (const { d, alpha } of order) {
    const node = d.node;
    const { w: halfW, h: halfH } = nodeExtent(node);
    const x = sx(d.x);
    const y = sy(d.y);
    if (x < -150 || x > width + 150 || y < -60 || y > height + 60) continue;
    const force = d.id === input.selected || d.id === input.hovered;
    const bounds = regionOf.get(d.id) ?? null;
    // A port's pill already says its number; its label is the mapping, on demand.
    const name = node.kind === 'port' ? '' : ellipsize(node.name, NAME_MAX);
    const important = node.kind === 'network' || node.kind === 'service' || node.kind === 'project';
    const nameFont = `${important ? 700 : 600} 11px ${FONT_FAMILY}`;
    ctx.font = nameFont;
    const nameWidth = name ? measure(ctx, name) : 0;
    const showLines =
      node.lines.length > 0 &&
      ((important && k >= 0.6) || (node.kind !== 'port' && k >= 1.4) || force);
    const lines = showLines
      ? node.lines
          .slice(0, node.kind === 'network' ? 2 : 1)
          .map((line) => ellipsize(line, LINE_MAX))
      : [];
    if (!name && lines.length === 0) continue;
    ctx.font = `400 10px ${FONT_FAMILY}`;
    const lineWidths = lines.map((line) => measure(ctx, line));
    const nameH = name ? 14 : 0;
    const gapBelow = halfH * k + 4 + (node.tags.includes('internal') ? 4 * k : 0);
    const gapSide = halfW * k + 5;
    // Below first, then right, above, left; then the name alone in the same places.
    const place = (withLines: boolean) => {
      const used = withLines ? lines : [];
      const w = Math.max(nameWidth, ...used.map((_, i) => lineWidths[i] ?? 0)) + 6;
      const h = nameH + used.length * 12;
      const candidates = [
        { x: x - w / 2, y: y + gapBelow },
        { x: x + gapSide, y: y - h / 2 },
        { x: x - w / 2, y: y - gapBelow - h },
        { x: x - gapSide - w, y: y - h / 2 },
      ];
      for (const c of candidates) {
        const box = { x: c.x, y: c.y, w, h };
        if (bounds && !within(box, bounds)) continue;
        if (space.place(box)) return { box, used };
      }
      return null;
    };
    let spot = place(true) ?? (lines.length > 0 && name ? place(false) : null);
    if (!spot && force) {
      const w = Math.max(nameWidth, ...lineWidths) + 6;
      spot = {
        box: { x: x - w / 2, y: y + gapBelow, w, h: nameH + lines.length * 12 },
        used: lines,
      };
    }
    if (!spot) continue;
    const cx = spot.box.x + spot.box.w / 2;
    ctx.globalAlpha = Math.min(1, alpha * 1.1);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = palette.panel;
    ctx.lineWidth = 3;
    if (name) {
      ctx.font = nameFont;
      ctx.strokeText(name, cx, spot.box.y);
      ctx.fillStyle = palette.text;
      ctx.fillText(name, cx, spot.box.y);
    }
    ctx.font = `400 10px ${FONT_FAMILY}`;
    spot.used.forEach((line, i) => {
      const ly = spot.box.y + nameH + i * 12;
      ctx.strokeText(line, cx, ly);
      ctx.fillStyle = palette.muted;
      ctx.fillText(line, cx, ly);
    });
    stats.labels++;
  }
  ctx.globalAlpha = 1;
  ctx.lineJoin = 'miter';

  if (detail && k >= 0.75) {
    for (const l of labelledLinks) {
      if (focus && !(focus.has(l.source.id) && focus.has(l.target.id))) continue;
      if (l.source.node.context && l.target.node.context) continue;
      if (fadeOf(l.source, now) < 0.5 || fadeOf(l.target, now) < 0.5) continue;
      linkLabel(l, false);
    }
  }

  if (input.offline) {
    ctx.fillStyle = palette.bg;
    ctx.globalAlpha = 0.25;
    ctx.fillRect(0, 0, width, height);
    ctx.globalAlpha = 1;
  }
  return stats;
}

function drawLock(ctx: Paint2D, x: number, y: number, s: number, palette: Palette) {
  ctx.beginPath();
  roundRect(ctx, x - s, y - s * 0.2, 2 * s, s * 1.5, s * 0.3);
  ctx.fillStyle = palette.warn;
  ctx.fill();
  ctx.strokeStyle = palette.panel;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x - s * 0.6, y - s * 0.2);
  ctx.lineTo(x - s * 0.6, y - s * 0.6);
  ctx.arc(x, y - s * 0.6, s * 0.6, Math.PI, Math.PI * 2);
  ctx.lineTo(x + s * 0.6, y - s * 0.2);
  ctx.strokeStyle = palette.warn;
  ctx.lineWidth = Math.max(1.2, s * 0.32);
  ctx.stroke();
}
