import type { DockerEvent } from '@/lib/docker/events';
import type { Topology, TopologyContainer, TopologyTask } from '@/lib/topology/types';

import { namespaceGuests, sharedNamespaceOwner } from '@/lib/discovery/model';
import { taskPhase } from '@/lib/topology/tasks';

import { isTaskCurrent } from './graph';
import { TASK_PHASE_TEXT } from './graph/labels';
import { containerDnsSection } from './inspect-dns';
import { describeNetwork } from './inspect-network';
import {
  hostName,
  labelsSection,
  MAX_EVENTS,
  networkName,
  NO_EVENTS,
  type EventMatch,
  type InspectorModel,
  type InspectorSection,
} from './inspect-parts';
import { describeProject, parseProjectKey } from './inspect-project';
import { describeService } from './inspect-service';
import type { ViewGraph } from './model';

export type { EventMatch, InspectorModel, InspectorSection } from './inspect-parts';

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
    if (node.unread) fields.push(['own containers', `not visible: ${node.unread}`]);
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
  if (parseProjectKey(id)) return describeProject(topology, id);
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
