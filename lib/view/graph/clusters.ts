/*
 * What is decided once the graph's nodes and links are known: the network each element clusters
 * around (grouping by network), and the size of hubs.
 */
import type { Topology } from '@/lib/topology/types';

import type { ViewLink, ViewNode } from '../model';

/** An element's main network: the first of its own (not a system network), else the first. */
function primaryCluster(topology: Topology, networks: readonly string[]): string | null {
  const own = networks.find((id) => !topology.networks[id]?.system);
  return own ?? networks[0] ?? null;
}

/**
 * Cluster (group by network): a hub is its own; members gather at their main network; what has
 * no network (a port, a task without endpoints) follows what it is linked to. `links` join
 * `nodes` only.
 */
export function assignClusters(
  topology: Topology,
  nodes: readonly ViewNode[],
  links: readonly ViewLink[],
) {
  const networksOf = new Map<string, string[]>();
  for (const link of links) {
    if (link.kind !== 'endpoint' && link.kind !== 'vip') continue;
    const list = networksOf.get(link.source) ?? [];
    list.push(link.target);
    networksOf.set(link.source, list);
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const node of nodes) {
    if (node.kind === 'network' || node.kind === 'uplink') continue;
    node.cluster = primaryCluster(topology, networksOf.get(node.id) ?? []);
  }
  for (const link of links) {
    const source = byId.get(link.source);
    const target = byId.get(link.target);
    if (!source || !target || target.cluster !== null) continue;
    target.cluster = source.cluster;
  }
  for (const link of links) {
    const source = byId.get(link.source);
    const target = byId.get(link.target);
    if (source && target && source.cluster === null) source.cluster = target.cluster;
  }
}

/** Hub size grows with its degree, so busy networks (and services with many tasks) read as busy. */
export function sizeHubs(nodes: readonly ViewNode[], links: readonly ViewLink[]) {
  const degree = new Map<string, number>();
  const members = new Map<string, number>();
  for (const link of links) {
    degree.set(link.target, (degree.get(link.target) ?? 0) + 1);
    if (link.kind === 'member') members.set(link.source, (members.get(link.source) ?? 0) + 1);
  }
  for (const node of nodes) {
    if (node.kind === 'network') {
      const d = degree.get(node.id) ?? 0;
      node.r =
        (node.tags.includes('system') && d === 0 ? 10 : 14) + Math.min(12, Math.sqrt(d) * 2.2);
    } else if (node.kind === 'service') {
      const tasks = members.get(node.id) ?? 0;
      node.r = 13 + Math.min(9, Math.sqrt(tasks) * 2.2);
    }
  }
}
