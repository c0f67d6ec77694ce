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

/**
 * Room a new hub keeps round itself, so that its members (which come next, or in the next patch)
 * find their places right beside it rather than far off: the width of the widest leaf, and a bit.
 */
const HUB_ROOM = 84;

/**
 * Puts `node` at (x, y), kept inside its region; true when it is clear of every placed node by
 * `room` more than their shapes and labels need.
 */
function roomAt(
  node: SimNode,
  at: { x: number; y: number },
  region: Region,
  placed: Placed,
  room: number,
): boolean {
  node.x = at.x;
  node.y = at.y;
  clampToRegion(node, region);
  return placed.every(
    (other) =>
      Math.hypot(other.x - node.x, other.y - node.y) >= (other.collide + node.collide) * 0.9 + room,
  );
}

/** How far (x, y) is from the nearest of `hubs` (Infinity without any). */
function clearOfHubs(x: number, y: number, hubs: readonly SimNode[]): number {
  let nearest = Infinity;
  for (const hub of hubs) nearest = Math.min(nearest, Math.hypot(hub.x - x, hub.y - y));
  return nearest;
}

interface Rings {
  anchor: { x: number; y: number };
  /** Radius of the first ring. */
  distance: number;
  region: Region;
  placed: Placed;
}

/**
 * A free place on the nearest ring round the anchor that has one (out to the far corner of the
 * region: a crowded region's free room may be far away), starting at a stable angle from the
 * node's id; on that ring, the place farthest from other hubs, so a container reads as its own
 * network's and not its neighbour's.
 */
function onRings(node: SimNode, { anchor, distance, region, placed }: Rings, room: number) {
  const start = angleOf(node.id);
  const step = node.collide + 4;
  const hubs = placed.filter((other) => isHub(other) && other !== anchor);
  const far = Math.hypot(region.inner.w, region.inner.h);
  const rings = Math.max(1, Math.ceil((far - distance) / step) + 1);
  for (let ring = 0; ring < rings; ring++) {
    const count = 8 + 6 * ring;
    const radius = distance + ring * step;
    let best: { x: number; y: number; clear: number } | null = null;
    for (let i = 0; i < count; i++) {
      const angle = start + (i * 2 * Math.PI) / count;
      const at = { x: anchor.x + Math.cos(angle) * radius, y: anchor.y + Math.sin(angle) * radius };
      if (!roomAt(node, at, region, placed, room)) continue;
      const clear = clearOfHubs(node.x, node.y, hubs);
      if (!best || clear > best.clear) best = { x: node.x, y: node.y, clear };
    }
    if (best) return best;
  }
  return null;
}

/**
 * Puts a newcomer in free room round its anchor (a hub with room for its members round it);
 * failing that, at the first place tried, to be pushed by the forces (or placed again once its
 * region has grown). True when it found room.
 * NOTE: existing nodes do not move for a newcomer, so it must find its own room.
 */
function freeSpot(node: SimNode, rings: Rings): boolean {
  const spot = onRings(node, rings, isHub(node) ? HUB_ROOM : 0);
  if (spot) {
    node.x = spot.x;
    node.y = spot.y;
    return true;
  }
  const start = angleOf(node.id);
  node.x = rings.anchor.x + Math.cos(start) * rings.distance;
  node.y = rings.anchor.y + Math.sin(start) * rings.distance;
  return false;
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
 * round the region's middle; always in free room when there is some. Adds to `roomy` those that
 * found it.
 */
function placeBesideNeighbours(
  members: readonly SimNode[],
  region: Region,
  nodes: readonly SimNode[],
  neighbours: ReadonlyMap<string, SimNode[]>,
  placing: ReadonlySet<string>,
  roomy: Set<SimNode>,
) {
  const placedHere = new Set<string>();
  const isPlaced = (other: SimNode) =>
    Number.isFinite(other.x) && (!placing.has(other.id) || placedHere.has(other.id));
  const placed = nodes.filter((other) => other.region === region.id && isPlaced(other));
  const ordered = [...members].sort((a, b) => Number(isHub(b)) - Number(isHub(a)));
  for (const node of ordered) {
    const anchor = anchorOf(node, neighbours, isPlaced);
    const found = anchor
      ? freeSpot(node, { anchor, distance: anchor.collide + node.collide + 6, region, placed })
      : freeSpot(node, {
          anchor: pointOf(node, region, neighbours, isPlaced),
          distance: 0,
          region,
          placed,
        });
    if (found) roomy.add(node);
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

/**
 * Places `placing`. Returns the nodes that found free room among placed ones: they need no
 * simulation (the others, packed or squeezed in, are left to the forces).
 */
export function seedPositions({
  placing,
  nodes,
  links,
  regionById,
  regroup,
}: Seeding): Set<SimNode> {
  const roomy = new Set<SimNode>();
  if (placing.length === 0) return roomy;
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
    else placeBesideNeighbours(members, region, nodes, neighbours, placingIds, roomy);
    const found = members.filter((node) => roomy.has(node)).map((node) => [node, node.x, node.y]);
    finishPlacing(members, region);
    // A port or an uplink moved to its edge may have lost its room.
    for (const [node, x, y] of found as [SimNode, number, number][]) {
      if (node.x !== x || node.y !== y) roomy.delete(node);
    }
  }
  return roomy;
}
