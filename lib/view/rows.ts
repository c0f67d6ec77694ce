import { sharedNamespaceOwner } from '@/lib/discovery/model';
import type { Topology } from '@/lib/topology/types';

import { replicasText, taskStateText } from './graph/labels';

import type { ViewGraph, ViewNode } from './model';
import { compareNames } from './collate';

/** One row of the list view: the same live graph as the map, as a table. */
export interface ListRow {
  /** Graph id (what `select` takes). */
  id: string;
  kind: 'node' | ViewNode['kind'];
  /** What the kind column says (`network · overlay`). */
  kindText: string;
  name: string;
  networks: string;
  addresses: string;
  node: string;
  state: string;
  status: ViewNode['status'];
  stale: boolean;
  context: boolean;
}

const KIND_ORDER: Record<ListRow['kind'], number> = {
  node: 0,
  network: 1,
  service: 2,
  task: 3,
  container: 4,
  project: 5,
  port: 6,
  uplink: 7,
};

function hostName(topology: Topology, id: string | null | undefined): string {
  if (!id) return '';
  return topology.nodes[id]?.hostname ?? id.slice(0, 12);
}

function networkName(topology: Topology, id: string): string {
  return topology.networks[id]?.name ?? id.slice(0, 12);
}

function rowFor(topology: Topology, node: ViewNode): ListRow {
  const base = {
    id: node.id,
    kind: node.kind,
    kindText: node.kind as string,
    name: node.name,
    networks: '',
    addresses: '',
    node: hostName(topology, node.host),
    state: '',
    status: node.status,
    stale: node.stale,
    context: node.context,
  };
  switch (node.kind) {
    case 'network': {
      const network = topology.networks[node.ref];
      if (!network) return base;
      const flags = [
        network.internal && 'internal',
        network.encrypted && 'encrypted',
        network.system && 'system',
      ].filter(Boolean);
      return {
        ...base,
        kindText: `network · ${network.driver === 'null' ? 'none' : network.driver}`,
        addresses: network.subnets
          .map((s) => (s.gateway ? `${s.subnet} gw ${s.gateway}` : s.subnet))
          .join(', '),
        node:
          network.scope === 'swarm'
            ? network.nodes.map((id) => hostName(topology, id)).join(', ')
            : hostName(topology, network.nodes[0]),
        state: [network.scope, ...flags].join(' · '),
      };
    }
    case 'container': {
      const container = topology.containers[node.ref];
      if (!container) return base;
      // NOTE: sharing another container's network namespace, it is on that one's networks.
      const owner = sharedNamespaceOwner(topology, container);
      const endpoints = (owner ?? container).endpoints;
      return {
        ...base,
        networks:
          (owner ? `${owner.name}'s: ` : '') + endpoints.map((e) => e.networkName).join(', '),
        addresses: endpoints
          .filter((e) => e.ipv4 || e.ipv6)
          .map((e) => `${e.networkName} ${e.ipv4 ?? e.ipv6}`)
          .join(', '),
        state: container.health ? `${container.state} (${container.health})` : container.state,
      };
    }
    case 'task': {
      const task = topology.tasks[node.ref];
      if (!task) return base;
      const container = task.containerId ? topology.containers[task.containerId] : undefined;
      const endpoints = container
        ? container.endpoints.map((e) => ({ name: e.networkName, ip: e.ipv4 ?? e.ipv6 }))
        : task.addresses.map((a) => ({ name: networkName(topology, a.network), ip: a.address }));
      return {
        ...base,
        networks: endpoints.map((e) => e.name).join(', '),
        addresses: endpoints
          .filter((e) => e.ip)
          .map((e) => `${e.name} ${e.ip}`)
          .join(', '),
        state: taskStateText(task),
      };
    }
    case 'service': {
      const service = topology.services[node.ref];
      if (!service) return base;
      const ids = [...new Set([...service.networks, ...service.vips.map((v) => v.network)])];
      const hosts = new Set(
        Object.values(topology.tasks)
          .filter((t) => t.service === service.id && t.desiredState === 'running' && t.node)
          .map((t) => hostName(topology, t.node)),
      );
      return {
        ...base,
        kindText: `service · ${service.endpointMode === 'dnsrr' ? 'dnsrr' : 'vip'}`,
        networks: ids.map((id) => networkName(topology, id)).join(', '),
        addresses: service.vips
          .map((v) => `${networkName(topology, v.network)} ${v.addr}`)
          .join(', '),
        node: [...hosts].sort().join(', '),
        state: replicasText(service.replicas),
      };
    }
    case 'port': {
      const path = topology.ingress[node.ref];
      return {
        ...base,
        kindText: `port · ${path?.kind ?? ''}`,
        addresses: node.lines.join(' '),
        state: 'published',
      };
    }
    case 'uplink':
      return {
        ...base,
        networks: networkName(topology, node.ref),
        addresses: node.lines.join(' '),
        state: 'parent interface',
      };
    case 'project':
      return { ...base, addresses: node.lines.join(' ') };
  }
}

/** Rows for every host and graph element, hosts first, then by kind and name. */
export function toRows(graph: ViewGraph, topology: Topology): ListRow[] {
  const rows: ListRow[] = [];
  for (const group of graph.groups) {
    if (group.kind !== 'host') continue;
    const node = topology.nodes[group.id];
    rows.push({
      id: group.id,
      kind: 'node',
      kindText: node?.kind === 'swarm' ? `node · ${node.role}` : 'node',
      name: group.name,
      networks: '',
      addresses: node?.address ?? '',
      node: group.name,
      state: group.stale
        ? 'stale (reconnecting)'
        : node?.kind === 'swarm'
          ? `${node.state} · ${node.availability}`
          : 'standalone',
      status: group.stale ? 'warn' : 'ok',
      stale: group.stale,
      context: false,
    });
  }
  for (const node of graph.nodes) rows.push(rowFor(topology, node));
  return rows.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      compareNames(a.name, b.name) ||
      a.node.localeCompare(b.node) ||
      a.id.localeCompare(b.id),
  );
}
