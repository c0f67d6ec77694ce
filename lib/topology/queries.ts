import { formatIp, parseCidr, parseIp } from '@/lib/ip/cidr';

import type { Topology, TopologyContainer, TopologyNetwork } from './types';

/*
 * Questions asked of a topology by the rules, the routes and the forms: which engine holds a local
 * network, which engines share a swarm, what a reference names, which addresses are taken. Pure
 * reads of the topology; nothing here judges a request.
 */

/** The engine whose node holds a local network (local networks have one node: their engine's). */
export function engineOfLocalNetwork(topology: Topology, network: TopologyNetwork): string | null {
  if (network.scope === 'swarm') return null;
  const node = network.nodes[0];
  return Object.values(topology.engines).find((engine) => engine.node === node)?.name ?? null;
}

/**
 * Which swarm an engine belongs to, or null outside swarm mode. NOTE: workers do not report their
 * cluster id (`/info` has it on managers only); with one known swarm, every engine in swarm mode
 * belongs to it, otherwise a worker counts as its own swarm.
 */
export function clusterOf(topology: Topology, engine: string): string | null {
  const swarm = topology.engines[engine]?.swarm;
  if (!swarm || (swarm.state !== 'active' && swarm.state !== 'locked')) return null;
  if (swarm.clusterId) return swarm.clusterId;
  const known = new Set(
    Object.values(topology.engines).flatMap((candidate) =>
      candidate.swarm?.clusterId ? [candidate.swarm.clusterId] : [],
    ),
  );
  if (known.size === 0) return 'swarm';
  return known.size === 1 ? ([...known][0] ?? null) : `worker:${engine}`;
}

/** Engines in the same swarm as `engine` (itself included), or just `engine` outside swarm mode. */
export function swarmPeers(topology: Topology, engine: string): string[] {
  const cluster = clusterOf(topology, engine);
  if (cluster === null) return [engine];
  return Object.values(topology.engines)
    .filter((candidate) => clusterOf(topology, candidate.name) === cluster)
    .map((candidate) => candidate.name);
}

/** Managers of `engine`'s swarm that are reachable, the fresh ones first. */
export function swarmManagers(topology: Topology, engine: string): string[] {
  return swarmPeers(topology, engine)
    .map((name) => topology.engines[name])
    .filter((candidate) => candidate?.swarm?.manager && candidate.reachable)
    .sort((a, b) => Number(a?.stale) - Number(b?.stale))
    .map((candidate) => candidate?.name ?? '');
}

/** The manager engines of the topology a service request can go to, reachable ones first. */
export function managerEngines(topology: Topology): { name: string; reachable: boolean }[] {
  return Object.values(topology.engines)
    .filter((engine) => engine.swarm?.state === 'active' && engine.swarm.manager)
    .map((engine) => ({ name: engine.name, reachable: engine.reachable }))
    .sort((a, b) => Number(b.reachable) - Number(a.reachable));
}

/**
 * Whether a swarm network belongs to `engine`'s swarm. NOTE: the topology does not record a swarm
 * network's cluster; with one swarm they all belong to it, with several a network belongs to
 * those whose nodes it is present on, and one present nowhere yet counts for every swarm.
 */
export function inSwarmOf(topology: Topology, network: TopologyNetwork, engine: string): boolean {
  const cluster = clusterOf(topology, engine);
  if (cluster === null) return false;
  const clusters = new Set(
    Object.keys(topology.engines)
      .map((name) => clusterOf(topology, name))
      .filter((id) => id !== null),
  );
  if (clusters.size <= 1 || network.nodes.length === 0) return true;
  const nodes = new Set(
    swarmPeers(topology, engine).map((name) => topology.engines[name]?.node ?? ''),
  );
  return network.nodes.some((node) => nodes.has(node));
}

/** The networks an engine can use: its local ones, and the swarm networks of its swarm. */
export function networksOnEngine(topology: Topology, engine: string): TopologyNetwork[] {
  return Object.values(topology.networks).filter((network) =>
    network.scope === 'swarm'
      ? inSwarmOf(topology, network, engine)
      : engineOfLocalNetwork(topology, network) === engine,
  );
}

/**
 * Finds what `ref` names, the way the engine does: an exact id first, then an exact name, then a
 * unique id prefix. Several matches mean the reference is ambiguous (a local name on several
 * engines, such as `bridge`).
 */
export function findByRef<T extends { id: string; name: string }>(
  items: readonly T[],
  ref: string,
): T[] {
  const byId = items.filter((item) => item.id === ref);
  if (byId.length > 0) return byId;
  const byName = items.filter((item) => item.name === ref);
  if (byName.length > 0) return byName;
  return /^[0-9a-f]+$/i.test(ref)
    ? items.filter((item) => item.id.startsWith(ref.toLowerCase()))
    : [];
}

/** Containers `ref` names, optionally only those on `engine`. */
export function findContainers(
  topology: Topology,
  ref: string,
  engine?: string,
): TopologyContainer[] {
  const containers = Object.values(topology.containers).filter(
    (container) => engine === undefined || container.engine === engine,
  );
  return findByRef(containers, ref);
}

/** Addresses in use on a network: container endpoints, swarm tasks, load balancers and VIPs. */
export function addressesInUse(topology: Topology, network: TopologyNetwork): Map<string, string> {
  const used = new Map<string, string>();
  const add = (address: string | null, by: string) => {
    const parsed = address === null ? null : parseIp(address.split('/')[0] ?? '');
    if (parsed) used.set(formatIp(parsed), by);
  };
  for (const container of Object.values(topology.containers)) {
    for (const endpoint of container.endpoints) {
      if (endpoint.network !== network.id) continue;
      add(endpoint.ipv4, `container ${container.name}`);
      add(endpoint.ipv6, `container ${container.name}`);
    }
  }
  for (const task of Object.values(topology.tasks)) {
    if (task.desiredState !== 'running') continue;
    for (const address of task.addresses) {
      if (address.network === network.id) add(address.address, `task ${task.name}`);
    }
  }
  for (const service of Object.values(topology.services)) {
    for (const vip of service.vips) {
      if (vip.network === network.id) add(vip.addr, `the VIP of service ${service.name}`);
    }
  }
  for (const balancer of network.loadBalancers) {
    add(balancer.ipv4, 'the network’s load balancer');
    add(balancer.ipv6, 'the network’s load balancer');
  }
  for (const subnet of network.subnets) {
    // NOTE: the engine records a gateway only when one was asked for; its IPAM still reserves
    // the subnet's first host address for it.
    const cidr = parseCidr(subnet.subnet, { lenient: true });
    const first = cidr.ok
      ? formatIp({ family: cidr.value.family, value: cidr.value.network + 1n })
      : null;
    add(subnet.gateway ?? first, 'the gateway');
  }
  return used;
}
