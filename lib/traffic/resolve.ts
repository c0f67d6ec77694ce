import { cidrContainsIp, parseCidr, parseIp } from '@/lib/ip/cidr';
import type { Topology, TopologyContainer } from '@/lib/topology/types';

import type { TrafficPeer } from './types';

interface Indexed {
  peer: Omit<TrafficPeer, 'ip'>;
}

/**
 * The addresses the topology knows, per network: who answers at `ip` on network `id`. Addresses
 * are only meaningful within a network (every engine's default bridge is 172.17.0.0/16), so a
 * remote address is always looked up on the networks the observing container shares with it.
 */
export interface AddressIndex {
  byNetwork: Map<string, Map<string, Indexed>>;
  /** Swarm node addresses and standalone hosts, outside any container network. */
  nodes: Map<string, Indexed>;
  topology: Topology;
  /** What else naming reads from the topology: networks' drivers, subnets and gateways; nodes. */
  shape: string;
}

function containerPeer(topology: Topology, container: TopologyContainer): Indexed['peer'] {
  const task = container.task ? topology.tasks[container.task] : undefined;
  return {
    kind: 'container',
    id: container.id,
    name: task?.name ?? container.name,
    task: container.task,
  };
}

export function indexAddresses(topology: Topology): AddressIndex {
  const byNetwork = new Map<string, Map<string, Indexed>>();
  const put = (network: string, ip: string | null, peer: Indexed['peer']) => {
    if (!ip) return;
    let addresses = byNetwork.get(network);
    if (!addresses) byNetwork.set(network, (addresses = new Map()));
    // NOTE: the first claim wins; containers are indexed first, so a task's container beats the task.
    if (!addresses.has(ip)) addresses.set(ip, { peer });
  };
  for (const container of Object.values(topology.containers)) {
    if (container.state !== 'running') continue;
    const peer = containerPeer(topology, container);
    for (const endpoint of container.endpoints) {
      put(endpoint.network, endpoint.ipv4, peer);
      put(endpoint.network, endpoint.ipv6, peer);
    }
  }
  for (const task of Object.values(topology.tasks)) {
    const peer: Indexed['peer'] = { kind: 'task', id: task.id, name: task.name, task: task.id };
    for (const { network, address } of task.addresses) put(network, address, peer);
  }
  for (const service of Object.values(topology.services)) {
    const peer: Indexed['peer'] = {
      kind: 'service',
      id: service.id,
      name: service.name,
      task: null,
    };
    for (const vip of service.vips) put(vip.network, vip.addr, peer);
  }
  const nodes = new Map<string, Indexed>();
  for (const node of Object.values(topology.nodes)) {
    const peer: Indexed['peer'] = { kind: 'node', id: node.id, name: node.name, task: null };
    if (node.address) nodes.set(node.address, { peer });
    for (const network of Object.values(topology.networks)) {
      for (const balancer of network.loadBalancers) {
        if (balancer.node === node.id) put(network.id, balancer.ipv4, peer);
      }
    }
  }
  const shape = JSON.stringify([
    Object.values(topology.networks).map((n) => [n.id, n.driver, n.subnets]),
    Object.values(topology.nodes).map((n) => [n.id, n.name]),
  ]);
  return { byNetwork, nodes, topology, shape };
}

const samePeer = (a: Indexed, b: Indexed | undefined) =>
  b !== undefined &&
  a.peer.kind === b.peer.kind &&
  a.peer.id === b.peer.id &&
  a.peer.name === b.peer.name &&
  a.peer.task === b.peer.task;

/**
 * Whether two indexes name every address the same way (and see the same networks and nodes), so
 * what was resolved with one holds for the other. A busy engine changes the topology often (a
 * health check, a task elsewhere) without moving any address: the sampler then keeps its index,
 * and with it what each namespace's sockets were found to mean.
 */
export function sameAddresses(a: AddressIndex, b: AddressIndex): boolean {
  if (a.shape !== b.shape || a.byNetwork.size !== b.byNetwork.size) return false;
  if (a.nodes.size !== b.nodes.size) return false;
  for (const [ip, indexed] of a.nodes) if (!samePeer(indexed, b.nodes.get(ip))) return false;
  for (const [network, addresses] of a.byNetwork) {
    const other = b.byNetwork.get(network);
    if (!other || other.size !== addresses.size) return false;
    for (const [ip, indexed] of addresses) if (!samePeer(indexed, other.get(ip))) return false;
  }
  return true;
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

export interface Resolved {
  peer: TrafficPeer;
  network: { id: string; name: string } | null;
}

/**
 * Names the far end of a socket seen in `observer`'s namespace: a peer on a network they share
 * (container, task, VIP, load balancer), the gateway of such a network (the observer's node, and
 * beyond it the NAT; for macvlan/ipvlan, a router outside), an unknown address inside one of its subnets, a node, or the outside.
 * Null for loopback (the embedded DNS at 127.0.0.11 included) and unspecified addresses.
 */
export function resolveRemote(
  index: AddressIndex,
  observer: TopologyContainer,
  ip: string,
): Resolved | null {
  if (isLoopback(ip) || ip === '0.0.0.0' || ip === '::') return null;
  const { topology } = index;
  for (const endpoint of observer.endpoints) {
    const hit = index.byNetwork.get(endpoint.network)?.get(ip);
    if (hit) {
      return {
        peer: { ...hit.peer, ip },
        network: { id: endpoint.network, name: endpoint.networkName },
      };
    }
  }
  const parsed = parseIp(ip);
  for (const endpoint of observer.endpoints) {
    const network = topology.networks[endpoint.network];
    for (const subnet of network?.subnets ?? []) {
      const shared = { id: endpoint.network, name: endpoint.networkName };
      // NOTE: a macvlan/ipvlan network's gateway is a router on the physical segment, not the node.
      const onSegment = network?.driver === 'macvlan' || network?.driver === 'ipvlan';
      if (subnet.gateway === ip && onSegment) {
        return {
          peer: { kind: 'outside', id: `address:${ip}`, name: ip, ip, task: null },
          network: shared,
        };
      }
      if (subnet.gateway === ip) {
        const node = topology.nodes[observer.node];
        const peer: TrafficPeer = node
          ? { kind: 'node', id: node.id, name: node.name, ip, task: null }
          : { kind: 'outside', id: `address:${ip}`, name: ip, ip, task: null };
        return { peer, network: shared };
      }
      const cidr = parseCidr(subnet.subnet, { lenient: true });
      if (parsed && cidr.ok && cidrContainsIp(cidr.value, parsed)) {
        return {
          peer: { kind: 'unknown', id: `address:${ip}`, name: ip, ip, task: null },
          network: shared,
        };
      }
    }
  }
  const node = index.nodes.get(ip);
  if (node) return { peer: { ...node.peer, ip }, network: null };
  return {
    peer: { kind: 'outside', id: `address:${ip}`, name: ip, ip, task: null },
    network: null,
  };
}

/** The observing container itself as a peer, at one of its own addresses. */
export function selfPeer(index: AddressIndex, observer: TopologyContainer, ip: string): Resolved {
  const endpoint = observer.endpoints.find((e) => e.ipv4 === ip || e.ipv6 === ip);
  return {
    peer: { ...containerPeer(index.topology, observer), ip },
    network: endpoint ? { id: endpoint.network, name: endpoint.networkName } : null,
  };
}
