/*
 * The names Docker's embedded DNS answers on one network, and their answers, as libnetwork
 * registers them:
 * - every running container attached to it: its name, its network aliases (Docker also lists the
 *   hostname there) and its 12-character short id, each → its address on this network; a swarm
 *   task's container only while its task runs and is meant to;
 * - every service with a task on it: `<name>` and each of its network aliases here → the
 *   service's VIP on this network (endpoint mode vip), or the running task addresses (dnsrr);
 *   `tasks.<name>` and `tasks.<alias>` → the running task addresses. A task told to stop leaves
 *   the task addresses at once; the VIP stays while any task still holds an endpoint here;
 * - swarm task containers by their container name (`web.1.<task id>`) and short id.
 * A name registered several times on one network answers every address it was given.
 * The default bridge, host, none and ingress networks register no names.
 */
import type { Topology, TopologyNetwork, TopologyService } from '@/lib/topology/types';

import {
  dnsKey,
  holdsEndpoint,
  isLive,
  isRunningTask,
  networkDnsKind,
  serviceAliasesOn,
  shortId,
  sortIps,
} from './model';
import type { NetworkDnsKind } from './model';

export type DnsNameKind = 'service' | 'tasks' | 'container' | 'alias' | 'short-id';

/** What registered a name: the element and how. */
export interface DnsNameSource {
  kind: DnsNameKind;
  collection: 'containers' | 'services' | 'tasks';
  id: string;
  /** The element's display name (a container, service or task name). */
  of: string;
  answers: string[];
}

export interface DnsName {
  /** As registered (lookups ignore case). */
  name: string;
  /** The most telling of its sources' kinds (service, tasks, container, alias, short id). */
  kind: DnsNameKind;
  /** Every address the name answers on this network, sorted. */
  answers: string[];
  sources: DnsNameSource[];
}

/** A `--link` on the default bridge: an /etc/hosts line in the linking container, not DNS. */
export interface LegacyLink {
  /** The container that has the link (and the hosts entry). */
  container: string;
  /** The linked container's name. */
  target: string;
  alias: string;
  address: string | null;
}

export interface NetworkDns {
  network: { id: string; name: string; driver: string; scope: string };
  dnsKind: NetworkDnsKind;
  /** True when the embedded DNS answers names registered on this network. */
  embeddedDns: boolean;
  /** Why no names are answered here (for every kind but `embedded`). */
  reason: string | null;
  names: DnsName[];
  /** Default bridge only: legacy links, when the caller read them (they are not in the topology). */
  links: LegacyLink[];
}

const KIND_RANK: Record<DnsNameKind, number> = {
  service: 0,
  tasks: 1,
  container: 2,
  alias: 3,
  'short-id': 4,
};

const NO_DNS_REASON: Record<Exclude<NetworkDnsKind, 'embedded'>, string> = {
  'default-bridge':
    'The default bridge has no embedded DNS: its containers get a copy of the host’s resolv.conf ' +
    'and find each other only by IP address or through legacy --link entries in /etc/hosts.',
  ingress:
    'The ingress network only carries the routing mesh: Docker registers no names on it, so ' +
    'tasks find services through their other networks.',
  'gateway-bridge':
    'docker_gwbridge is each node’s exit for overlay tasks; the endpoints on it are Docker’s own ' +
    'and no names are registered on it.',
  host: 'Containers on the host network use the node’s own resolvers; Docker registers no names.',
  none: 'The none network has only loopback: no names, no resolver reachable.',
};

/** The service's task addresses on a network, from its tasks that run and are meant to. */
export function serviceTaskAddresses(
  topology: Topology,
  service: TopologyService,
  networkId: string,
): string[] {
  const addresses: string[] = [];
  for (const task of Object.values(topology.tasks)) {
    if (task.service !== service.id || !isRunningTask(task)) continue;
    for (const address of task.addresses) {
      if (address.network === networkId) addresses.push(address.address);
    }
  }
  return sortIps(addresses);
}

/** Whether one of the service's tasks (running, or stopping) still holds an endpoint here. */
function holdsEndpointOn(topology: Topology, service: TopologyService, networkId: string) {
  return Object.values(topology.tasks).some(
    (task) =>
      task.service === service.id &&
      holdsEndpoint(task) &&
      task.addresses.some((address) => address.network === networkId),
  );
}

/** Every record the embedded DNS holds for one network, before merging by name. */
function networkRecords(topology: Topology, network: TopologyNetwork): [string, DnsNameSource][] {
  const records: [string, DnsNameSource][] = [];
  const add = (name: string, source: DnsNameSource) => {
    if (name && source.answers.length > 0) records.push([name, source]);
  };
  const seenContainers = new Set<string>();

  for (const container of Object.values(topology.containers)) {
    if (!isLive(container)) continue;
    const task = container.task ? topology.tasks[container.task] : undefined;
    if (task && !isRunningTask(task)) continue;
    const endpoint = container.endpoints.find((candidate) => candidate.network === network.id);
    if (!endpoint) continue;
    const answers = [endpoint.ipv4, endpoint.ipv6].filter((ip): ip is string => !!ip);
    seenContainers.add(container.id);
    const source = (kind: DnsNameKind): DnsNameSource => ({
      kind,
      collection: 'containers',
      id: container.id,
      of: container.name,
      answers,
    });
    add(container.name, source('container'));
    for (const alias of endpoint.aliases) add(alias, source('alias'));
    add(shortId(container.id), source('short-id'));
  }

  for (const service of Object.values(topology.services)) {
    // NOTE: libnetwork registers a service's names with its first running task on the network
    // and removes the VIP with the last endpoint: a service with no task here has no name here.
    if (!holdsEndpointOn(topology, service, network.id)) continue;
    const taskIps = serviceTaskAddresses(topology, service, network.id);
    const source = (kind: DnsNameKind, answers: string[]): DnsNameSource => ({
      kind,
      collection: 'services',
      id: service.id,
      of: service.name,
      answers,
    });
    const vip = service.vips.find((entry) => entry.network === network.id)?.addr;
    const serviceAnswers = service.endpointMode === 'vip' && vip ? [vip] : taskIps;
    // Aliases answer exactly as the service's own name does (`docker stack deploy` sets one).
    for (const name of new Set([service.name, ...serviceAliasesOn(service, network)])) {
      add(name, source('service', serviceAnswers));
      add(`tasks.${name}`, source('tasks', taskIps));
    }

    // Task containers on engines Portolan does not read: their name and short id from the task.
    for (const task of Object.values(topology.tasks)) {
      if (task.service !== service.id || !isRunningTask(task) || !task.containerId) continue;
      if (seenContainers.has(task.containerId)) continue;
      const address = task.addresses.find((entry) => entry.network === network.id)?.address;
      if (!address) continue;
      const taskSource = (kind: DnsNameKind): DnsNameSource => ({
        kind,
        collection: 'tasks',
        id: task.id,
        of: task.name,
        answers: [address],
      });
      const slot = task.slot ?? task.node ?? '';
      add(`${service.name}.${slot}.${task.id}`, taskSource('container'));
      add(shortId(task.containerId), taskSource('short-id'));
    }
  }
  return records;
}

/** The records of a network merged by name (case-insensitively), in a stable order. */
export function dnsRecordsByName(
  topology: Topology,
  network: TopologyNetwork,
): Map<string, DnsName> {
  const merged = new Map<string, DnsName>();
  if (networkDnsKind(network) !== 'embedded') return merged;
  for (const [name, source] of networkRecords(topology, network)) {
    const key = dnsKey(name);
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, {
        name,
        kind: source.kind,
        answers: sortIps(source.answers),
        sources: [source],
      });
      continue;
    }
    existing.sources.push(source);
    existing.answers = sortIps([...existing.answers, ...source.answers]);
    if (KIND_RANK[source.kind] < KIND_RANK[existing.kind]) {
      existing.kind = source.kind;
      existing.name = name;
    }
  }
  return merged;
}

/** Every name the embedded DNS answers on a network, with its answers. */
export function networkDns(
  topology: Topology,
  networkId: string,
  links: LegacyLink[] = [],
): NetworkDns | null {
  const network = topology.networks[networkId];
  if (!network) return null;
  const dnsKind = networkDnsKind(network);
  const names = [...dnsRecordsByName(topology, network).values()].sort(
    (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.name.localeCompare(b.name),
  );
  return {
    network: { id: network.id, name: network.name, driver: network.driver, scope: network.scope },
    dnsKind,
    embeddedDns: dnsKind === 'embedded',
    reason: dnsKind === 'embedded' ? null : NO_DNS_REASON[dnsKind],
    names,
    links: dnsKind === 'default-bridge' ? links : [],
  };
}

/**
 * Parses `HostConfig.Links` (`/db:/web/dbalias`) of a container on the default bridge into links,
 * with the linked container's address on that bridge from the topology.
 */
export function parseLegacyLinks(
  topology: Topology,
  containerName: string,
  raw: readonly string[],
  networkId: string,
): LegacyLink[] {
  return raw.flatMap((entry) => {
    const match = /^\/?([^:]+):\/?(.+)$/.exec(entry);
    if (!match) return [];
    const target = match[1]!;
    const alias = match[2]!.split('/').pop() ?? target;
    const linked = Object.values(topology.containers).find(
      (candidate) =>
        candidate.name === target &&
        candidate.endpoints.some((endpoint) => endpoint.network === networkId),
    );
    const address =
      linked?.endpoints.find((endpoint) => endpoint.network === networkId)?.ipv4 ?? null;
    return [{ container: containerName, target, alias, address }];
  });
}
