/*
 * Starting places for nodes the simulation has not placed yet. A first layout (or many new nodes
 * in one region) is block-packed, so nothing overlaps and the forces only refine. A few new nodes
 * start beside a neighbour that is already placed, at a stable angle from their id.
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
  /** Grouping changed: every region is packed afresh. */
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

/**
 * Each node beside a neighbour in its region that is already placed (hubs first, so members can
 * start next to them), else on a sunflower spiral round the region's middle.
 */
function placeBesideNeighbours(
  members: readonly SimNode[],
  region: Region,
  neighbours: ReadonlyMap<string, SimNode[]>,
  placing: ReadonlySet<string>,
) {
  const placedHere = new Set<string>();
  const ordered = [...members].sort((a, b) => Number(isHub(b)) - Number(isHub(a)));
  ordered.forEach((node, index) => {
    const anchor = (neighbours.get(node.id) ?? []).find(
      (other) =>
        other.region === node.region &&
        Number.isFinite(other.x) &&
        (!placing.has(other.id) || placedHere.has(other.id)),
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
    const size = sizeOf.get(regionId) ?? 0;
    const bulk = members.length > 12 && members.length > size * 0.3;
    if (regroup || bulk || members.length === sizeOf.get(regionId)) packBlocks(members, region);
    else placeBesideNeighbours(members, region, neighbours, placingIds);
    finishPlacing(members, region);
  }
}
