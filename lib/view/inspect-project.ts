/*
 * The inspector's page for a swarm stack (`stack:<name>`, from `com.docker.stack.namespace`) or a
 * compose project (`compose:<name>`, from `com.docker.compose.project`): what it is made of, the
 * networks it uses (its own and external ones), its volumes, its published ports, and which other
 * stacks or projects share its networks.
 */
import { sharedNamespaceOwner } from '@/lib/discovery/model';
import { LABELS } from '@/lib/topology/elements';
import type {
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
} from '@/lib/topology/types';

import { replicasText } from './graph/labels';
import { hostName, NO_EVENTS, type InspectorModel, type InspectorSection } from './inspect-parts';

export interface ProjectKey {
  kind: 'stack' | 'compose';
  name: string;
  /** `stack:<name>` or `compose:<name>`: the id the inspector and the map's boxes use. */
  key: string;
}

/** The stack or project an inspector id names, or null. */
export function parseProjectKey(id: string): ProjectKey | null {
  const match = /^(stack|compose):(.+)$/.exec(id);
  if (!match?.[2]) return null;
  return { kind: match[1] === 'stack' ? 'stack' : 'compose', name: match[2], key: id };
}

/** The project key of what a container, service or network belongs to, if any. */
function keyOfLabels(labels: Readonly<Record<string, string>>): string | null {
  const compose = labels[LABELS.composeProject];
  if (compose) return `compose:${compose}`;
  const stack = labels[LABELS.stackNamespace];
  return stack ? `stack:${stack}` : null;
}

export function containerProject(container: TopologyContainer): string | null {
  if (container.composeProject) return `compose:${container.composeProject}`;
  return container.stack ? `stack:${container.stack}` : null;
}

/** What a stack or project is made of. */
export interface ProjectMembers {
  services: TopologyService[];
  containers: TopologyContainer[];
  /** Networks labelled as its own. */
  networks: TopologyNetwork[];
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);

export function projectMembers(topology: Topology, project: ProjectKey): ProjectMembers {
  return {
    services: Object.values(topology.services)
      .filter((service) => keyOfLabels(service.labels) === project.key)
      .sort(byName),
    containers: Object.values(topology.containers)
      .filter((container) => containerProject(container) === project.key)
      .sort(byName),
    networks: Object.values(topology.networks)
      .filter((network) => keyOfLabels(network.labels) === project.key)
      .sort(byName),
  };
}

/**
 * The networks its members are on (its own ones, and external ones), sorted by name. NOTE:
 * Docker's own networks (ingress, docker_gwbridge, bridge) are left out: every stack that
 * publishes a port is on ingress, which says nothing about the stack.
 */
export function networksUsed(topology: Topology, members: ProjectMembers): TopologyNetwork[] {
  const ids = new Set(members.networks.map((network) => network.id));
  for (const service of members.services) for (const id of service.networks) ids.add(id);
  for (const container of members.containers) {
    const owner = sharedNamespaceOwner(topology, container) ?? container;
    for (const endpoint of owner.endpoints) ids.add(endpoint.network);
  }
  return [...ids]
    .map((id) => topology.networks[id])
    .filter((network): network is TopologyNetwork => network !== undefined && !network.system)
    .sort(byName);
}

/**
 * Other stacks and projects on the same networks: network id → their keys. A network is shared
 * when another project owns it, or has a service or container on it.
 */
export function sharedWith(
  topology: Topology,
  project: ProjectKey,
  networks: readonly TopologyNetwork[],
): Map<string, string[]> {
  const wanted = new Set(networks.map((network) => network.id));
  const others = new Map<string, Set<string>>();
  const add = (network: string, key: string | null) => {
    if (!key || key === project.key || !wanted.has(network)) return;
    const set = others.get(network) ?? new Set<string>();
    set.add(key);
    others.set(network, set);
  };
  for (const network of networks) add(network.id, keyOfLabels(network.labels));
  for (const service of Object.values(topology.services)) {
    for (const id of service.networks) add(id, keyOfLabels(service.labels));
  }
  for (const container of Object.values(topology.containers)) {
    for (const endpoint of container.endpoints) add(endpoint.network, containerProject(container));
  }
  return new Map([...others].map(([id, keys]) => [id, [...keys].sort()]));
}

function servicesSection(members: ProjectMembers, topology: Topology): InspectorSection {
  const networkNames = (ids: readonly string[]) =>
    ids.map((id) => topology.networks[id]?.name ?? id.slice(0, 12)).join(', ');
  return {
    title: `Services (${members.services.length})`,
    table: {
      columns: ['service', 'replicas', 'networks'],
      rows: members.services.map((s) => [
        s.name,
        replicasText(s.replicas),
        networkNames(s.networks),
      ]),
    },
    links: members.services.map((service) => service.id),
  };
}

function containersSection(members: ProjectMembers, topology: Topology): InspectorSection {
  const rows = members.containers.map((container) => {
    const owner = sharedNamespaceOwner(topology, container);
    return [
      container.name,
      container.labels[LABELS.composeService] ?? '—',
      container.state,
      hostName(topology, container.node),
      owner ? `shares ${owner.name}'s network namespace` : '',
    ];
  });
  return {
    title: `Containers (${members.containers.length})`,
    table: { columns: ['container', 'service', 'state', 'node', 'note'], rows },
    links: members.containers.map((container) => container.id),
  };
}

function networksSection(
  topology: Topology,
  members: ProjectMembers,
  used: readonly TopologyNetwork[],
): InspectorSection {
  const own = new Set(members.networks.map((network) => network.id));
  return {
    title: `Networks (${used.length})`,
    table: {
      columns: ['network', 'driver', 'where', 'whose'],
      rows: used.map((network) => [
        network.name,
        network.driver,
        network.scope === 'swarm'
          ? 'swarm'
          : network.nodes.map((id) => hostName(topology, id)).join(', '),
        own.has(network.id) ? 'its own' : 'external',
      ]),
    },
    links: used.map((network) => network.id),
  };
}

function volumesSection(members: ProjectMembers): InspectorSection {
  const users = new Map<string, string[]>();
  const usedBy = (volume: string, by: string) =>
    users.set(volume, [...(users.get(volume) ?? []), by]);
  for (const service of members.services) for (const v of service.volumes) usedBy(v, service.name);
  for (const container of members.containers) {
    // NOTE: a stack's task containers mount what their service does: the service says it once.
    if (container.service) continue;
    for (const volume of container.volumes) usedBy(volume, container.name);
  }
  const rows = [...users]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([volume, by]) => [volume, by.join(', ')]);
  return rows.length > 0
    ? { title: `Volumes (${rows.length})`, table: { columns: ['volume', 'used by'], rows } }
    : { title: 'Volumes', note: 'No named volumes.' };
}

function portsSection(topology: Topology, members: ProjectMembers): InspectorSection {
  const rows: string[][] = [];
  const links: string[] = [];
  for (const service of members.services) {
    for (const port of service.ports) {
      rows.push([
        `${port.published || '—'}`,
        `${port.target}/${port.protocol}`,
        service.name,
        port.mode,
      ]);
      links.push(service.id);
    }
  }
  for (const container of members.containers) {
    if (container.service) continue;
    for (const port of container.ports) {
      const bound = port.hostIp && port.hostIp !== '0.0.0.0' ? `${port.hostIp}:` : '';
      rows.push([
        `${bound}${port.hostPort}`,
        `${port.containerPort}/${port.protocol}`,
        container.name,
        `-p on ${hostName(topology, container.node)}`,
      ]);
      links.push(container.id);
    }
  }
  return rows.length > 0
    ? {
        title: `Published ports (${rows.length})`,
        table: { columns: ['published', 'target', 'to', 'how'], rows },
        links,
      }
    : { title: 'Published ports', note: 'Nothing published.' };
}

function sharingSection(
  shared: ReadonlyMap<string, string[]>,
  used: readonly TopologyNetwork[],
): InspectorSection {
  const rows: string[][] = [];
  const links: string[] = [];
  for (const network of used) {
    for (const key of shared.get(network.id) ?? []) {
      const other = parseProjectKey(key);
      rows.push([
        other?.name ?? key,
        other?.kind === 'stack' ? 'stack' : 'compose project',
        network.name,
      ]);
      links.push(key);
    }
  }
  return rows.length > 0
    ? {
        title: `Shares networks with (${new Set(links).size})`,
        table: { columns: ['stack or project', 'kind', 'network'], rows },
        links,
      }
    : { title: 'Shares networks with', note: 'No other stack or project is on its networks.' };
}

/** The inspector's page for `stack:<name>` or `compose:<name>`; null when nothing belongs to it. */
export function describeProject(topology: Topology, id: string): InspectorModel | null {
  const project = parseProjectKey(id);
  if (!project) return null;
  const members = projectMembers(topology, project);
  if (!members.services.length && !members.containers.length && !members.networks.length) {
    return null;
  }
  const used = networksUsed(topology, members);
  const hosts = [...new Set(members.containers.map((c) => hostName(topology, c.node)))].sort();
  const stack = project.kind === 'stack';
  const unwell =
    members.services.some((s) => s.replicas.running < s.replicas.desired) ||
    members.containers.some((c) => !c.service && c.state !== 'running');
  const summary = stack
    ? `swarm stack · ${members.services.length} services · ${used.length} networks`
    : `compose project · ${members.containers.length} containers on ${hosts.join(', ') || '—'}`;
  return {
    id,
    kind: stack ? 'stack' : 'project',
    title: project.name,
    subtitle: summary,
    status: unwell ? 'warn' : 'ok',
    sections: [
      {
        title: stack ? 'Stack' : 'Compose project',
        fields: [
          ['name', project.name],
          [
            'read from',
            stack ? `label ${LABELS.stackNamespace}` : `label ${LABELS.composeProject}`,
          ],
          ['nodes', hosts.join(', ') || '—'],
        ],
      },
      stack ? servicesSection(members, topology) : containersSection(members, topology),
      networksSection(topology, members, used),
      volumesSection(members),
      portsSection(topology, members),
      sharingSection(sharedWith(topology, project, used), used),
    ],
    events:
      members.services.length || members.containers.length
        ? {
            ids: [...members.services, ...members.containers, ...members.networks].map((m) => m.id),
          }
        : NO_EVENTS,
  };
}
