/*
 * "Can A reach B?" from the topology: the networks A and B share and B's address on each, the
 * name A's resolver gives for B, what internal networks forbid, and what must be published for B
 * to be reached across hosts or from outside. A side is a container, or a service (its tasks).
 */
import type {
  IngressPath,
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
} from '@/lib/topology/types';

import { serviceTaskAddresses } from './dns-names';
import {
  allServiceAliases,
  attachedEndpoints,
  isDefaultBridge,
  isLive,
  isRunningTask,
  namespaceOwner,
  networkLabel,
  sameAddresses,
  serviceAliasesOn,
  type Workload,
} from './model';
import { resolveName } from './resolve';

export interface ReachNetwork {
  network: {
    id: string;
    name: string;
    driver: string;
    scope: string;
    internal: boolean;
    encrypted: boolean;
  };
  /** B's addresses here: the container's, or the service's VIP (vip mode) / task addresses. */
  addresses: string[];
  vip: string | null;
  taskAddresses: string[];
  /** The name A can use for B on this network (null: by address only). */
  name: string | null;
  /** Other names A's resolver answers the same for (a service's aliases here, `tasks.…`). */
  otherNames: string[];
  notes: string[];
}

/** A published way in to B: the addresses a client outside the container networks dials. */
export interface PublishedWay {
  mode: IngressPath['mode'];
  /** `node-address:port` pairs that are open. */
  entries: string[];
  target: number;
  protocol: string;
  explanation: string;
}

export type ReachVerdict =
  /** A shared network: connect to B's address (or name) and port directly. */
  | 'direct'
  /** No shared network, but B publishes the port on node addresses A can reach. */
  | 'published'
  /** A shares the node's network (host mode) with B's bridge, or similar: via the node. */
  | 'via-node'
  | 'unreachable';

export interface Reach {
  from: { kind: Workload['kind']; id: string; name: string };
  to: { kind: Workload['kind']; id: string; name: string };
  port: number | null;
  verdict: ReachVerdict;
  /** What to dial, when there is a clear answer. */
  use: { address: string; name: string | null; port: number | null; network: string | null } | null;
  shared: ReachNetwork[];
  published: PublishedWay[];
  /** What internal networks on either side forbid. */
  internal: string[];
  /** What to publish (or attach) to cross hosts or reach from outside. */
  advice: string[];
  /** For a service target: VIP against task addresses. */
  serviceNote: string | null;
  summary: string;
}

interface Side {
  kind: Workload['kind'];
  id: string;
  name: string;
  /** Network ids and the side's own addresses there. */
  networks: Map<string, string[]>;
  nodes: Set<string>;
  hostMode: boolean;
  none: boolean;
  running: boolean;
  /** For resolving names from A: one running container of the side. */
  probe: TopologyContainer | null;
}

function containerSide(topology: Topology, container: TopologyContainer): Side {
  const owner = namespaceOwner(topology, container);
  const networks = new Map<string, string[]>();
  let hostMode = owner.networkMode === 'host';
  let none = true;
  for (const { endpoint, network } of attachedEndpoints(topology, owner)) {
    if (network.driver === 'host') hostMode = true;
    if (network.driver === 'null' || network.driver === 'host') continue;
    none = false;
    networks.set(
      network.id,
      [endpoint.ipv4, endpoint.ipv6].filter((ip): ip is string => !!ip),
    );
  }
  return {
    kind: 'container',
    id: container.id,
    name: container.name,
    networks,
    nodes: new Set([owner.node]),
    hostMode,
    none: none && !hostMode,
    running: isLive(container),
    probe: isLive(container) ? container : null,
  };
}

function serviceSide(topology: Topology, service: TopologyService): Side {
  const networks = new Map<string, string[]>();
  const nodes = new Set<string>();
  let probe: TopologyContainer | null = null;
  for (const id of service.networks) networks.set(id, serviceTaskAddresses(topology, service, id));
  for (const task of Object.values(topology.tasks)) {
    if (task.service !== service.id || !isRunningTask(task)) continue;
    if (task.node) nodes.add(task.node);
    for (const address of task.addresses) {
      const held = networks.get(address.network) ?? [];
      if (!held.includes(address.address))
        networks.set(address.network, [...held, address.address]);
    }
    const container = task.containerId ? topology.containers[task.containerId] : undefined;
    if (!probe && container && isLive(container)) probe = container;
  }
  return {
    kind: 'service',
    id: service.id,
    name: service.name,
    networks,
    nodes,
    hostMode: false,
    none: networks.size === 0,
    running: service.replicas.running > 0,
    probe,
  };
}

function sideOf(topology: Topology, workload: Workload): Side {
  return workload.kind === 'container'
    ? containerSide(topology, workload.container)
    : serviceSide(topology, workload.service);
}

function nodeAddress(topology: Topology, nodeId: string): string {
  const node = topology.nodes[nodeId];
  return node?.address ?? node?.name ?? nodeId;
}

function publishedWays(topology: Topology, to: Workload, port: number | null): PublishedWay[] {
  const ways: PublishedWay[] = [];
  for (const path of Object.values(topology.ingress)) {
    const mine =
      to.kind === 'service'
        ? path.kind !== 'bridge' && path.service === to.service.id
        : path.kind === 'bridge' && path.container === to.container.id;
    if (!mine || (port !== null && path.target !== port)) continue;
    const entries = path.nodes.map((node) => `${nodeAddress(topology, node)}:${path.published}`);
    const explanation =
      path.kind === 'ingress'
        ? `Routing mesh: port ${path.published} is open on every node; ingress takes it to the VIP ${path.vip ?? '?'} and on to a task's port ${path.target}.`
        : path.kind === 'host'
          ? `Host mode: port ${path.published} is open only on the node running that task.`
          : `Port mapping: ${path.hostIps.join(', ')}:${path.published} on the node, DNAT to the container's port ${path.target}.`;
    ways.push({
      mode: path.mode,
      entries,
      target: path.target,
      protocol: path.protocol,
      explanation,
    });
  }
  return ways;
}

function networkRef(topology: Topology, network: TopologyNetwork): ReachNetwork['network'] {
  return {
    id: network.id,
    name: networkLabel(topology, network),
    driver: network.driver,
    scope: network.scope,
    internal: network.internal,
    encrypted: network.encrypted,
  };
}

/** The names A's resolver turns into B's addresses on this network, the plainest first. */
function namesFor(
  topology: Topology,
  from: Side,
  to: Workload,
  network: TopologyNetwork,
  expected: string[],
): string[] {
  const probe = from.probe;
  if (!probe) return [];
  const names =
    to.kind === 'container'
      ? [to.container.name]
      : [to.service.name, ...serviceAliasesOn(to.service, network), `tasks.${to.service.name}`];
  return [...new Set(names)].filter((name) => {
    const resolution = resolveName(topology, probe.id, name);
    return (
      resolution !== null &&
      resolution.answers.length > 0 &&
      sameAddresses(resolution.answers, expected)
    );
  });
}

export function reach(
  topology: Topology,
  fromWorkload: Workload,
  toWorkload: Workload,
  port: number | null = null,
): Reach {
  const from = sideOf(topology, fromWorkload);
  const to = sideOf(topology, toWorkload);
  const shared: ReachNetwork[] = [];
  const internal: string[] = [];
  const advice: string[] = [];

  for (const side of [from, to]) {
    for (const id of side.networks.keys()) {
      const network = topology.networks[id];
      if (network?.internal) {
        const text = `${networkLabel(topology, network)} is internal: its members reach each other, but nothing on it reaches outside and no port can be published through it.`;
        if (!internal.includes(text)) internal.push(text);
      }
    }
  }

  for (const [id, addresses] of to.networks) {
    const network = topology.networks[id];
    if (!network || network.ingress || !from.networks.has(id)) continue;
    const notes: string[] = [];
    let vip: string | null = null;
    let taskAddresses: string[] = [];
    let targetAddresses = addresses;
    if (toWorkload.kind === 'service') {
      const service = toWorkload.service;
      taskAddresses = serviceTaskAddresses(topology, service, id);
      vip = service.vips.find((entry) => entry.network === id)?.addr ?? null;
      targetAddresses = service.endpointMode === 'vip' && vip ? [vip] : taskAddresses;
    }
    if (isDefaultBridge(network))
      notes.push('Default bridge: no DNS names here; use the address (or a legacy --link).');
    if (network.options['com.docker.network.bridge.enable_icc'] === 'false')
      notes.push('Inter-container traffic is disabled on this bridge (enable_icc=false).');
    if (network.encrypted)
      notes.push('Encrypted overlay: traffic between nodes goes through IPsec.');
    if (network.scope === 'local' && network.driver === 'bridge')
      notes.push('A bridge exists on one node: both ends are on that node.');
    const names = isDefaultBridge(network)
      ? []
      : namesFor(topology, from, toWorkload, network, targetAddresses);
    shared.push({
      network: networkRef(topology, network),
      addresses: targetAddresses,
      vip,
      taskAddresses,
      name: names[0] ?? null,
      otherNames: names.slice(1),
      notes,
    });
  }
  shared.sort((a, b) => Number(a.network.internal) - Number(b.network.internal));

  const published = publishedWays(topology, toWorkload, port);
  let serviceNote: string | null = null;
  if (toWorkload.kind === 'service') {
    const service = toWorkload.service;
    const aliases = allServiceAliases(service);
    serviceNote =
      (service.endpointMode === 'vip'
        ? `${service.name} has a VIP per network: connections to ${service.name} go to the VIP and are balanced across its ${service.replicas.running} running task(s); tasks.${service.name} gives each task's own address.`
        : `${service.name} uses DNS round robin (dnsrr): no VIP; ${service.name} and tasks.${service.name} both answer the task addresses, and clients pick one.`) +
      (aliases.length > 0
        ? ` Its network aliases (${aliases.join(', ')}) answer as its name does, on the networks they are set on, and tasks.<alias> as tasks.${service.name}.`
        : '') +
      (service.replicas.stopping > 0
        ? ` ${service.replicas.stopping} task(s) are stopping: they have left tasks.${service.name} already.`
        : '');
  }

  const portText = port === null ? '' : `:${port}`;
  let verdict: ReachVerdict = 'unreachable';
  let use: Reach['use'] = null;
  let summary: string;
  const first = shared[0];

  if (!from.running || !to.running) {
    summary = `${!from.running ? from.name : to.name} is not running.`;
  } else if (from.none || to.none) {
    summary = `${from.none ? from.name : to.name} has network none: it reaches nothing and nothing reaches it.`;
  } else if (first) {
    verdict = 'direct';
    const address = first.addresses[0] ?? '';
    use = { address, name: first.name, port, network: first.network.name };
    summary = `${from.name} and ${to.name} share ${shared.map((entry) => entry.network.name).join(', ')}: connect to ${
      first.name ?? address
    }${portText} directly; ports on a shared network need no publishing.`;
  } else if (from.hostMode && to.kind === 'container' && to.nodes.has([...from.nodes][0] ?? '')) {
    const address = [...to.networks.values()][0]?.[0] ?? '';
    verdict = address ? 'via-node' : 'unreachable';
    use = address ? { address, name: null, port, network: null } : null;
    summary = `${from.name} uses the node's own network: it reaches ${to.name}'s bridge address ${address}${portText} through the node (no names).`;
  } else if (published.length > 0 && !fromOnlyInternal(topology, from)) {
    verdict = 'published';
    // NOTE: prefer the port on A's own node: no hop between nodes on the way in.
    const own = [...from.nodes].map((node) => nodeAddress(topology, node));
    const entries = published.flatMap((way) => way.entries);
    const entry =
      entries.find((candidate) => own.some((address) => candidate.startsWith(`${address}:`))) ??
      entries[0] ??
      '';
    const [address = '', publishedPort] = entry.split(/:(?=\d+$)/);
    use = { address, name: null, port: Number(publishedPort) || null, network: null };
    summary = `No shared network: ${from.name} can reach ${to.name} only through what it publishes, e.g. ${entry} (out through ${from.name}'s own way out).`;
  } else {
    summary = `No shared network and nothing published${port === null ? '' : ` for port ${port}`}: ${from.name} cannot reach ${to.name}.`;
  }

  const sameNode = [...from.nodes].some((node) => to.nodes.has(node));
  const bothUp = from.running && to.running && !from.none && !to.none;
  if (shared.length === 0 && bothUp && verdict !== 'via-node') {
    const attachable = Object.values(topology.networks).filter(
      (network) => network.driver === 'overlay' && network.attachable && !network.ingress,
    );
    if (!sameNode)
      advice.push(
        `Bridges do not span hosts: attach both to an overlay${
          attachable.length > 0 ? ` (attachable: ${attachable.map((n) => n.name).join(', ')})` : ''
        }, or publish ${to.name}'s port on its node.`,
      );
    else advice.push(`Connect both to one user-defined network to reach ${to.name} by name.`);
  }
  if (published.length === 0 && bothUp) {
    advice.push(
      toWorkload.kind === 'service'
        ? `From outside: publish it (--publish ${port ?? 'PORT'}:${port ?? 'PORT'}) to open it on every node through the routing mesh, or mode=host to open it only where tasks run.`
        : `From outside: publish it (-p HOSTPORT:${port ?? 'PORT'}) to open it on ${
            topology.nodes[[...to.nodes][0] ?? '']?.name ?? 'its node'
          } only.`,
    );
  }
  if (
    to.networks.size > 0 &&
    [...to.networks.keys()].every((id) => topology.networks[id]?.internal)
  )
    advice.push(`${to.name} is only on internal networks: publishing its ports has no effect.`);

  return {
    from: { kind: from.kind, id: from.id, name: from.name },
    to: { kind: to.kind, id: to.id, name: to.name },
    port,
    verdict,
    use,
    shared,
    published,
    internal,
    advice,
    serviceNote,
    summary,
  };
}

function fromOnlyInternal(topology: Topology, side: Side): boolean {
  if (side.hostMode) return false;
  const networks = [...side.networks.keys()].map((id) => topology.networks[id]);
  return networks.length > 0 && networks.every((network) => network?.internal);
}
