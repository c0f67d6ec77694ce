/*
 * Hosts as regions: the swarm band (overlays and services span hosts) and one region per host,
 * each listing the graph ids drawn in it.
 */
import type { Topology, TopologyNode } from '@/lib/topology/types';

import type { ViewGroup, ViewNode } from '../model';

/** The id of the swarm band's group (what has no host of its own). */
export const SWARM_GROUP = 'swarm';

/** Role and state of a host, then its address. */
export function hostLines(node: TopologyNode): string[] {
  const lines: string[] = [];
  if (node.kind === 'swarm') {
    lines.push(node.leader ? 'manager · leader' : node.role);
    if (node.state !== 'ready') lines.push(node.state);
    if (node.availability !== 'active') lines.push(node.availability);
    if (node.unread) lines.push('own containers not visible');
  } else {
    lines.push('standalone engine');
  }
  if (node.address) lines.push(node.address);
  return lines;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Counts the swarm's own nodes: a standalone engine beside the swarm is not one of them. */
function swarmGroup(hosts: readonly TopologyNode[], members: string[]): ViewGroup {
  const swarmNodes = hosts.filter((h) => h.kind === 'swarm');
  const managers = swarmNodes.filter((h) => h.kind === 'swarm' && h.role === 'manager').length;
  return {
    id: SWARM_GROUP,
    kind: 'swarm',
    name: 'swarm',
    lines: [
      `${plural(swarmNodes.length, 'node')} · ${plural(managers, 'manager')}`,
      'overlay networks and services span hosts',
    ],
    stale: false,
    engine: null,
    members,
  };
}

/**
 * The swarm band first (when anything is in it, or always in swarm mode without a filter), then
 * hosts by name. A filtered map leaves out empty regions.
 */
export function toGroups(
  topology: Topology,
  nodes: readonly ViewNode[],
  filtered: boolean,
  staleNodes: ReadonlySet<string>,
): ViewGroup[] {
  const members = new Map<string, string[]>();
  for (const node of nodes) {
    const key = node.host ?? SWARM_GROUP;
    const list = members.get(key) ?? [];
    list.push(node.id);
    members.set(key, list);
  }
  const groups: ViewGroup[] = [];
  const hosts = Object.values(topology.nodes).sort((a, b) => a.hostname.localeCompare(b.hostname));
  const swarmMembers = members.get(SWARM_GROUP) ?? [];
  const inSwarm = hosts.some((host) => host.kind === 'swarm');
  if (swarmMembers.length > 0 || (inSwarm && !filtered)) {
    groups.push(swarmGroup(hosts, swarmMembers));
  }
  for (const host of hosts) {
    const list = members.get(host.id) ?? [];
    if (filtered && list.length === 0) continue;
    groups.push({
      id: host.id,
      kind: 'host',
      name: host.hostname,
      lines: hostLines(host),
      stale: staleNodes.has(host.id),
      engine: host.engine,
      members: list,
    });
  }
  // Elements on a host the topology does not know (should not happen): give them a region.
  for (const [key, list] of members) {
    if (key === SWARM_GROUP || topology.nodes[key]) continue;
    groups.push({
      id: key,
      kind: 'host',
      name: key.slice(0, 12),
      lines: ['unknown host'],
      stale: false,
      engine: null,
      members: list,
    });
  }
  return groups;
}
