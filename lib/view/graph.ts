import type {
  ContainerEndpoint,
  IngressPath,
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyNode,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';

import { matchesQuery, parseQuery, type FilterFacts } from './filter';
import type {
  GraphOptions,
  Layers,
  LinkKind,
  NetworkStyle,
  Status,
  ViewGraph,
  ViewGroup,
  ViewLink,
  ViewNode,
} from './model';

export const SWARM_GROUP = 'swarm';

const STACK_LABEL = 'com.docker.stack.namespace';
const COMPOSE_LABEL = 'com.docker.compose.project';

/** Tasks whose desired state is one of these are current (the manager also keeps history). */
const CURRENT_DESIRED = new Set(['new', 'pending', 'assigned', 'accepted', 'ready', 'running']);
const TASK_STARTING = new Set([
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
]);

export function networkStyle(driver: string): NetworkStyle {
  switch (driver) {
    case 'bridge':
    case 'overlay':
    case 'macvlan':
    case 'ipvlan':
    case 'host':
      return driver;
    case 'null':
      return 'none';
    default:
      return 'other';
  }
}

export function isTaskCurrent(task: TopologyTask): boolean {
  return CURRENT_DESIRED.has(task.desiredState);
}

export function isContainerActive(container: TopologyContainer): boolean {
  return (
    container.state === 'running' ||
    container.state === 'paused' ||
    container.state === 'restarting'
  );
}

function containerStatus(container: TopologyContainer): Status {
  if (container.health === 'unhealthy' || container.state === 'dead') return 'bad';
  if (container.state === 'running') return container.health === 'starting' ? 'warn' : 'ok';
  if (container.state === 'paused' || container.state === 'restarting') return 'warn';
  if (container.state === 'created') return 'warn';
  return 'off';
}

function taskStatus(task: TopologyTask): Status {
  if (task.state === 'running') return 'ok';
  if (task.state === 'failed' || task.state === 'rejected' || task.state === 'orphaned') {
    return 'bad';
  }
  if (TASK_STARTING.has(task.state)) return 'warn';
  return 'off';
}

export function serviceStatus(service: TopologyService): Status {
  const { running, desired } = service.replicas;
  if (running >= desired) return desired === 0 ? 'off' : 'ok';
  return running === 0 ? 'bad' : 'warn';
}

/** `5000→80/tcp` */
export function portText(published: number, target: number, protocol: string): string {
  return `${published || '*'}→${target}/${protocol}`;
}

function firstSubnet(network: TopologyNetwork) {
  return network.subnets.find((subnet) => !subnet.subnet.includes(':')) ?? network.subnets[0];
}

function networkLines(network: TopologyNetwork): string[] {
  const driver = network.driver === 'null' ? 'none' : network.driver;
  const kind = [driver];
  if (network.ingress) kind.push('routing mesh');
  if (network.encrypted) kind.push('encrypted');
  if (network.internal) kind.push('internal');
  if (network.parent) kind.push(`parent ${network.parent}`);
  // NOTE: `host` and `none` are named after their driver: do not say it twice.
  const lines = kind.length === 1 && kind[0] === network.name ? [] : [kind.join(' · ')];
  const subnet = firstSubnet(network);
  if (subnet) {
    lines.push(subnet.gateway ? `${subnet.subnet} gw ${subnet.gateway}` : subnet.subnet);
  } else if (network.driver === 'host') {
    lines.push("the host's own stack");
  } else if (network.driver === 'null') {
    lines.push('loopback only');
  }
  return lines;
}

function networkTags(network: TopologyNetwork): string[] {
  const tags: string[] = [];
  if (network.system) tags.push('system');
  if (network.ingress) tags.push('ingress');
  if (network.encrypted) tags.push('encrypted');
  if (network.internal) tags.push('internal');
  if (network.attachable) tags.push('attachable');
  if (network.scope === 'swarm') tags.push('swarm');
  return tags;
}

function endpointLabel(
  endpoint: Pick<ContainerEndpoint, 'ipv4' | 'ipv6' | 'aliases'>,
  name: string,
  driver: string,
) {
  const address = endpoint.ipv4 ?? endpoint.ipv6;
  const aliases = endpoint.aliases.filter((alias) => alias !== name);
  if (!address) {
    if (driver === 'host') return 'host stack';
    if (driver === 'null') return 'no network';
    return aliases.join(', ');
  }
  return aliases.length > 0 ? `${address} · ${aliases.join(', ')}` : address;
}

function hostLines(node: TopologyNode): string[] {
  const lines: string[] = [];
  if (node.kind === 'swarm') {
    lines.push(node.leader ? 'manager · leader' : node.role);
    if (node.state !== 'ready') lines.push(node.state);
    if (node.availability !== 'active') lines.push(node.availability);
  } else {
    lines.push('standalone engine');
  }
  if (node.address) lines.push(node.address);
  return lines;
}

interface Candidate {
  node: ViewNode;
  facts: FilterFacts;
}

interface Builder {
  topology: Topology;
  layers: Layers;
  nodes: Map<string, Candidate>;
  links: Map<string, ViewLink>;
  staleNodes: Set<string>;
  /** Service id → nodes its current tasks run on. */
  serviceHosts: Map<string, Set<string>>;
}

function hostName(topology: Topology, id: string | null): string | null {
  if (!id) return null;
  return topology.nodes[id]?.hostname ?? null;
}

function addNode(builder: Builder, node: ViewNode, facts: FilterFacts) {
  builder.nodes.set(node.id, { node, facts });
}

function addLink(
  builder: Builder,
  source: string,
  target: string,
  kind: LinkKind,
  label: string,
  network: string | null,
  paths: string[] = [],
) {
  const id = `${source}->${target}`;
  const existing = builder.links.get(id);
  if (existing) {
    for (const path of paths) if (!existing.paths.includes(path)) existing.paths.push(path);
    return;
  }
  builder.links.set(id, { id, source, target, kind, label, network, paths: [...paths] });
}

function primaryCluster(networks: readonly string[], builder: Builder): string | null {
  const present = networks.filter((id) => builder.nodes.has(id));
  const own = present.find((id) => !builder.topology.networks[id]?.system);
  return own ?? present[0] ?? null;
}

function addNetworks(builder: Builder) {
  const { topology, layers } = builder;
  for (const network of Object.values(topology.networks)) {
    if (network.system && !layers.system) continue;
    const local = network.scope === 'local' || network.nodes.length === 1;
    const host = local ? (network.nodes[0] ?? null) : null;
    const stale = network.nodes.length > 0 && network.nodes.every((n) => builder.staleNodes.has(n));
    addNode(
      builder,
      {
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
        project: network.labels[COMPOSE_LABEL]
          ? `compose:${network.labels[COMPOSE_LABEL]}`
          : network.labels[STACK_LABEL]
            ? `stack:${network.labels[STACK_LABEL]}`
            : null,
        refs: [network.id],
        r: network.system ? 11 : 16,
      },
      {
        id: network.id,
        kind: 'network',
        name: network.name,
        image: null,
        labels: network.labels,
        networks: [{ name: network.name, driver: network.driver }],
        nodes: network.nodes.map((id) => hostName(topology, id) ?? id),
        service: null,
        project: network.labels[COMPOSE_LABEL] ?? null,
        stack: network.labels[STACK_LABEL] ?? null,
        state: 'running',
        addresses: network.subnets.flatMap((s) => [s.subnet, ...(s.gateway ? [s.gateway] : [])]),
      },
    );
  }
}

function serviceStack(service: TopologyService | undefined): string | null {
  return service?.labels[STACK_LABEL] ?? null;
}

function addTask(builder: Builder, task: TopologyTask) {
  const { topology } = builder;
  const service = topology.services[task.service];
  const container = task.containerId ? topology.containers[task.containerId] : undefined;
  const endpoints: ContainerEndpoint[] = container
    ? container.endpoints
    : task.addresses.map((address) => ({
        network: address.network,
        networkName: topology.networks[address.network]?.name ?? address.network,
        ipv4: address.address.includes(':') ? null : address.address,
        ipv6: address.address.includes(':') ? address.address : null,
        mac: null,
        aliases: [],
      }));
  const stack = container?.stack ?? serviceStack(service);
  const status = taskStatus(task);
  const lines = [
    task.state === 'running' ? (container?.image ?? service?.image ?? '') : task.state,
  ];
  addNode(
    builder,
    {
      id: task.id,
      kind: 'task',
      ref: task.id,
      name: task.name,
      lines: lines.filter((line) => line !== ''),
      host: task.node,
      cluster: null,
      status,
      stale: task.node !== null && builder.staleNodes.has(task.node),
      context: false,
      style: null,
      tags: [],
      service: service ? service.id : null,
      project: stack ? `stack:${stack}` : null,
      refs: container ? [task.id, container.id] : [task.id],
      r: 8,
    },
    {
      id: task.id,
      kind: 'task',
      name: task.name,
      image: container?.image ?? service?.image ?? null,
      labels: { ...(service?.labels ?? {}), ...(container?.labels ?? {}) },
      networks: endpoints.map((e) => ({
        name: e.networkName,
        driver: topology.networks[e.network]?.driver ?? '',
      })),
      nodes: [hostName(topology, task.node) ?? ''],
      service: service?.name ?? null,
      project: container?.composeProject ?? null,
      stack,
      state: task.state,
      addresses: endpoints.flatMap((e) => [
        ...(e.ipv4 ? [e.ipv4] : []),
        ...(e.ipv6 ? [e.ipv6] : []),
        ...e.aliases,
      ]),
    },
  );
  for (const endpoint of endpoints) {
    if (!builder.nodes.has(endpoint.network)) continue;
    const driver = topology.networks[endpoint.network]?.driver ?? '';
    addLink(
      builder,
      task.id,
      endpoint.network,
      'endpoint',
      endpointLabel(endpoint, task.name, driver),
      endpoint.network,
    );
  }
  if (service)
    addLink(builder, service.id, task.id, 'member', task.slot ? `.${task.slot}` : '', null);
}

function addContainer(builder: Builder, container: TopologyContainer) {
  const { topology } = builder;
  const defaultBridge = container.endpoints.some(
    (e) => topology.networks[e.network]?.driver === 'bridge' && e.networkName === 'bridge',
  );
  const lines = [
    container.state === 'running' ? container.image : `${container.state} · ${container.image}`,
  ];
  if (container.ports.length > 0 && (defaultBridge || container.endpoints.length === 0)) {
    lines.push(
      container.ports
        .map((port) => portText(port.hostPort, port.containerPort, port.protocol))
        .join(' '),
    );
  }
  const project = container.composeProject
    ? `compose:${container.composeProject}`
    : container.stack
      ? `stack:${container.stack}`
      : null;
  addNode(
    builder,
    {
      id: container.id,
      kind: 'container',
      ref: container.id,
      name: container.name,
      lines,
      host: container.node,
      cluster: null,
      status: containerStatus(container),
      stale: builder.staleNodes.has(container.node),
      context: false,
      style: null,
      tags: defaultBridge ? ['default-bridge'] : [],
      service: null,
      project,
      refs: [container.id],
      r: 9,
    },
    {
      id: container.id,
      kind: 'container',
      name: container.name,
      image: container.image,
      labels: container.labels,
      networks: container.endpoints.map((e) => ({
        name: e.networkName,
        driver: topology.networks[e.network]?.driver ?? '',
      })),
      nodes: [hostName(topology, container.node) ?? container.node],
      service: container.labels['com.docker.compose.service'] ?? null,
      project: container.composeProject,
      stack: container.stack,
      state: container.state,
      addresses: container.endpoints.flatMap((e) => [
        ...(e.ipv4 ? [e.ipv4] : []),
        ...(e.ipv6 ? [e.ipv6] : []),
        ...e.aliases,
      ]),
    },
  );
  for (const endpoint of container.endpoints) {
    if (!builder.nodes.has(endpoint.network)) continue;
    const driver = topology.networks[endpoint.network]?.driver ?? '';
    addLink(
      builder,
      container.id,
      endpoint.network,
      'endpoint',
      endpointLabel(endpoint, container.name, driver),
      endpoint.network,
    );
  }
}

function addService(builder: Builder, service: TopologyService) {
  const { topology } = builder;
  const { running, desired } = service.replicas;
  const mode =
    service.mode.kind === 'global' ? 'global' : service.mode.kind === 'replicated' ? '' : 'job';
  const lines = [
    `${running}/${desired} running${mode ? ` · ${mode}` : ''} · ${service.endpointMode === 'dnsrr' ? 'dnsrr' : 'VIP'}`,
  ];
  if (service.ports.length > 0) {
    lines.push(service.ports.map((p) => portText(p.published, p.target, p.protocol)).join(' '));
  }
  const stack = serviceStack(service);
  const networkIds = new Set([...service.networks, ...service.vips.map((vip) => vip.network)]);
  addNode(
    builder,
    {
      id: service.id,
      kind: 'service',
      ref: service.id,
      name: service.name,
      lines,
      host: null,
      cluster: null,
      status: serviceStatus(service),
      stale: false,
      context: false,
      style: null,
      tags: [service.endpointMode === 'dnsrr' ? 'dnsrr' : 'vip'],
      service: null,
      project: stack ? `stack:${stack}` : null,
      refs: [service.id],
      r: 14,
    },
    {
      id: service.id,
      kind: 'service',
      name: service.name,
      image: service.image,
      labels: service.labels,
      networks: [...networkIds].map((id) => ({
        name: topology.networks[id]?.name ?? id,
        driver: topology.networks[id]?.driver ?? '',
      })),
      nodes: [...(builder.serviceHosts.get(service.id) ?? [])].map(
        (id) => hostName(topology, id) ?? id,
      ),
      service: service.name,
      project: null,
      stack,
      state: `${running}/${desired}`,
      addresses: service.vips.map((vip) => vip.addr),
    },
  );
  for (const id of networkIds) {
    if (!builder.nodes.has(id)) continue;
    const vip = service.vips.find((v) => v.network === id);
    const label = vip ? `VIP ${vip.addr}` : service.endpointMode === 'dnsrr' ? 'dnsrr' : '';
    addLink(builder, service.id, id, 'vip', label, id);
  }
}

function portNode(
  builder: Builder,
  id: string,
  path: IngressPath,
  host: string,
  name: string,
  lines: string[],
  facts: Partial<FilterFacts>,
) {
  const { topology } = builder;
  addNode(
    builder,
    {
      id,
      kind: 'port',
      ref: path.id,
      name,
      lines,
      host,
      cluster: null,
      status: 'ok',
      stale: builder.staleNodes.has(host),
      context: false,
      style: null,
      tags: [path.kind],
      service: null,
      project: null,
      refs: [path.id],
      r: 9,
    },
    {
      id,
      kind: 'port',
      name,
      image: null,
      labels: {},
      networks: [],
      nodes: [hostName(topology, host) ?? host],
      service: null,
      project: null,
      stack: null,
      state: 'running',
      addresses: [String(path.published)],
      ...facts,
    },
  );
}

function addIngressPaths(builder: Builder) {
  const { topology } = builder;
  for (const path of Object.values(topology.ingress)) {
    const proto = `${path.published}/${path.protocol}`;
    if (path.kind === 'ingress') {
      const service = topology.services[path.service];
      if (!service || !builder.nodes.has(service.id)) continue;
      const network = path.network && builder.nodes.has(path.network) ? path.network : null;
      for (const host of path.nodes) {
        const id = `port:${path.id}:${host}`;
        portNode(
          builder,
          id,
          path,
          host,
          `:${path.published}`,
          [`${proto} → ${service.name}:${path.target}`],
          {
            service: service.name,
          },
        );
        if (network) addLink(builder, id, network, 'publish', proto, network, [path.id]);
        else addLink(builder, id, service.id, 'publish', proto, null, [path.id]);
      }
      if (network) {
        addLink(builder, service.id, network, 'vip', path.vip ? `VIP ${path.vip}` : '', network, [
          path.id,
        ]);
      }
      for (const backend of path.tasks) {
        if (builder.nodes.has(backend.task)) {
          addLink(builder, service.id, backend.task, 'member', '', null, [path.id]);
        }
      }
    } else if (path.kind === 'host') {
      const host = path.nodes[0];
      const service = topology.services[path.service];
      if (!host || !builder.nodes.has(path.task)) continue;
      const id = `port:${path.id}:${host}`;
      portNode(
        builder,
        id,
        path,
        host,
        `:${path.published}`,
        [`host mode ${proto} → :${path.target}`],
        {
          service: service?.name ?? null,
        },
      );
      addLink(builder, id, path.task, 'publish', `→ :${path.target}`, null, [path.id]);
    } else {
      const container = topology.containers[path.container];
      const host = path.nodes[0] ?? container?.node;
      if (!host || !container || !builder.nodes.has(container.id)) continue;
      const id = `port:${path.id}`;
      const bound = path.hostIps.length > 0 ? path.hostIps.join(', ') : '0.0.0.0';
      portNode(
        builder,
        id,
        path,
        host,
        `:${path.published}`,
        [`${bound}:${proto} → :${path.target}`],
        {},
      );
      addLink(builder, id, container.id, 'publish', `→ :${path.target}`, null, [path.id]);
    }
  }
}

function addUplinks(builder: Builder) {
  const { topology } = builder;
  for (const network of Object.values(topology.networks)) {
    if (!network.parent || !builder.nodes.has(network.id)) continue;
    const hosts = network.nodes.length > 0 ? network.nodes : [null];
    for (const host of hosts) {
      const id = hosts.length > 1 ? `uplink:${network.id}:${host}` : `uplink:${network.id}`;
      const name = network.parent;
      addNode(
        builder,
        {
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
        },
        {
          id,
          kind: 'uplink',
          name,
          image: null,
          labels: {},
          networks: [{ name: network.name, driver: network.driver }],
          nodes: host ? [hostName(topology, host) ?? host] : [],
          service: null,
          project: null,
          stack: null,
          state: 'running',
          addresses: [],
        },
      );
      addLink(builder, network.id, id, 'uplink', `via ${name}`, network.id);
    }
  }
}

/**
 * Keeps what matches the query plus its direct neighbours as context (a container's networks, a
 * network's members, a task's service, the ports leading to it), and the uplinks of kept networks.
 */
function applyQuery(builder: Builder, query: string): Set<string> | null {
  const terms = parseQuery(query);
  if (terms.length === 0) return null;
  const matched = new Set<string>();
  for (const [id, candidate] of builder.nodes) {
    if (matchesQuery(terms, candidate.facts)) matched.add(id);
  }
  const keep = new Set(matched);
  for (const link of builder.links.values()) {
    if (link.kind === 'uplink') continue;
    if (matched.has(link.source)) keep.add(link.target);
    if (matched.has(link.target)) keep.add(link.source);
  }
  for (const link of builder.links.values()) {
    if (link.kind === 'uplink' && keep.has(link.source)) keep.add(link.target);
  }
  for (const id of keep) {
    const candidate = builder.nodes.get(id);
    if (candidate && !matched.has(id)) candidate.node.context = true;
  }
  return keep;
}

/**
 * Projects a topology onto the map's graph: networks as hubs, containers and tasks joined to them
 * by endpoint links (one element per container, one link per network), services linked to their
 * networks (VIP) and tasks, published ports and macvlan uplinks; hosts as regions.
 * Pure and deterministic: the same input gives the same ids and order.
 */
export function toGraph(topology: Topology, options: GraphOptions): ViewGraph {
  const { layers } = options;
  const staleNodes = new Set<string>();
  for (const node of Object.values(topology.nodes)) {
    const engine = node.engine ? topology.engines[node.engine] : undefined;
    if (engine && (engine.stale || !engine.reachable)) staleNodes.add(node.id);
  }
  const serviceHosts = new Map<string, Set<string>>();
  for (const task of Object.values(topology.tasks)) {
    if (!task.node || !isTaskCurrent(task)) continue;
    const hosts = serviceHosts.get(task.service) ?? new Set<string>();
    hosts.add(task.node);
    serviceHosts.set(task.service, hosts);
  }
  const builder: Builder = {
    topology,
    layers,
    nodes: new Map(),
    links: new Map(),
    staleNodes,
    serviceHosts,
  };

  addNetworks(builder);
  for (const service of Object.values(topology.services)) addService(builder, service);
  const taskContainers = new Set<string>();
  for (const task of Object.values(topology.tasks)) {
    const container = task.containerId ? topology.containers[task.containerId] : undefined;
    // NOTE: a task and its container are one element (the task), whichever layers are on.
    if (container) taskContainers.add(container.id);
    if (!layers.tasks) continue;
    const current = isTaskCurrent(task) || task.state === 'running';
    if (!current && !layers.stopped) continue;
    addTask(builder, task);
  }
  for (const container of Object.values(topology.containers)) {
    if (taskContainers.has(container.id)) continue;
    if (container.task && topology.tasks[container.task]) continue;
    if (container.service && !layers.tasks) continue;
    if (!isContainerActive(container) && !layers.stopped) continue;
    addContainer(builder, container);
  }
  if (layers.ingress) addIngressPaths(builder);
  addUplinks(builder);

  const keep = applyQuery(builder, options.query);

  const nodes: ViewNode[] = [];
  for (const [id, { node }] of builder.nodes) if (!keep || keep.has(id)) nodes.push(node);
  const present = new Set(nodes.map((node) => node.id));
  const links = [...builder.links.values()].filter(
    (link) => present.has(link.source) && present.has(link.target),
  );

  // Cluster (group by network): a hub is its own; members gather at their main network.
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
    node.cluster = primaryCluster(networksOf.get(node.id) ?? [], builder);
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
  // Hub size grows with its degree, so busy networks read as busy.
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

  const groups = toGroups(topology, nodes, keep !== null, staleNodes);
  return { nodes, links, groups };
}

function toGroups(
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
    const managers = hosts.filter((h) => h.kind === 'swarm' && h.role === 'manager').length;
    groups.push({
      id: SWARM_GROUP,
      kind: 'swarm',
      name: 'swarm',
      lines: [
        `${hosts.length} node${hosts.length === 1 ? '' : 's'} · ${managers} manager${managers === 1 ? '' : 's'}`,
        'overlay networks and services span hosts',
      ],
      stale: false,
      engine: null,
      members: swarmMembers,
    });
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
