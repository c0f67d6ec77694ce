import type { DockerEvent } from '@/lib/docker/events';
import type {
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';

import { namespaceGuests, serviceAliasesOn, sharedNamespaceOwner } from '@/lib/discovery/model';
import { taskPhase } from '@/lib/topology/tasks';

import { isTaskCurrent, portText } from './graph';
import { replicasText, TASK_PHASE_TEXT, taskCountText, taskStateText } from './graph/labels';
import { containerDnsSection, serviceDnsSection } from './inspect-dns';
import type { Status, ViewGraph } from './model';

/** A block of the inspector: key/value pairs, a table, or a note. */
export interface InspectorSection {
  title: string;
  /** Key/value pairs, in order. */
  fields?: [string, string][];
  table?: { columns: string[]; rows: string[][] };
  note?: string;
  /** Graph ids the rows of `table` stand for (clicking a row selects it), same order. */
  links?: (string | null)[];
}

export interface InspectorModel {
  id: string;
  kind: string;
  title: string;
  subtitle: string;
  status: Status;
  sections: InspectorSection[];
  /** Which Docker events are about this element (see `matchingEvents`). */
  events: EventMatch;
}

const MAX_EVENTS = 25;

function hostName(topology: Topology, id: string | null | undefined): string {
  if (!id) return '—';
  return topology.nodes[id]?.hostname ?? id.slice(0, 12);
}

function networkName(topology: Topology, id: string): string {
  return topology.networks[id]?.name ?? id.slice(0, 12);
}

function labelsSection(labels: Readonly<Record<string, string>>): InspectorSection | null {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return { title: `Labels (${entries.length})`, fields: entries };
}

/** Ids an event may name (its actor, or the container, task or service it concerns). */
export interface EventMatch {
  ids: string[];
}

const NO_EVENTS: EventMatch = { ids: [] };

/** The most recent events about an element, newest first. */
export function matchingEvents(
  match: EventMatch,
  events: readonly DockerEvent[],
  max = MAX_EVENTS,
): DockerEvent[] {
  if (match.ids.length === 0) return [];
  const ids = new Set(match.ids);
  const found: DockerEvent[] = [];
  for (let i = events.length - 1; i >= 0 && found.length < max; i--) {
    const event = events[i];
    if (!event) continue;
    const a = event.attributes;
    if (
      ids.has(event.id) ||
      (a.container !== undefined && ids.has(a.container)) ||
      (a['com.docker.swarm.task.id'] !== undefined && ids.has(a['com.docker.swarm.task.id'])) ||
      (a['com.docker.swarm.service.id'] !== undefined && ids.has(a['com.docker.swarm.service.id']))
    ) {
      found.push(event);
    }
  }
  return found;
}

function endpointsTable(
  topology: Topology,
  container: TopologyContainer | undefined,
  task: TopologyTask | undefined,
): InspectorSection {
  const owner = container ? sharedNamespaceOwner(topology, container) : null;
  if (container && owner) {
    return {
      ...endpointsTable(topology, owner, undefined),
      title: `Networks (${owner.name}'s: its namespace, shared)`,
    };
  }
  if (container) {
    return {
      title: 'Networks (one endpoint each)',
      table: {
        columns: ['network', 'IPv4', 'IPv6', 'MAC', 'aliases'],
        rows: container.endpoints.map((e) => [
          e.networkName,
          e.ipv4 ?? '—',
          e.ipv6 ?? '—',
          e.mac ?? '—',
          e.aliases.join(', ') || '—',
        ]),
      },
      links: container.endpoints.map((e) => (topology.networks[e.network] ? e.network : null)),
    };
  }
  const addresses = task?.addresses ?? [];
  return {
    title: 'Networks (one endpoint each)',
    table: {
      columns: ['network', 'IPv4', 'IPv6', 'MAC', 'aliases'],
      rows: addresses.map((a) => [
        networkName(topology, a.network),
        a.address.includes(':') ? '—' : a.address,
        a.address.includes(':') ? a.address : '—',
        '—',
        '—',
      ]),
    },
    links: addresses.map((a) => (topology.networks[a.network] ? a.network : null)),
  };
}

function portsSection(container: TopologyContainer): InspectorSection | null {
  if (container.ports.length === 0) return null;
  return {
    title: 'Published ports',
    table: {
      columns: ['host', 'container', 'protocol'],
      rows: container.ports.map((p) => [
        `${p.hostIp}:${p.hostPort}`,
        String(p.containerPort),
        p.protocol,
      ]),
    },
  };
}

/** The containers that joined this one's network namespace (`--network container:<this>`). */
function guestsSection(topology: Topology, owner: TopologyContainer): InspectorSection | null {
  const guests = namespaceGuests(topology, owner);
  if (guests.length === 0) return null;
  return {
    title: `Sharing its network namespace (${guests.length})`,
    table: { columns: ['container', 'state'], rows: guests.map((g) => [g.name, g.state]) },
    links: guests.map((g) => g.id),
    note: `Started with --network container:${owner.name}: no endpoints of their own; ${owner.name}'s addresses, ports and names are theirs.`,
  };
}

function describeContainer(
  topology: Topology,
  container: TopologyContainer | undefined,
  task: TopologyTask | undefined,
  id: string,
): InspectorModel | null {
  if (!container && !task) return null;
  const service = task
    ? topology.services[task.service]
    : container?.service
      ? topology.services[container.service]
      : undefined;
  const sections: InspectorSection[] = [];
  const fields: [string, string][] = [];
  if (task) {
    fields.push(['task id', task.id]);
    fields.push(['service', service?.name ?? task.service]);
    if (task.slot !== null) fields.push(['slot', String(task.slot)]);
    fields.push(['state', task.state]);
    fields.push(['desired state', task.desiredState]);
    fields.push(['lifecycle', TASK_PHASE_TEXT[taskPhase(task)]]);
    if (task.stateSince) fields.push(['since', task.stateSince]);
    if (task.message) fields.push(['message', task.message]);
    if (task.error) fields.push(['error', task.error]);
  }
  if (container) {
    fields.push(['container id', container.id]);
    if (task) fields.push(['container', container.name]);
    fields.push(['image', container.image]);
    if (!task) fields.push(['state', container.state]);
    if (container.health) fields.push(['health', container.health]);
    fields.push(['network mode', container.networkMode ?? '—']);
    const owner = sharedNamespaceOwner(topology, container);
    if (owner) fields.push(['network namespace', `${owner.name}'s (--network container:)`]);
    if (container.composeProject) fields.push(['compose project', container.composeProject]);
    if (container.stack) fields.push(['stack', container.stack]);
    fields.push(['engine', container.engine]);
  } else if (service) {
    fields.push(['image', service.image]);
  }
  fields.push(['node', hostName(topology, task?.node ?? container?.node)]);
  sections.push({ title: task ? 'Task' : 'Container', fields });
  sections.push(endpointsTable(topology, container, task));
  const guests = container ? guestsSection(topology, container) : null;
  if (guests) sections.push(guests);
  sections.push(containerDnsSection(topology, container, task, service));
  if (container) {
    const ports = portsSection(container);
    if (ports) sections.push(ports);
  }
  const labels = labelsSection(container?.labels ?? {});
  if (labels) sections.push(labels);

  const ids = new Set([container?.id, task?.id].filter((x): x is string => Boolean(x)));
  const title = task?.name ?? container?.name ?? id;
  return {
    id,
    kind: task ? 'task' : 'container',
    title,
    subtitle: task
      ? `task of ${service?.name ?? 'a service'} on ${hostName(topology, task.node)}`
      : `container on ${hostName(topology, container?.node)}`,
    status: 'ok',
    sections,
    events: { ids: [...ids] },
  };
}

function describeNetwork(topology: Topology, network: TopologyNetwork): InspectorModel {
  const sections: InspectorSection[] = [];
  const fields: [string, string][] = [
    ['id', network.id],
    ['driver', network.driver === 'null' ? 'null (none)' : network.driver],
    ['scope', network.scope],
    ['internal', network.internal ? 'yes: no route to the outside' : 'no'],
    ['attachable', network.attachable ? 'yes' : 'no'],
  ];
  if (network.driver === 'overlay')
    fields.push(['encrypted', network.encrypted ? 'yes (IPsec)' : 'no']);
  if (network.ingress) fields.push(['routing mesh', 'yes: published ports enter here']);
  if (network.parent) fields.push(['parent interface', network.parent]);
  if (network.system) fields.push(['system', 'created by Docker']);
  fields.push(['IPv6', network.ipv6 ? 'enabled' : 'off']);
  fields.push(['nodes', network.nodes.map((id) => hostName(topology, id)).join(', ') || '—']);
  sections.push({ title: 'Network', fields });
  if (network.subnets.length > 0) {
    sections.push({
      title: 'IPAM',
      table: {
        columns: ['subnet', 'gateway', 'range'],
        rows: network.subnets.map((s) => [s.subnet, s.gateway ?? '—', s.ipRange ?? '—']),
      },
    });
  }

  const memberRows: string[][] = [];
  const memberLinks: (string | null)[] = [];
  const taskByContainer = new Map<string, TopologyTask>();
  for (const task of Object.values(topology.tasks)) {
    if (task.containerId) taskByContainer.set(task.containerId, task);
  }
  for (const container of Object.values(topology.containers)) {
    const endpoint = container.endpoints.find((e) => e.network === network.id);
    if (!endpoint) continue;
    const task = taskByContainer.get(container.id);
    memberRows.push([
      task?.name ?? container.name,
      endpoint.ipv4 ?? endpoint.ipv6 ?? '—',
      hostName(topology, container.node),
      container.state,
    ]);
    memberLinks.push(task?.id ?? container.id);
  }
  for (const task of Object.values(topology.tasks)) {
    if (task.containerId && topology.containers[task.containerId]) continue;
    if (!isTaskCurrent(task)) continue;
    const address = task.addresses.find((a) => a.network === network.id);
    if (!address) continue;
    memberRows.push([task.name, address.address, hostName(topology, task.node), task.state]);
    memberLinks.push(task.id);
  }
  sections.push({
    title: `Endpoints (${memberRows.length})`,
    table: memberRows.length
      ? { columns: ['member', 'address', 'node', 'state'], rows: memberRows }
      : undefined,
    note: memberRows.length ? undefined : 'No containers on this network.',
    links: memberLinks,
  });

  const services = Object.values(topology.services).filter(
    (s) => s.networks.includes(network.id) || s.vips.some((v) => v.network === network.id),
  );
  if (services.length > 0) {
    sections.push({
      title: 'Services',
      table: {
        columns: ['service', 'VIP', 'mode'],
        rows: services.map((s) => [
          s.name,
          s.vips.find((v) => v.network === network.id)?.addr ?? '—',
          s.endpointMode,
        ]),
      },
      links: services.map((s) => s.id),
    });
  }
  if (network.loadBalancers.length > 0) {
    sections.push({
      title: 'Load-balancer endpoints',
      table: {
        columns: ['node', 'IPv4', 'MAC'],
        rows: network.loadBalancers.map((lb) => [
          hostName(topology, lb.node),
          lb.ipv4 ?? '—',
          lb.mac ?? '—',
        ]),
      },
    });
  }
  const options = Object.entries(network.options);
  if (options.length > 0) sections.push({ title: 'Driver options', fields: options });
  const labels = labelsSection(network.labels);
  if (labels) sections.push(labels);
  return {
    id: network.id,
    kind: 'network',
    title: network.name,
    subtitle: `${network.driver === 'null' ? 'none' : network.driver} network${network.scope === 'swarm' ? ' spanning nodes' : ` on ${hostName(topology, network.nodes[0])}`}`,
    status: 'ok',
    sections,
    events: { ids: [network.id] },
  };
}

/** `4 running / 4 desired`, then `· 3 stopping`, `· 1 starting`. */
function replicasWords(replicas: TopologyService['replicas']): string {
  const words = [`${replicas.running} running / ${replicas.desired} desired`];
  if (replicas.starting > 0) words.push(`${replicas.starting} starting`);
  if (replicas.stopping > 0) words.push(`${replicas.stopping} stopping`);
  return words.join(' · ');
}

/** Each network with the service's VIP there, and its aliases there when it has some. */
function networksSection(
  topology: Topology,
  service: TopologyService,
  networkIds: readonly string[],
): InspectorSection {
  const aliasesOn = (id: string) => {
    const network = topology.networks[id];
    return network ? serviceAliasesOn(service, network) : [];
  };
  const withAliases = service.aliases.length > 0;
  return {
    title: withAliases ? 'Networks, VIPs and aliases' : 'Networks and VIPs',
    table: {
      columns: withAliases ? ['network', 'VIP', 'aliases'] : ['network', 'VIP'],
      rows: networkIds.map((id) => {
        const row = [
          networkName(topology, id),
          service.vips.find((v) => v.network === id)?.addr ??
            (service.endpointMode === 'dnsrr' ? 'dnsrr' : '—'),
        ];
        return withAliases ? [...row, aliasesOn(id).join(', ') || '—'] : row;
      }),
    },
    links: networkIds.map((id) => (topology.networks[id] ? id : null)),
  };
}

function describeService(topology: Topology, service: TopologyService): InspectorModel {
  const mode =
    service.mode.kind === 'replicated'
      ? `replicated (${service.mode.replicas})`
      : service.mode.kind === 'global'
        ? 'global'
        : service.mode.kind;
  const fields: [string, string][] = [
    ['id', service.id],
    ['image', service.image],
    ['mode', mode],
    ['replicas', replicasWords(service.replicas)],
    [
      'endpoint mode',
      service.endpointMode === 'dnsrr'
        ? 'dnsrr: DNS answers with task IPs, no VIP'
        : 'vip: one virtual IP per network, load-balanced',
    ],
  ];
  if (service.updateStatus) {
    fields.push([
      'update',
      `${service.updateStatus.state}${service.updateStatus.message ? `: ${service.updateStatus.message}` : ''}`,
    ]);
  }
  const sections: InspectorSection[] = [{ title: 'Service', fields }];
  const networkIds = [...new Set([...service.networks, ...service.vips.map((v) => v.network)])];
  sections.push(networksSection(topology, service, networkIds));
  if (service.ports.length > 0) {
    sections.push({
      title: 'Published ports',
      table: {
        columns: ['port', 'mode'],
        rows: service.ports.map((p) => [portText(p.published, p.target, p.protocol), p.mode]),
      },
    });
  }
  const tasks = Object.values(topology.tasks)
    .filter((t) => t.service === service.id)
    .sort(
      (a, b) =>
        Number(isTaskCurrent(b)) - Number(isTaskCurrent(a)) ||
        a.name.localeCompare(b.name, 'en', { numeric: true }),
    );
  sections.push({
    title: `Tasks: ${taskCountText(tasks)}`,
    table: {
      columns: ['task', 'node', 'state', 'addresses'],
      rows: tasks.map((t) => [
        t.name,
        hostName(topology, t.node),
        taskStateText(t),
        t.addresses.map((a) => a.address).join(', ') || '—',
      ]),
    },
    links: tasks.map((t) => t.id),
    note: tasks.some((t) => taskPhase(t) === 'stopping')
      ? 'Stopping: told to stop, their containers still run inside the stop grace period; they have left DNS already.'
      : undefined,
  });
  sections.push(serviceDnsSection(topology, service, networkIds));
  if (service.envKeys.length > 0) {
    sections.push({
      title: `Environment (${service.envKeys.length} keys)`,
      note: service.envKeys.join(', '),
    });
  }
  const labels = labelsSection(service.labels);
  if (labels) sections.push(labels);
  const taskIds = new Set(tasks.map((t) => t.id));
  return {
    id: service.id,
    kind: 'service',
    title: service.name,
    subtitle: `swarm service · ${replicasText(service.replicas)}`,
    status: 'ok',
    sections,
    events: { ids: [service.id, ...taskIds] },
  };
}

function describeHost(topology: Topology, id: string): InspectorModel | null {
  const node = topology.nodes[id];
  if (!node) return null;
  const engine = node.engine ? topology.engines[node.engine] : undefined;
  const fields: [string, string][] = [
    ['id', node.id],
    ['hostname', node.hostname],
  ];
  if (node.kind === 'swarm') {
    fields.push(['role', node.leader ? 'manager (leader)' : node.role]);
    fields.push(['state', node.state]);
    fields.push(['availability', node.availability]);
    if (node.managerReachability) fields.push(['manager reachability', node.managerReachability]);
    if (node.message) fields.push(['message', node.message]);
  } else {
    fields.push(['swarm', 'not in swarm mode']);
  }
  fields.push(['address', node.address ?? '—']);
  fields.push(['engine', node.engine ?? 'not connected']);
  fields.push(['engine version', node.engineVersion ?? '—']);
  fields.push(['os', node.os ?? '—']);
  fields.push(['architecture', node.architecture ?? '—']);
  if (engine) {
    fields.push([
      'connection',
      engine.reachable
        ? engine.stale
          ? 'resyncing (stale)'
          : 'live'
        : `disconnected: ${engine.error ?? ''}`,
    ]);
  }
  const containers = Object.values(topology.containers).filter((c) => c.node === id);
  const tasks = Object.values(topology.tasks).filter((t) => t.node === id && isTaskCurrent(t));
  const networks = Object.values(topology.networks).filter((n) => n.nodes.includes(id));
  const sections: InspectorSection[] = [
    { title: node.kind === 'swarm' ? 'Swarm node' : 'Host', fields },
    {
      title: 'On this node',
      fields: [
        [
          'containers',
          `${containers.filter((c) => c.state === 'running').length} running / ${containers.length}`,
        ],
        ['tasks', String(tasks.length)],
        ['networks', networks.map((n) => n.name).join(', ')],
      ],
    },
  ];
  const labels = labelsSection(node.labels);
  if (labels) sections.push(labels);
  return {
    id,
    kind: 'node',
    title: node.hostname,
    subtitle: node.kind === 'swarm' ? `swarm ${node.role}` : 'standalone engine',
    status: engine && (!engine.reachable || engine.stale) ? 'warn' : 'ok',
    sections,
    events: { ids: [id] },
  };
}

/**
 * Everything known about one element of the map, for the inspector: ids, labels, addresses per
 * network, DNS names, ports, tasks and their nodes, and which events concern it. `id` is a graph id.
 */
export function describeElement(
  topology: Topology,
  graph: ViewGraph | null,
  id: string,
): InspectorModel | null {
  if (topology.nodes[id]) return describeHost(topology, id);
  const network = topology.networks[id];
  if (network) return describeNetwork(topology, network);
  const service = topology.services[id];
  if (service) return describeService(topology, service);
  const task = topology.tasks[id];
  if (task) {
    const container = task.containerId ? topology.containers[task.containerId] : undefined;
    return describeContainer(topology, container, task, id);
  }
  const container = topology.containers[id];
  if (container) {
    const owner = container.task ? topology.tasks[container.task] : undefined;
    return describeContainer(topology, container, owner, id);
  }
  const node = graph?.nodes.find((n) => n.id === id);
  if (!node) return null;
  if (node.kind === 'port') {
    const path = topology.ingress[node.ref];
    if (!path) return null;
    const fields: [string, string][] = [
      ['id', path.id],
      [
        'kind',
        path.kind === 'ingress'
          ? 'routing mesh (every node)'
          : path.kind === 'host'
            ? 'host mode (this node only)'
            : 'bridge port mapping (-p)',
      ],
      ['published', `${path.published}/${path.protocol}`],
      ['target', String(path.target)],
      ['open on', path.nodes.map((n) => hostName(topology, n)).join(', ')],
    ];
    const sections: InspectorSection[] = [{ title: 'Published port', fields }];
    if (path.kind === 'ingress') {
      fields.push(['ingress network', path.network ? networkName(topology, path.network) : '—']);
      fields.push(['VIP', path.vip ?? '—']);
    }
    if (path.kind === 'bridge') fields.push(['bound on', path.hostIps.join(', ') || '0.0.0.0']);
    if (path.kind !== 'bridge') {
      sections.push({
        title: 'Backends',
        table: {
          columns: ['task', 'node', 'address'],
          rows: path.tasks.map((b) => [
            topology.tasks[b.task]?.name ?? b.task,
            hostName(topology, b.node),
            b.address ?? '—',
          ]),
        },
        links: path.tasks.map((b) => b.task),
      });
    }
    return {
      id,
      kind: 'port',
      title: `${node.name} on ${hostName(topology, node.host)}`,
      subtitle: path.name,
      status: 'ok',
      sections,
      events: NO_EVENTS,
    };
  }
  if (node.kind === 'uplink') {
    const parent = topology.networks[node.ref];
    return {
      id,
      kind: 'uplink',
      title: node.name,
      subtitle: `parent interface of ${parent?.name ?? 'a network'}`,
      status: 'ok',
      sections: [
        {
          title: 'Uplink',
          fields: [
            ['interface', node.name],
            ['network', parent?.name ?? node.ref],
            ['driver', parent?.driver ?? '—'],
            ['node', hostName(topology, node.host)],
          ],
          note: `Containers on ${parent?.name ?? 'this network'} get their own MAC/IP on the LAN behind ${node.name}; the host itself cannot reach them through it.`,
        },
      ],
      events: NO_EVENTS,
    };
  }
  return {
    id,
    kind: node.kind,
    title: node.name,
    subtitle: node.lines.join(' · '),
    status: node.status,
    sections: [],
    events: NO_EVENTS,
  };
}
