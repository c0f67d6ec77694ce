/*
 * Starting places for nodes the simulation has not placed yet. A first layout (or a region whose
 * members are all new) is block-packed, so nothing overlaps and the forces only refine. New nodes
 * among placed ones start in free room beside what they connect to, at a stable angle from their
 * id: the placed ones do not move for them.
 */
import { angleOf } from '../geometry';
import { clampToRegion } from './clamp';
import { isHub, type Region, type SimLink, type SimNode } from './model';
import { packBlocks } from './pack';

export interface Seeding {
  /** Nodes to place: the new ones, or every node after a regroup. */
  placing: readonly SimNode[];
  /** Every node of the layout. */
  nodes: readonly SimNode[];
  links: readonly SimLink[];
  regionById: ReadonlyMap<string, Region>;
  /** A fresh layout (first, Tidy, a new grouping): every region is packed afresh. */
  regroup: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function neighboursOf(links: readonly SimLink[]): Map<string, SimNode[]> {
  const neighbours = new Map<string, SimNode[]>();
  for (const { source, target } of links) {
    push(neighbours, source.id, target);
    push(neighbours, target.id, source);
  }
  return neighbours;
}

/** Placed nodes of a region, to find free room among. */
type Placed = SimNode[];

/** Puts `node` at (x, y), kept inside its region; true when it is clear of every placed node. */
function roomAt(node: SimNode, x: number, y: number, region: Region, placed: Placed): boolean {
  node.x = x;
  node.y = y;
  clampToRegion(node, region);
  return placed.every(
    (other) =>
      Math.hypot(other.x - node.x, other.y - node.y) >= (other.collide + node.collide) * 0.9,
  );
}

/**
 * The first free place on rings round (ax, ay), starting `distance` away at a stable angle from
 * the node's id; failing that, the first place tried.
 * NOTE: existing nodes do not move for a newcomer, so it must find its own room.
 */
function freeSpot(
  node: SimNode,
  anchor: { x: number; y: number },
  distance: number,
  region: Region,
  placed: Placed,
) {
  const start = angleOf(node.id);
  const step = node.collide + 4;
  // Rings out to the far corner of the region: a crowded region's free room may be far away.
  const far = Math.hypot(region.inner.w, region.inner.h);
  const rings = Math.max(1, Math.ceil((far - distance) / step) + 1);
  for (let ring = 0; ring < rings; ring++) {
    const count = 8 + 6 * ring;
    const radius = distance + ring * step;
    for (let i = 0; i < count; i++) {
      const angle = start + (i * 2 * Math.PI) / count;
      const x = anchor.x + Math.cos(angle) * radius;
      const y = anchor.y + Math.sin(angle) * radius;
      if (roomAt(node, x, y, region, placed)) return;
    }
  }
  node.x = anchor.x + Math.cos(start) * distance;
  node.y = anchor.y + Math.sin(start) * distance;
}

/** A placed neighbour in the node's region, else one that shares a neighbour with it (a sibling task). */
function anchorOf(
  node: SimNode,
  neighbours: ReadonlyMap<string, SimNode[]>,
  isPlaced: (other: SimNode) => boolean,
): SimNode | null {
  const near = neighbours.get(node.id) ?? [];
  const direct = near.find((other) => other.region === node.region && isPlaced(other));
  if (direct) return direct;
  for (const via of near) {
    const sibling = (neighbours.get(via.id) ?? []).find(
      (other) => other !== node && other.region === node.region && isPlaced(other),
    );
    if (sibling) return sibling;
  }
  return null;
}

/** Below the middle of its placed neighbours in other regions (a task under its service), if any. */
function pointOf(
  node: SimNode,
  region: Region,
  neighbours: ReadonlyMap<string, SimNode[]>,
  isPlaced: (other: SimNode) => boolean,
) {
  const { inner } = region;
  const across = (neighbours.get(node.id) ?? []).filter(isPlaced);
  const x =
    across.length > 0
      ? across.reduce((sum, other) => sum + other.x, 0) / across.length
      : inner.x + inner.w / 2;
  return { x: Math.min(Math.max(x, inner.x), inner.x + inner.w), y: inner.y + inner.h / 2 };
}

/**
 * Each node beside a neighbour in its region that is already placed (hubs first, so members can
 * start next to them), else beside a sibling, else under its neighbours in other regions, else
 * round the region's middle; always in free room when there is some.
 */
function placeBesideNeighbours(
  members: readonly SimNode[],
  region: Region,
  nodes: readonly SimNode[],
  neighbours: ReadonlyMap<string, SimNode[]>,
  placing: ReadonlySet<string>,
) {
  const placedHere = new Set<string>();
  const isPlaced = (other: SimNode) =>
    Number.isFinite(other.x) && (!placing.has(other.id) || placedHere.has(other.id));
  const placed = nodes.filter((other) => other.region === region.id && isPlaced(other));
  const ordered = [...members].sort((a, b) => Number(isHub(b)) - Number(isHub(a)));
  for (const node of ordered) {
    const anchor = anchorOf(node, neighbours, isPlaced);
    if (anchor) {
      freeSpot(node, anchor, anchor.collide + node.collide + 6, region, placed);
    } else {
      freeSpot(node, pointOf(node, region, neighbours, isPlaced), 0, region, placed);
    }
    placedHere.add(node.id);
    placed.push(node);
  }
}

/** Ports at the top of the region, uplinks at the bottom, everything inside it and at rest. */
function finishPlacing(members: readonly SimNode[], region: Region) {
  const { inner } = region;
  for (const node of members) {
    if (node.node.kind === 'port') node.y = inner.y + 10;
    if (node.node.kind === 'uplink') node.y = inner.y + inner.h - 10;
    if (!Number.isFinite(node.x) || !Number.isFinite(node.y)) {
      node.x = inner.x + inner.w / 2;
      node.y = inner.y + inner.h / 2;
    }
    clampToRegion(node, region);
    node.vx = 0;
    node.vy = 0;
  }
}

export function seedPositions({ placing, nodes, links, regionById, regroup }: Seeding) {
  if (placing.length === 0) return;
  const placingIds = new Set(placing.map((node) => node.id));
  const neighbours = neighboursOf(links);
  const sizeOf = new Map<string, number>();
  for (const node of nodes) sizeOf.set(node.region, (sizeOf.get(node.region) ?? 0) + 1);
  const inRegion = new Map<string, SimNode[]>();
  for (const node of placing) push(inRegion, node.region, node);
  for (const [regionId, members] of inRegion) {
    const region = regionById.get(regionId);
    if (!region) continue;
    // A region with nothing placed in it yet is packed; newcomers among placed nodes find room.
    if (regroup || members.length === sizeOf.get(regionId)) packBlocks(members, region);
    else placeBesideNeighbours(members, region, nodes, neighbours, placingIds);
    finishPlacing(members, region);
  }
}
