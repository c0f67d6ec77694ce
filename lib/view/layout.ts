import {
  forceLink,
  forceManyBody,
  forceSimulation,
  type Simulation,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3';

import { forceGridCollide } from './collide';
import {
  angleOf,
  ellipsize,
  estimateTextWidth,
  FONT_PX,
  LINE_MAX,
  NAME_MAX,
  type Rect,
} from './geometry';
import { SWARM_GROUP } from './graph';
import type { GroupBy, LinkKind, ViewGraph, ViewGroup, ViewLink, ViewNode } from './model';

/** A place on the map: a host, the swarm band, or (grouping by network) a network's cluster. */
export interface Region {
  id: string;
  kind: 'host' | 'swarm' | 'cluster';
  shape: 'rect' | 'circle';
  /** Outline (for a circle: its bounding square). */
  rect: Rect;
  /** Where members may go (below the header). */
  inner: Rect;
  /** The host or swarm group it draws, if any. */
  group: ViewGroup | null;
  /** The network a cluster gathers around. */
  network: string | null;
}

export interface SimNode extends SimulationNodeDatum {
  id: string;
  node: ViewNode;
  x: number;
  y: number;
  /** Collision radius: the shape plus room for its label. */
  collide: number;
  region: string;
  /** When it appeared (clock ms), for the fade-in. */
  bornAt: number;
}

export interface SimLink extends SimulationLinkDatum<SimNode> {
  link: ViewLink;
  source: SimNode;
  target: SimNode;
}

const HEADER = 46;
const PAD = 18;
const GAP = 56;
const MIN_HOST_W = 260;
const MIN_HOST_H = 240;
/** Width / height of the screen the map is laid out for, when not told. */
export const DEFAULT_ASPECT = 2;
const MAX_PER_ROW = 5;

/** Collision radius for a node: its shape and the width of its name. */
export function collideRadius(node: ViewNode): number {
  const name = estimateTextWidth(ellipsize(node.name, NAME_MAX), FONT_PX.name) / 2;
  if (node.kind === 'network' || node.kind === 'service') {
    const line = node.lines[0]
      ? estimateTextWidth(ellipsize(node.lines[0], LINE_MAX), FONT_PX.line) / 2
      : 0;
    return Math.max(node.r + 16, Math.min(Math.max(name, line) * 0.85, 58));
  }
  // NOTE: leaves stay small: labels that do not fit are dropped by the renderer until zoomed in.
  return Math.max(node.r + 10, Math.min(name * 0.85 + 6, 38));
}

function footprint(collide: number): number {
  return (2 * collide + 4) ** 2 * 1.9;
}

function innerOf(rect: Rect, header = HEADER): Rect {
  return {
    x: rect.x + PAD,
    y: rect.y + header,
    w: Math.max(1, rect.w - 2 * PAD),
    h: Math.max(1, rect.h - header - PAD),
  };
}

/** Host regions in rows under the swarm band, each sized to hold its members. */
export function regionsByNode(
  groups: readonly ViewGroup[],
  areaOf: (group: ViewGroup) => number,
  aspect = DEFAULT_ASPECT,
): Region[] {
  const hosts = groups.filter((group) => group.kind === 'host');
  const swarm = groups.find((group) => group.kind === 'swarm') ?? null;
  const perRow = Math.min(
    MAX_PER_ROW,
    Math.max(
      1,
      hosts.length <= MAX_PER_ROW ? hosts.length : Math.ceil(Math.sqrt(hosts.length * 2)),
    ),
  );
  const rows: ViewGroup[][] = [];
  for (let i = 0; i < hosts.length; i += perRow) rows.push(hosts.slice(i, i + perRow));

  const rowAreas = rows.map((row) => row.map((group) => areaOf(group) + MIN_HOST_W * HEADER));
  const rowWidth = (areas: number[], h: number) =>
    areas.reduce((sum, area) => sum + Math.max(MIN_HOST_W, area / h), 0) + GAP * (areas.length - 1);
  const widthAt = (h: number) =>
    Math.max(MIN_HOST_W * 2, ...rowAreas.map((areas) => rowWidth(areas, h)));
  const bandArea = swarm ? areaOf(swarm) : 0;
  const bandAt = (width: number) =>
    swarm ? Math.max(190, bandArea / (width - 2 * PAD) + HEADER + PAD + 20) : 0;
  const totalAt = (h: number) => {
    const width = widthAt(h);
    const band = bandAt(width);
    return { width, band, height: (band ? band + GAP : 0) + rows.length * (h + GAP) - GAP };
  };
  // NOTE: one host height for all rows; searched so that the whole map has about the aspect of
  // the screen it is shown on (wider hosts when the screen is wide).
  let lo = MIN_HOST_H;
  let hi = 40_000;
  for (let i = 0; i < 48; i++) {
    const mid = (lo + hi) / 2;
    const { width, height } = totalAt(mid);
    if (width / height > aspect) lo = mid;
    else hi = mid;
  }
  const hostHeight = Math.max(MIN_HOST_H, lo);
  const totalWidth = widthAt(hostHeight);
  const rowLayouts = rows.map((row, index) => {
    const areas = rowAreas[index] ?? [];
    return {
      row,
      h: hostHeight,
      widths: areas.map((area) => Math.max(MIN_HOST_W, area / hostHeight)),
    };
  });

  const regions: Region[] = [];
  let y = 0;
  if (swarm) {
    const h = bandAt(totalWidth);
    const rect = { x: 0, y, w: totalWidth, h };
    regions.push({
      id: swarm.id,
      kind: 'swarm',
      shape: 'rect',
      rect,
      inner: innerOf(rect),
      group: swarm,
      network: null,
    });
    y += h + GAP;
  }
  for (const { row, h, widths } of rowLayouts) {
    // A row narrower than the widest one is stretched, so the map reads as one block.
    const sum = widths.reduce((a, b) => a + b, 0);
    const scale = (totalWidth - GAP * (row.length - 1)) / sum;
    let x = 0;
    row.forEach((group, index) => {
      const w = (widths[index] ?? MIN_HOST_W) * scale;
      const rect = { x, y, w, h };
      regions.push({
        id: group.id,
        kind: 'host',
        shape: 'rect',
        rect,
        inner: innerOf(rect),
        group,
        network: null,
      });
      x += w + GAP;
    });
    y += h + GAP;
  }
  return regions;
}

export const UNCLUSTERED = '(none)';

/**
 * Grouping by network: one circle per network, sized for its members, biggest first, in rows as
 * wide as the screen's shape asks (each row's circles centred on the row's line).
 */
export function regionsByNetwork(
  clusters: readonly { id: string; area: number }[],
  aspect = DEFAULT_ASPECT,
): Region[] {
  if (clusters.length === 0) return [];
  const gap = 36;
  const sized = clusters
    .map((cluster) => ({
      id: cluster.id,
      r: Math.sqrt(Math.max(cluster.area, 1800) / Math.PI) * 1.1 + 30,
    }))
    .sort((a, b) => b.r - a.r || a.id.localeCompare(b.id));
  const total = sized.reduce((sum, c) => sum + (2 * c.r + gap) ** 2, 0);
  const widest = 2 * (sized[0]?.r ?? 0);
  // NOTE: shelves waste room; try a few row widths and keep the one closest to the screen's shape.
  const shelves = (width: number) => {
    let x = 0;
    let height = 0;
    let row = 0;
    let maxX = 0;
    for (const c of sized) {
      const d = 2 * c.r;
      if (x > 0 && x + d > width) {
        height += row + gap;
        x = 0;
        row = 0;
      }
      x += d + gap;
      maxX = Math.max(maxX, x - gap);
      row = Math.max(row, d);
    }
    return maxX / (height + row);
  };
  let rowWidth = Math.max(widest, Math.sqrt(total * aspect));
  let best = Infinity;
  for (let f = 0.7; f <= 2.5; f += 0.1) {
    const width = Math.max(widest, Math.sqrt(total * aspect) * f);
    const miss = Math.abs(Math.log(shelves(width) / aspect));
    if (miss < best) {
      best = miss;
      rowWidth = width;
    }
  }
  const regions: Region[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let row: Region[] = [];
  const closeRow = () => {
    // Centre the row horizontally and its circles on one line.
    const used = x - gap;
    for (const region of row) {
      region.rect.x += (rowWidth - used) / 2;
      region.rect.y += (rowHeight - region.rect.h) / 2;
      const inset = region.rect.w * 0.08;
      region.inner = {
        x: region.rect.x + inset,
        y: region.rect.y + inset,
        w: region.rect.w - 2 * inset,
        h: region.rect.h - 2 * inset,
      };
    }
    y += rowHeight + gap;
    x = 0;
    rowHeight = 0;
    row = [];
  };
  for (const cluster of sized) {
    const d = 2 * cluster.r;
    if (x > 0 && x + d > rowWidth) closeRow();
    const region: Region = {
      id: cluster.id,
      kind: 'cluster',
      shape: 'circle',
      rect: { x, y, w: d, h: d },
      inner: { x, y, w: d, h: d },
      group: null,
      network: cluster.id === UNCLUSTERED ? null : cluster.id,
    };
    regions.push(region);
    row.push(region);
    x += d + gap;
    rowHeight = Math.max(rowHeight, d);
  }
  closeRow();
  return regions;
}

type NodeForce = ((alpha: number) => void) & {
  initialize?: (nodes: SimNode[], random: () => number) => void;
};

/**
 * NOTE: many-body repulsion is the costly force (~10 ms a tick for 2,000 nodes on a 2-core
 * machine). Hubs (networks, services) repel each other; leaves are kept apart by collision alone,
 * which is all they need, and the layout settles in a fraction of the time.
 */
function hubsOnly(force: NodeForce): NodeForce {
  const wrapped: NodeForce = (alpha: number) => force(alpha);
  wrapped.initialize = (nodes, random) =>
    force.initialize?.(
      nodes.filter((node) => node.node.kind === 'network' || node.node.kind === 'service'),
      random,
    );
  return wrapped;
}

const LINK_DISTANCE: Record<LinkKind, number> = {
  endpoint: 64,
  vip: 80,
  member: 52,
  publish: 46,
  uplink: 40,
};

function regionIdFor(node: ViewNode, groupBy: GroupBy): string {
  if (groupBy === 'network') return node.cluster ?? UNCLUSTERED;
  return node.host ?? SWARM_GROUP;
}

/** Same regions, each within 20% of its old size and near its old place. */
function similarRegions(before: ReadonlyMap<string, Region>, after: readonly Region[]): boolean {
  if (before.size !== after.length) return false;
  for (const region of after) {
    const old = before.get(region.id);
    if (!old) return false;
    const { rect: a } = old;
    const { rect: b } = region;
    if (Math.abs(b.w - a.w) > a.w * 0.2 || Math.abs(b.h - a.h) > a.h * 0.2) return false;
    if (Math.abs(b.x - a.x) > a.w * 0.2 || Math.abs(b.y - a.y) > a.h * 0.2) return false;
  }
  return true;
}

function isHub(node: SimNode): boolean {
  return node.node.kind === 'network' || node.node.kind === 'service';
}

/**
 * Packs nodes into a region: one small grid per cluster (a network and the members that gather
 * at it), hub in the middle, blocks on shelves; squeezed to fit if the region is too small.
 */
function packBlocks(members: SimNode[], region: Region) {
  const { inner } = region;
  const clusters = new Map<string, SimNode[]>();
  for (const node of members) {
    const key = node.node.kind === 'network' ? node.id : (node.node.cluster ?? node.id);
    const list = clusters.get(key);
    if (list) list.push(node);
    else clusters.set(key, [node]);
  }
  const blocks = [...clusters.entries()]
    .map(([key, nodes]) => {
      const hub = nodes.find((node) => node.id === key) ?? null;
      const rest = nodes
        .filter((node) => node !== hub)
        .sort(
          (a, b) =>
            Number(isHub(b)) - Number(isHub(a)) ||
            (a.node.service ?? '').localeCompare(b.node.service ?? '') ||
            a.node.name.localeCompare(b.node.name, 'en', { numeric: true }),
        );
      // NOTE: the hub is bigger than its members; size cells for the members, the hub's cell
      // is in the middle and the forces open room around it.
      const leaves = nodes.filter((n) => n !== hub);
      const cell = 2 * Math.max(20, ...leaves.map((n) => n.collide)) + 4;
      const side = Math.max(1, Math.ceil(Math.sqrt(nodes.length)));
      return { hub, rest, cell, side, size: side * cell };
    })
    .sort((a, b) => b.size - a.size);

  // Shelf packing.
  const gap = 24;
  let x = 0;
  let y = 0;
  let shelf = 0;
  let maxX = 0;
  const origins: { x: number; y: number }[] = [];
  for (const block of blocks) {
    if (x > 0 && x + block.size > inner.w) {
      x = 0;
      y += shelf + gap;
      shelf = 0;
    }
    origins.push({ x, y });
    x += block.size + gap;
    maxX = Math.max(maxX, x - gap);
    shelf = Math.max(shelf, block.size);
  }
  const usedH = y + shelf;
  const sx = maxX > inner.w ? inner.w / maxX : 1;
  const sy = usedH > inner.h ? inner.h / usedH : 1;
  const ox = inner.x + Math.max(0, (inner.w - maxX * sx) / 2);
  const oy = inner.y + Math.max(0, (inner.h - usedH * sy) / 2);

  blocks.forEach((block, index) => {
    const origin = origins[index] ?? { x: 0, y: 0 };
    const centre = (block.side - 1) / 2;
    // Cells ordered by distance from the middle: the hub gets the middle, members ring it.
    const cells: [number, number][] = [];
    for (let i = 0; i < block.side; i++) {
      for (let j = 0; j < block.side; j++) cells.push([i, j]);
    }
    cells.sort(
      (a, b) =>
        Math.hypot(a[0] - centre, a[1] - centre) - Math.hypot(b[0] - centre, b[1] - centre) ||
        a[1] - b[1] ||
        a[0] - b[0],
    );
    const ordered = block.hub ? [block.hub, ...block.rest] : block.rest;
    ordered.forEach((node, i) => {
      const [cx, cy] = cells[i] ?? [centre, centre];
      node.x = ox + (origin.x + (cx + 0.5) * block.cell) * sx;
      node.y = oy + (origin.y + (cy + 0.5) * block.cell) * sy;
    });
  });
}

export interface LayoutOptions {
  /** Milliseconds clock (performance.now in a browser). */
  now: () => number;
}

/**
 * The force layout: d3-force in an object that outlives graph updates. `update` merges a new
 * graph in place (existing nodes keep their positions and velocities, new ones start next to a
 * neighbour) and only warms the simulation up again, so a patch never re-lays out the map.
 */
export class ForceLayout {
  readonly simulation: Simulation<SimNode, SimLink>;
  nodes: SimNode[] = [];
  links: SimLink[] = [];
  regions: Region[] = [];
  byId = new Map<string, SimNode>();
  regionById = new Map<string, Region>();
  groupBy: GroupBy = 'node';
  private readonly now: () => number;
  private ticks = 0;

  constructor(options: LayoutOptions) {
    this.now = options.now;
    this.simulation = forceSimulation<SimNode, SimLink>()
      .stop()
      .alphaMin(0.004)
      .alphaDecay(0.09)
      .velocityDecay(0.42)
      .force(
        'link',
        forceLink<SimNode, SimLink>()
          .id((node) => node.id)
          .distance((l) => LINK_DISTANCE[l.link.kind] + l.source.node.r + l.target.node.r)
          .strength((l) =>
            l.source.region === l.target.region
              ? Math.min(0.5, 2 / Math.max(this.degree(l.source), this.degree(l.target)))
              : 0,
          ),
      )
      .force(
        'charge',
        hubsOnly(
          forceManyBody<SimNode>()
            .strength((n) => (n.node.kind === 'network' ? -420 : -260))
            .distanceMax(480)
            .theta(0.9),
        ),
      )
      .force(
        'collide',
        forceGridCollide<SimNode>((n) => n.collide, 0.75),
      )
      .force('region', (alpha: number) => this.regionForce(alpha));
  }

  private degreeCache = new Map<string, number>();
  /** Swarm-band nodes → their neighbours in host regions (tasks of a service, members of an overlay). */
  private across = new Map<SimNode, SimNode[]>();

  private degree(node: SimNode): number {
    return Math.max(1, this.degreeCache.get(node.id) ?? 1);
  }

  get alpha(): number {
    return this.simulation.alpha();
  }

  get settled(): boolean {
    return this.simulation.alpha() < this.simulation.alphaMin();
  }

  get tickCount(): number {
    return this.ticks;
  }

  /** Merges a graph in. Returns the ids that are new (to fade in). */
  update(graph: ViewGraph, groupBy: GroupBy, aspect = DEFAULT_ASPECT): string[] {
    const first = this.nodes.length === 0;
    const regroup = groupBy !== this.groupBy;
    this.groupBy = groupBy;
    const now = this.now();
    const previous = this.byId;
    const collides = new Map(graph.nodes.map((node) => [node.id, collideRadius(node)]));

    // Regions first: new nodes are seeded inside them.
    const area = new Map<string, number>();
    for (const node of graph.nodes) {
      const key = regionIdFor(node, groupBy);
      area.set(key, (area.get(key) ?? 0) + footprint(collides.get(node.id) ?? 20));
    }
    const regions =
      groupBy === 'network'
        ? regionsByNetwork(
            [...area].map(([id, value]) => ({ id, area: value })),
            Math.min(4, Math.max(0.8, aspect)),
          )
        : regionsByNode(
            graph.groups,
            (group) => area.get(group.id) ?? 0,
            Math.min(4, Math.max(0.8, aspect)),
          );
    const before = this.regionById;
    if (!first && !regroup && similarRegions(before, regions)) {
      // NOTE: a patch that changes a few members keeps the map's frame as it is; regions only
      // change when they would change noticeably (and then members move with their region).
      this.regions = regions.map((region) => {
        const kept = before.get(region.id);
        return kept ? { ...kept, group: region.group } : region;
      });
    } else {
      this.regions = regions;
      if (!first && !regroup) {
        for (const node of this.nodes) {
          const from = before.get(node.region)?.inner;
          const to = regions.find((region) => region.id === node.region)?.inner;
          if (!from || !to || !Number.isFinite(node.x)) continue;
          node.x = to.x + ((node.x - from.x) / from.w) * to.w;
          node.y = to.y + ((node.y - from.y) / from.h) * to.h;
        }
      }
    }
    this.regionById = new Map(this.regions.map((region) => [region.id, region]));

    const nodes: SimNode[] = [];
    const byId = new Map<string, SimNode>();
    const fresh: SimNode[] = [];
    for (const node of graph.nodes) {
      const old = previous.get(node.id);
      const region = regionIdFor(node, groupBy);
      const sim: SimNode = old ?? {
        id: node.id,
        node,
        x: NaN,
        y: NaN,
        collide: 0,
        region,
        bornAt: first ? -Infinity : now,
      };
      sim.node = node;
      sim.collide = collides.get(node.id) ?? 20;
      sim.region = region;
      if (!old) fresh.push(sim);
      nodes.push(sim);
      byId.set(node.id, sim);
    }
    this.nodes = nodes;
    this.byId = byId;

    const links: SimLink[] = [];
    const degree = new Map<string, number>();
    for (const link of graph.links) {
      const source = byId.get(link.source);
      const target = byId.get(link.target);
      if (!source || !target) continue;
      links.push({ link, source, target });
      degree.set(source.id, (degree.get(source.id) ?? 0) + 1);
      degree.set(target.id, (degree.get(target.id) ?? 0) + 1);
    }
    this.links = links;
    this.degreeCache = degree;
    const across = new Map<SimNode, SimNode[]>();
    for (const { source, target } of links) {
      if (source.region === target.region) continue;
      for (const [a, b] of [
        [source, target],
        [target, source],
      ] as const) {
        if (a.region !== SWARM_GROUP) continue;
        const list = across.get(a);
        if (list) list.push(b);
        else across.set(a, [b]);
      }
    }
    this.across = across;

    this.seed(fresh, regroup);

    this.simulation.nodes(nodes);
    this.simulation.force<ReturnType<typeof forceLink<SimNode, SimLink>>>('link')?.links(links);
    const warm =
      first || regroup ? 1 : fresh.length > 0 || graph.nodes.length !== previous.size ? 0.3 : 0.12;
    if (first || regroup || this.simulation.alpha() < warm) this.simulation.alpha(warm);
    return fresh.map((node) => node.id);
  }

  /**
   * Starting places. A first layout (or many new nodes in one region) is block-packed: each
   * network with its members around it as a small grid, blocks shelf-packed into the region, so
   * nothing overlaps and the forces only refine. A few new nodes start beside a neighbour that is
   * already placed, at a stable angle from their id.
   */
  private seed(fresh: SimNode[], regroup: boolean) {
    const all = regroup ? this.nodes : fresh;
    if (all.length === 0) return;
    const freshIds = new Set(all.map((node) => node.id));
    const neighbours = new Map<string, SimNode[]>();
    const push = (key: string, value: SimNode) => {
      const list = neighbours.get(key);
      if (list) list.push(value);
      else neighbours.set(key, [value]);
    };
    for (const { source, target } of this.links) {
      push(source.id, target);
      push(target.id, source);
    }
    const inRegion = new Map<string, SimNode[]>();
    const sizeOf = new Map<string, number>();
    for (const node of this.nodes) sizeOf.set(node.region, (sizeOf.get(node.region) ?? 0) + 1);
    for (const node of all) {
      const list = inRegion.get(node.region) ?? [];
      list.push(node);
      inRegion.set(node.region, list);
    }
    for (const [regionId, members] of inRegion) {
      const region = this.regionById.get(regionId);
      if (!region) continue;
      const bulk = members.length > 12 && members.length > (sizeOf.get(regionId) ?? 0) * 0.3;
      if (regroup || bulk || members.length === sizeOf.get(regionId)) {
        packBlocks(members, region);
      } else {
        const placedHere = new Set<string>();
        // Hubs first, so members can start next to them.
        const ordered = [...members].sort((a, b) => Number(isHub(b)) - Number(isHub(a)));
        ordered.forEach((node, index) => {
          const anchor = (neighbours.get(node.id) ?? []).find(
            (other) =>
              other.region === node.region &&
              Number.isFinite(other.x) &&
              (!freshIds.has(other.id) || placedHere.has(other.id)),
          );
          const angle = angleOf(node.id);
          if (anchor) {
            const distance = anchor.collide + node.collide + 6;
            node.x = anchor.x + Math.cos(angle) * distance;
            node.y = anchor.y + Math.sin(angle) * distance;
          } else {
            const { inner } = region;
            const golden = index * 2.399963;
            const radius = Math.sqrt(index + 0.5) * 30;
            node.x = inner.x + inner.w / 2 + Math.cos(golden) * radius;
            node.y = inner.y + inner.h / 2 + Math.sin(golden) * radius;
          }
          placedHere.add(node.id);
        });
      }
      for (const node of members) {
        if (node.node.kind === 'port') node.y = region.inner.y + 10;
        if (node.node.kind === 'uplink') node.y = region.inner.y + region.inner.h - 10;
        if (!Number.isFinite(node.x) || !Number.isFinite(node.y)) {
          node.x = region.inner.x + region.inner.w / 2;
          node.y = region.inner.y + region.inner.h / 2;
        }
        this.clamp(node);
        node.vx = 0;
        node.vy = 0;
      }
    }
  }

  private clamp(node: SimNode) {
    const region = this.regionById.get(node.region);
    if (!region) return;
    const { inner } = region;
    if (region.shape === 'circle') {
      const cx = inner.x + inner.w / 2;
      const cy = inner.y + inner.h / 2;
      const max = Math.max(0, inner.w / 2 - node.node.r);
      const dx = node.x - cx;
      const dy = node.y - cy;
      const d = Math.hypot(dx, dy);
      if (d > max && d > 0) {
        node.x = cx + (dx / d) * max;
        node.y = cy + (dy / d) * max;
      }
      return;
    }
    // NOTE: room for the label under the node and half its width at the sides.
    const mx = Math.max(node.node.r + 4, Math.min(node.collide, 44));
    const top = node.node.r + 4;
    const bottom = node.node.r + (node.node.kind === 'port' ? 6 : 30);
    if (node.node.kind === 'port' && region.kind === 'host') {
      // A published port is where traffic enters the host: on its top edge.
      node.y = inner.y + 10;
      node.x = Math.min(Math.max(node.x, inner.x + mx), inner.x + inner.w - mx);
      return;
    }
    node.x = Math.min(Math.max(node.x, inner.x + mx), inner.x + inner.w - mx);
    node.y = Math.min(Math.max(node.y, inner.y + top), inner.y + inner.h - bottom);
  }

  /** Keeps members in their region, ports at the top of a host, uplinks at the bottom. */
  private regionForce(alpha: number) {
    for (const node of this.nodes) {
      const region = this.regionById.get(node.region);
      if (!region || node.fx != null) continue;
      const { inner } = region;
      const cx = inner.x + inner.w / 2;
      const cy = inner.y + inner.h / 2;
      const vx = node.vx ?? 0;
      const vy = node.vy ?? 0;
      let ty: number | null = null;
      if (node.node.kind === 'port') ty = inner.y + 10;
      else if (node.node.kind === 'uplink') ty = inner.y + inner.h - 10;
      else if (region.kind === 'swarm') {
        ty = inner.y + inner.h * (node.node.kind === 'service' ? 0.28 : 0.7);
      }
      // NOTE: links across regions do not pull (they would pile members against a region's edge);
      // instead a band node drifts over the hosts its members run on.
      const others = this.across.get(node);
      let tx = cx;
      // Circles (grouping by network) gather their members round the middle.
      let sx = region.shape === 'circle' ? 0.03 : 0.006;
      if (others && others.length > 0) {
        tx = others.reduce((sum, other) => sum + other.x, 0) / others.length;
        sx = 0.05;
      }
      node.vx = vx + (tx - node.x) * sx * alpha;
      const sy = ty === null ? (region.shape === 'circle' ? 0.03 : 0.006) : 0.08;
      node.vy = vy + ((ty ?? cy) - node.y) * sy * alpha;
    }
  }

  /** Runs ticks for up to `budgetMs`. Returns true when positions moved. */
  step(budgetMs: number): boolean {
    if (this.settled) return false;
    const start = this.now();
    let moved = false;
    do {
      this.simulation.tick();
      for (const node of this.nodes) this.clamp(node);
      this.ticks++;
      moved = true;
    } while (!this.settled && this.now() - start < budgetMs);
    return moved;
  }

  /** Runs until settled (tests, exports) or `maxTicks`. */
  settle(maxTicks = 1000) {
    for (let i = 0; i < maxTicks && !this.settled; i++) {
      this.simulation.tick();
      for (const node of this.nodes) this.clamp(node);
      this.ticks++;
    }
  }

  /** Pins a node while it is dragged. */
  pin(id: string, x: number, y: number) {
    const node = this.byId.get(id);
    if (!node) return;
    node.fx = x;
    node.fy = y;
    node.x = x;
    node.y = y;
    if (this.simulation.alpha() < 0.1) this.simulation.alpha(0.1);
  }

  /** Lets go of a dragged node; it stays where it was dropped (within its region). */
  release(id: string) {
    const node = this.byId.get(id);
    if (!node) return;
    node.fx = null;
    node.fy = null;
    this.clamp(node);
  }

  reheat(alpha = 0.3) {
    this.simulation.alpha(Math.max(alpha, this.simulation.alpha()));
  }

  /** Bounds of everything drawn (regions and nodes). */
  bounds(): Rect {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const region of this.regions) {
      x0 = Math.min(x0, region.rect.x);
      y0 = Math.min(y0, region.rect.y);
      x1 = Math.max(x1, region.rect.x + region.rect.w);
      y1 = Math.max(y1, region.rect.y + region.rect.h);
    }
    for (const node of this.nodes) {
      x0 = Math.min(x0, node.x - node.collide);
      y0 = Math.min(y0, node.y - node.collide);
      x1 = Math.max(x1, node.x + node.collide);
      y1 = Math.max(y1, node.y + node.collide);
    }
    if (!Number.isFinite(x0)) return { x: 0, y: 0, w: 1, h: 1 };
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
}
