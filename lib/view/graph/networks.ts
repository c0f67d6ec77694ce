/*
 * Networks as hubs, and the parent interface of a macvlan/ipvlan network as its uplink.
 */
import { LABELS } from '@/lib/topology/elements';
import type { TopologyNetwork } from '@/lib/topology/types';

import type { FilterFacts } from '../filter';
import type { ViewNode } from '../model';
import { addLink, addNode, type Builder, hostName, projectOf } from './builder';
import { networkLines, networkTags } from './labels';
import { networkStyle } from './status';

function networkNode(builder: Builder, network: TopologyNetwork): ViewNode {
  const local = network.scope === 'local' || network.nodes.length === 1;
  const host = local ? (network.nodes[0] ?? null) : null;
  const stale = network.nodes.length > 0 && network.nodes.every((n) => builder.staleNodes.has(n));
  return {
    id: network.id,
    kind: 'network',
    ref: network.id,
    name: network.name,
    lines: networkLines(network),
    host: network.scope === 'swarm' ? null : host,
    cluster: network.id,
    status: 'ok',
    stale,
    context: false,
    style: networkStyle(network.driver),
    tags: networkTags(network),
    service: null,
    project: projectOf(
      network.labels[LABELS.composeProject],
      network.labels[LABELS.stackNamespace],
    ),
    refs: [network.id],
    r: network.system ? 11 : 16,
    ...(network.scope !== 'swarm' && host
      ? { place: hostName(builder.topology, host) ?? host }
      : {}),
  };
}

function networkFacts(builder: Builder, network: TopologyNetwork): FilterFacts {
  return {
    id: network.id,
    kind: 'network',
    name: network.name,
    image: null,
    labels: network.labels,
    networks: [{ name: network.name, driver: network.driver }],
    nodes: network.nodes.map((id) => hostName(builder.topology, id) ?? id),
    service: null,
    project: network.labels[LABELS.composeProject] ?? null,
    stack: network.labels[LABELS.stackNamespace] ?? null,
    state: 'running',
    addresses: network.subnets.flatMap((s) => [s.subnet, ...(s.gateway ? [s.gateway] : [])]),
  };
}

export function addNetworks(builder: Builder) {
  for (const network of Object.values(builder.topology.networks)) {
    if (network.system && !builder.layers.system) continue;
    addNode(builder, networkNode(builder, network), networkFacts(builder, network));
  }
}

interface Uplink {
  id: string;
  /** The parent interface, e.g. `eth1`. */
  name: string;
  host: string | null;
}

function addUplinkNode(builder: Builder, network: TopologyNetwork, { id, name, host }: Uplink) {
  const node: ViewNode = {
    id,
    kind: 'uplink',
    ref: network.id,
    name,
    lines: ['parent interface → LAN'],
    host,
    cluster: network.id,
    status: 'ok',
    stale: host !== null && builder.staleNodes.has(host),
    context: false,
    style: networkStyle(network.driver),
    tags: [],
    service: null,
    project: null,
    refs: [network.id],
    r: 7,
  };
  const facts: FilterFacts = {
    id,
    kind: 'uplink',
    name,
    image: null,
    labels: {},
    networks: [{ name: network.name, driver: network.driver }],
    nodes: host ? [hostName(builder.topology, host) ?? host] : [],
    service: null,
    project: null,
    stack: null,
    state: 'running',
    addresses: [],
  };
  addNode(builder, node, facts);
}

/** One uplink per host the network is on (the parent interface is each host's own). */
export function addUplinks(builder: Builder) {
  for (const network of Object.values(builder.topology.networks)) {
    const name = network.parent;
    if (!name || !builder.nodes.has(network.id)) continue;
    const hosts = network.nodes.length > 0 ? network.nodes : [null];
    for (const host of hosts) {
      const id = hosts.length > 1 ? `uplink:${network.id}:${host}` : `uplink:${network.id}`;
      addUplinkNode(builder, network, { id, name, host });
      addLink(builder, network.id, id, 'uplink', `via ${name}`, network.id);
    }
  }
}
