/*
 * Grouping by stack: the hosts and the swarm band as when grouping by node, and in them one box per
 * swarm stack (in the swarm band: its services, overlays and tasks together) or compose project
 * (in the host it runs on: its containers and networks). What belongs to neither stays in its host
 * or the band, above the boxes.
 */
import { projectName } from '../fold';
import { SWARM_GROUP } from '../graph/groups';
import type { Rect } from '../geometry';
import type { ViewGroup, ViewNode } from '../model';
import type { Region } from './model';

const BOX_HEADER = 40;
const BOX_PAD = 12;
const BOX_GAP = 24;
/** Room a box's header and padding take, besides its members. */
const BOX_OVERHEAD = 220 * (BOX_HEADER + BOX_PAD);
/** Room left beside (or above) the boxes for what belongs to no stack, when there is any. */
const MIN_FREE = 110;
const MIN_BOX = 150;

/** What a box stands for: the project key (`stack:<name>` or `compose:<name>`) and where it is. */
export interface StackBox {
  /** Region id: the project key, plus `@<host>` for a compose project (one box per host). */
  id: string;
  project: string;
  /** The region it is drawn in: the swarm band or a host. */
  parent: string;
  /** The area its members need. */
  area: number;
  members: string[];
}

/** The region id of a node's box when grouping by stack, or null when it belongs to none. */
export function stackBoxOf(node: ViewNode): string | null {
  const project = node.project;
  if (!project) return null;
  if (project.startsWith('stack:')) return project;
  return `${project}@${node.host ?? SWARM_GROUP}`;
}

/** The region a box is drawn in. */
export function boxParent(boxId: string): string {
  const at = boxId.indexOf('@');
  return boxId.startsWith('stack:') || at === -1 ? SWARM_GROUP : boxId.slice(at + 1);
}

/** The project key of a box id (`compose:shop@<host>` → `compose:shop`). */
export function boxProject(boxId: string): string {
  const at = boxId.indexOf('@');
  return at === -1 ? boxId : boxId.slice(0, at);
}

/** The boxes of a graph, in id order (`areaOf`: graph id → the area it needs). */
export function stackBoxes(nodes: readonly ViewNode[], areaOf: (id: string) => number): StackBox[] {
  const boxes = new Map<string, StackBox>();
  for (const node of nodes) {
    const id = stackBoxOf(node);
    if (!id || !node.project) continue;
    const box = boxes.get(id) ?? {
      id,
      project: node.project,
      parent: boxParent(id),
      area: 0,
      members: [],
    };
    box.area += areaOf(node.id);
    box.members.push(node.id);
    boxes.set(id, box);
  }
  return [...boxes.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The area a box takes in its parent: its members' and its header's. */
export function boxFootprint(box: StackBox): number {
  return box.area * 1.25 + BOX_OVERHEAD;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The box's title and summary, as a region header draws them. */
function boxGroup(box: StackBox, nodes: ReadonlyMap<string, ViewNode>): ViewGroup {
  const members = box.members.map((id) => nodes.get(id)).filter((n) => n !== undefined);
  const count = (kind: ViewNode['kind']) => members.filter((n) => n.kind === kind).length;
  const swarm = box.project.startsWith('stack:');
  const lines = swarm
    ? ['swarm stack', plural(count('service'), 'service'), plural(count('network'), 'network')]
    : ['compose project', plural(count('container'), 'container')];
  return {
    id: box.project,
    kind: 'stack',
    name: projectName(box.project),
    lines,
    stale: members.some((n) => n.stale),
    engine: null,
    members: box.members,
  };
}

/** Columns for `n` boxes in a band `w` wide and `h` high: boxes about as wide as they are high. */
function columnsFor(n: number, w: number, h: number): number {
  let best = 1;
  let bestMiss = Infinity;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const miss = Math.abs(Math.log(w / cols / (h / rows) / 1.4));
    if (miss < bestMiss) {
      bestMiss = miss;
      best = cols;
    }
  }
  return best;
}

function boxRegion(id: string, rect: Rect, group: ViewGroup): Region {
  return {
    id,
    kind: 'stack',
    shape: 'rect',
    rect,
    inner: {
      x: rect.x + BOX_PAD,
      y: rect.y + BOX_HEADER,
      w: Math.max(1, rect.w - 2 * BOX_PAD),
      h: Math.max(1, rect.h - BOX_HEADER - BOX_PAD),
    },
    group,
    network: null,
  };
}

/** How much of `length` the boxes take: their share of the area, within limits. */
function boxesLength(length: number, share: number, free: boolean): number {
  if (!free) return length;
  return Math.max(Math.min(MIN_BOX, length / 2), Math.min(length * share, length - MIN_FREE));
}

/**
 * A parent region with its boxes carved out of its inner rectangle, in a grid: at the right of a
 * wide one (the swarm band), at the bottom of a tall one (a host); the parent keeps the rest for
 * what belongs to no stack (`freeArea`: the area that needs).
 */
function carve(
  parent: Region,
  boxes: readonly StackBox[],
  freeArea: number,
  nodes: ReadonlyMap<string, ViewNode>,
): Region[] {
  const inner = parent.inner;
  const boxesArea = boxes.reduce((sum, box) => sum + boxFootprint(box), 0);
  const share = boxesArea / (boxesArea + freeArea);
  const free = freeArea > 0;
  const wide = inner.w > inner.h * 1.5;
  const bandW = wide ? boxesLength(inner.w, share, free) : inner.w;
  const bandH = wide ? inner.h : boxesLength(inner.h, share, free);
  const band = { x: inner.x + inner.w - bandW, y: inner.y + inner.h - bandH, w: bandW, h: bandH };
  const cols = columnsFor(boxes.length, band.w, band.h);
  const rows = Math.ceil(boxes.length / cols);
  const w = (band.w - (cols - 1) * BOX_GAP) / cols;
  const h = (band.h - (rows - 1) * BOX_GAP) / rows;
  const carved = boxes.map((box, index) => {
    const rect = {
      x: band.x + (index % cols) * (w + BOX_GAP),
      y: band.y + Math.floor(index / cols) * (h + BOX_GAP),
      w,
      h,
    };
    return boxRegion(box.id, rect, boxGroup(box, nodes));
  });
  const rest = wide
    ? { ...inner, w: Math.max(1, inner.w - bandW - BOX_GAP) }
    : { ...inner, h: Math.max(1, inner.h - bandH - BOX_GAP) };
  return [{ ...parent, inner: rest }, ...carved];
}

/**
 * The regions of the stack grouping from the host and band regions (as kept by the layout): each
 * with its boxes carved in, parents first (a box is drawn over its parent).
 * `freeArea`: parent region id → the area its members outside any box need.
 */
export function withStackBoxes(
  parents: readonly Region[],
  boxes: readonly StackBox[],
  freeArea: ReadonlyMap<string, number>,
  nodes: readonly ViewNode[],
): Region[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const regions: Region[] = [];
  const children: Region[] = [];
  for (const parent of parents) {
    if (parent.kind === 'stack') continue;
    const own = boxes.filter((box) => box.parent === parent.id);
    if (own.length === 0) {
      regions.push(parent);
      continue;
    }
    const [carvedParent, ...carved] = carve(parent, own, freeArea.get(parent.id) ?? 0, byId);
    regions.push(carvedParent!);
    children.push(...carved);
  }
  return [...regions, ...children];
}
