/*
 * Regions for a graph (by node or by network), and how they carry over from one update to the
 * next.
 */
import { SWARM_GROUP } from '../graph/groups';
import type { Rect } from '../geometry';
import type { GroupBy, ViewGraph, ViewNode } from '../model';
import { regionsByNode } from './host-regions';
import { type Region, type SimNode, UNCLUSTERED } from './model';
import { regionsByNetwork } from './network-regions';
import { footprint } from './sizes';

export function regionIdFor(node: ViewNode, groupBy: GroupBy): string {
  if (groupBy === 'network') return node.cluster ?? UNCLUSTERED;
  return node.host ?? SWARM_GROUP;
}

/** Regions sized for the graph's nodes (`collides`: id → collision radius). */
export function regionsFor(
  graph: ViewGraph,
  groupBy: GroupBy,
  collides: ReadonlyMap<string, number>,
  aspect: number,
): Region[] {
  const area = new Map<string, number>();
  for (const node of graph.nodes) {
    const key = regionIdFor(node, groupBy);
    area.set(key, (area.get(key) ?? 0) + footprint(collides.get(node.id) ?? 20));
  }
  // The map follows the screen's shape, within limits.
  const shape = Math.min(4, Math.max(0.8, aspect));
  if (groupBy === 'network') {
    return regionsByNetwork(
      [...area].map(([id, value]) => ({ id, area: value })),
      shape,
    );
  }
  return regionsByNode(graph.groups, (group) => area.get(group.id) ?? 0, shape);
}

/** Same regions, each within 20% of its old size and near its old place. */
export function similarRegions(
  before: ReadonlyMap<string, Region>,
  after: readonly Region[],
): boolean {
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

/** The old frames of regions that did not change noticeably, with their groups' new text. */
export function keepFrames(
  before: ReadonlyMap<string, Region>,
  after: readonly Region[],
): Region[] {
  return after.map((region) => {
    const kept = before.get(region.id);
    return kept ? { ...kept, group: region.group } : region;
  });
}

/** Moves nodes with their region: the same place relative to its new inner rect. */
export function moveWithRegions(
  nodes: readonly SimNode[],
  before: ReadonlyMap<string, Region>,
  after: readonly Region[],
) {
  for (const node of nodes) {
    const from = before.get(node.region)?.inner;
    const to = after.find((region) => region.id === node.region)?.inner;
    if (!from || !to || !Number.isFinite(node.x)) continue;
    node.x = to.x + ((node.x - from.x) / from.w) * to.w;
    node.y = to.y + ((node.y - from.y) / from.h) * to.h;
  }
}

/** Bounds of everything drawn (regions and nodes with their collision room). */
export function boundsOf(regions: readonly Region[], nodes: readonly SimNode[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const region of regions) {
    x0 = Math.min(x0, region.rect.x);
    y0 = Math.min(y0, region.rect.y);
    x1 = Math.max(x1, region.rect.x + region.rect.w);
    y1 = Math.max(y1, region.rect.y + region.rect.h);
  }
  for (const node of nodes) {
    x0 = Math.min(x0, node.x - node.collide);
    y0 = Math.min(y0, node.y - node.collide);
    x1 = Math.max(x1, node.x + node.collide);
    y1 = Math.max(y1, node.y + node.collide);
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, w: 1, h: 1 };
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
