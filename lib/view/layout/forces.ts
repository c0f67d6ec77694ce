/*
 * The forces of the layout: links (within a region), repulsion between hubs, collision, and the
 * pull that keeps members in their region.
 */
import { forceLink, forceManyBody, forceSimulation, type Simulation } from 'd3';

import { forceGridCollide } from '../collide';
import type { LinkKind } from '../model';
import { isHub, type Region, type SimLink, type SimNode } from './model';

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
  wrapped.initialize = (nodes, random) => force.initialize?.(nodes.filter(isHub), random);
  return wrapped;
}

const LINK_DISTANCE: Record<LinkKind, number> = {
  endpoint: 64,
  vip: 80,
  member: 52,
  publish: 46,
  uplink: 40,
};

/**
 * The random source d3-force starts with (a linear congruential generator from seed 1): a fresh
 * layout starts from it again, so laying out the same graph gives the same map every time.
 */
export function seededRandom(): () => number {
  let state = 1;
  return () => (state = (1664525 * state + 1013904223) % 4294967296) / 4294967296;
}

/**
 * A stopped simulation with the layout's forces. The layout supplies what reads its current
 * state: each node's link count (`degree`, at least 1) and the pull into regions.
 */
export function createSimulation(
  degree: (node: SimNode) => number,
  regionForce: (alpha: number) => void,
): Simulation<SimNode, SimLink> {
  return forceSimulation<SimNode, SimLink>()
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
            ? Math.min(0.5, 2 / Math.max(degree(l.source), degree(l.target)))
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
    .force('region', regionForce);
}

/** Swarm-band nodes → their neighbours in host regions (tasks of a service, members of an overlay). */
export function acrossRegions(links: readonly SimLink[], band: string): Map<SimNode, SimNode[]> {
  const across = new Map<SimNode, SimNode[]>();
  for (const { source, target } of links) {
    if (source.region === target.region) continue;
    for (const [a, b] of [
      [source, target],
      [target, source],
    ] as const) {
      if (a.region !== band) continue;
      const list = across.get(a);
      if (list) list.push(b);
      else across.set(a, [b]);
    }
  }
  return across;
}

/** Where the region pulls a node to, and how hard (per axis). */
function regionTarget(node: SimNode, region: Region, others: readonly SimNode[] | undefined) {
  const { inner } = region;
  let ty: number | null = null;
  if (node.node.kind === 'port') ty = inner.y + 10;
  else if (node.node.kind === 'uplink') ty = inner.y + inner.h - 10;
  else if (region.kind === 'swarm') {
    ty = inner.y + inner.h * (node.node.kind === 'service' ? 0.28 : 0.7);
  }
  // NOTE: links across regions do not pull (they would pile members against a region's edge);
  // instead a band node drifts over the hosts its members run on.
  let tx = inner.x + inner.w / 2;
  // Circles (grouping by network) gather their members round the middle.
  let sx = region.shape === 'circle' ? 0.03 : 0.006;
  if (others && others.length > 0) {
    tx = others.reduce((sum, other) => sum + other.x, 0) / others.length;
    sx = 0.05;
  }
  const sy = ty === null ? (region.shape === 'circle' ? 0.03 : 0.006) : 0.08;
  return { tx, ty: ty ?? inner.y + inner.h / 2, sx, sy };
}

/** Keeps members in their region, ports at the top of a host, uplinks at the bottom. */
export function pullIntoRegions(
  nodes: readonly SimNode[],
  regionById: ReadonlyMap<string, Region>,
  across: ReadonlyMap<SimNode, SimNode[]>,
  alpha: number,
) {
  for (const node of nodes) {
    const region = regionById.get(node.region);
    if (!region || node.fx != null) continue;
    const { tx, ty, sx, sy } = regionTarget(node, region, across.get(node));
    node.vx = (node.vx ?? 0) + (tx - node.x) * sx * alpha;
    node.vy = (node.vy ?? 0) + (ty - node.y) * sy * alpha;
  }
}
