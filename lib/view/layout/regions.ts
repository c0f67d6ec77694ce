/*
 * Regions for a graph (by node, by network or by stack): their sizes from what their members need.
 */
import { SWARM_GROUP } from '../graph/groups';
import type { Rect } from '../geometry';
import type { GroupBy, ViewGraph, ViewNode } from '../model';
import { regionsByNode } from './host-regions';
import { type Region, type SimNode, UNCLUSTERED } from './model';
import { regionsByNetwork } from './network-regions';
import { footprint } from './sizes';
import { boxFootprint, stackBoxes, stackBoxOf, withStackBoxes } from './stack-regions';

export function regionIdFor(node: ViewNode, groupBy: GroupBy): string {
  if (groupBy === 'network') return node.cluster ?? UNCLUSTERED;
  if (groupBy === 'stack') return stackBoxOf(node) ?? node.host ?? SWARM_GROUP;
  return node.host ?? SWARM_GROUP;
}

/** Region id → the area its own members need (a stack box's members count in the box only). */
function ownLoad(
  graph: ViewGraph,
  groupBy: GroupBy,
  collides: ReadonlyMap<string, number>,
): Map<string, number> {
  const area = new Map<string, number>();
  for (const node of graph.nodes) {
    const key = regionIdFor(node, groupBy);
    area.set(key, (area.get(key) ?? 0) + footprint(collides.get(node.id) ?? 20));
  }
  return area;
}

/**
 * Region id → the area its members need (`collides`: id → collision radius). Grouping by stack,
 * a host or the swarm band also needs the room of the boxes drawn in it.
 */
export function loadOf(
  graph: ViewGraph,
  groupBy: GroupBy,
  collides: ReadonlyMap<string, number>,
): Map<string, number> {
  const area = ownLoad(graph, groupBy, collides);
  if (groupBy !== 'stack') return area;
  for (const box of boxesOf(graph, collides)) {
    area.set(box.parent, (area.get(box.parent) ?? 0) + boxFootprint(box));
  }
  return area;
}

function boxesOf(graph: ViewGraph, collides: ReadonlyMap<string, number>) {
  return stackBoxes(graph.nodes, (id) => footprint(collides.get(id) ?? 20));
}

/**
 * Grouping by stack: the boxes carved into the host and band regions `parents` (as the layout
 * keeps them). Other groupings: `parents` as they are.
 */
export function nestRegions(
  parents: readonly Region[],
  graph: ViewGraph,
  groupBy: GroupBy,
  collides: ReadonlyMap<string, number>,
): Region[] {
  if (groupBy !== 'stack') return [...parents];
  return withStackBoxes(
    parents,
    boxesOf(graph, collides),
    ownLoad(graph, groupBy, collides),
    graph.nodes,
  );
}

/** Regions sized for the graph's nodes (`collides`: id → collision radius). */
export function regionsFor(
  graph: ViewGraph,
  groupBy: GroupBy,
  collides: ReadonlyMap<string, number>,
  aspect: number,
): Region[] {
  const area = loadOf(graph, groupBy, collides);
  // The map follows the screen's shape, within limits.
  const shape = Math.min(4, Math.max(0.8, aspect));
  if (groupBy === 'network') {
    return regionsByNetwork(
      [...area].map(([id, value]) => ({ id, area: value })),
      shape,
    );
  }
  const hosts = regionsByNode(graph.groups, (group) => area.get(group.id) ?? 0, shape);
  return nestRegions(hosts, graph, groupBy, collides);
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
