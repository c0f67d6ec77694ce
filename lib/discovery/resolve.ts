/*
 * What a lookup of a name from inside a container gets, predicted from the topology alone, with
 * the rule that decided it. The embedded DNS (libnetwork's sandbox ResolveName) tries, for a name
 * `a.b.c`: `a.b.c` on every network the container is attached to, then `a.b` on network `c`, then
 * `a` on network `b.c`; for each it checks the container's own --link aliases first, then the
 * names registered on the network, in the container's network search order. A name it does not
 * know is forwarded to the host's resolvers (in the lab nothing answers there: ~5 s, then no answer).
 */
import { taskPhase } from '@/lib/topology/tasks';
import type {
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
} from '@/lib/topology/types';

import { dnsRecordsByName, type DnsNameKind } from './dns-names';
import {
  allServiceAliases,
  attachedEndpoints,
  dnsKey,
  isDefaultBridge,
  isLive,
  isRunningTask,
  namespaceOwner,
  networkDnsKind,
  networkLabel,
  searchOrder,
  sortIps,
} from './model';
import { hiddenNamesakes, namesakeNote, type Namesake } from './namesakes';

export type ResolveRule =
  /** Registered on a network the container is attached to. */
  | 'shared-network'
  /** `<name>.<network>`: the name looked up on that one network. */
  | 'network-qualified'
  /** A `--link` alias of this container on a user-defined network (visible to it alone). */
  | 'link-alias'
  /** Registered, but only on networks this container is not attached to: forwarded upstream. */
  | 'other-network'
  /** Not a name Docker knows here: forwarded to the host's resolvers. */
  | 'forwarded'
  /** The container is only on the default bridge: no embedded DNS, the host's resolvers. */
  | 'default-bridge'
  /** The container shares the node's network stack and its resolvers. */
  | 'host-network'
  /** The container has no network but loopback. */
  | 'no-network'
  /** Attached to ingress only: a resolver, but no names registered there. */
  | 'ingress-only'
  /** A stopped container has no resolver to ask. */
  | 'not-running';

export interface Resolution {
  from: { id: string; name: string };
  name: string;
  /** The addresses the container should get, sorted; empty for no answer. */
  answers: string[];
  rule: ResolveRule;
  /** Why there is no answer from Docker (or why it is not the obvious one). */
  reason?: string;
  /** The rule in one sentence. */
  explanation: string;
  /** The network whose records answered. */
  network: { id: string; name: string } | null;
  /** What registered the name on that network. */
  kind: DnsNameKind | 'link' | null;
  /** Docker does not answer: the query goes to the host's resolvers, which may know it. */
  forwarded: boolean;
  /** Where else the name is registered (for `other-network`). */
  elsewhere: { network: { id: string; name: string }; answers: string[] }[];
  /** /etc/hosts entries from legacy links (default bridge): nslookup does not read them. */
  hostsFile: string[];
  /** For an answered name: the same name on networks this container does not join. */
  namesakes: Namesake[];
  /** The namesakes in one sentence (only when there are some). */
  note?: string;
}

/** A `--link` as the caller read it from the container (links are not in the topology). */
export interface ContainerLink {
  /** The network the link is on (the default bridge: an /etc/hosts entry). */
  network: string;
  alias: string;
  /** The linked container's name. */
  target: string;
}

export interface ResolveOptions {
  links?: readonly ContainerLink[];
}

const EXPLANATION: Record<ResolveRule, string> = {
  'shared-network':
    'The embedded DNS at 127.0.0.11 answers names registered on the networks this container is attached to.',
  'network-qualified': 'A name followed by a network name is looked up on that network alone.',
  'link-alias':
    'A --link alias on a user-defined network is answered by the embedded DNS for the linking container only.',
  'other-network':
    'Discovery is scoped to networks: a name registered only on networks this container does not share is unknown to its resolver, which forwards it to the host’s DNS.',
  forwarded:
    'Names Docker does not know are forwarded by the embedded DNS to the host’s resolvers.',
  'default-bridge':
    'The default bridge has no embedded DNS: resolv.conf holds the host’s servers, which know no container names.',
  'host-network':
    'On the host network the container uses the node’s own resolv.conf: Docker answers nothing.',
  'no-network': 'With network none there is only loopback: no resolver can be reached.',
  'ingress-only':
    'The ingress network carries only the routing mesh: no names are registered on it.',
  'not-running': 'A container that is not running has no network namespace to resolve from.',
};

function result(
  container: TopologyContainer,
  name: string,
  rule: ResolveRule,
  fields: Partial<Omit<Resolution, 'from' | 'name' | 'rule' | 'explanation'>> = {},
): Resolution {
  return {
    from: { id: container.id, name: container.name },
    name,
    answers: [],
    rule,
    explanation: EXPLANATION[rule],
    network: null,
    kind: null,
    forwarded: false,
    elsewhere: [],
    hostsFile: [],
    namesakes: [],
    ...fields,
  };
}

/** The candidate (name, network) pairs libnetwork tries, in order. */
export function lookupCandidates(name: string): { name: string; network: string | null }[] {
  const full = name.replace(/\.$/, '');
  const candidates: { name: string; network: string | null }[] = [{ name: full, network: null }];
  let rest = full;
  for (;;) {
    const dot = rest.lastIndexOf('.');
    if (dot === -1) break;
    candidates.push({ name: full.slice(0, dot), network: full.slice(dot + 1) });
    rest = rest.slice(0, dot);
  }
  return candidates;
}

function linkedAddress(
  topology: Topology,
  from: TopologyContainer,
  link: ContainerLink,
): string | null {
  const target = Object.values(topology.containers).find(
    (candidate) =>
      candidate.engine === from.engine && candidate.name === link.target.replace(/^\//, ''),
  );
  if (!target || !isLive(target)) return null;
  return target.endpoints.find((endpoint) => endpoint.network === link.network)?.ipv4 ?? null;
}

/** Where a name that this container cannot resolve lives, and a sentence saying why not here. */
function whyNot(
  topology: Topology,
  from: TopologyContainer,
  name: string,
): { reason: string; elsewhere: Resolution['elsewhere'] } {
  const key = dnsKey(name);
  const elsewhere: Resolution['elsewhere'] = [];
  for (const network of Object.values(topology.networks)) {
    const record = dnsRecordsByName(topology, network).get(key);
    if (record)
      elsewhere.push({
        network: { id: network.id, name: networkLabel(topology, network) },
        answers: record.answers,
      });
  }
  if (elsewhere.length > 0) {
    const where = elsewhere.map((entry) => entry.network.name).join(', ');
    return {
      elsewhere,
      reason: `${name} is registered on ${where}; ${from.name} is not attached to ${
        elsewhere.length > 1 ? 'any of them' : 'it'
      }, so its resolver forwards the query upstream.`,
    };
  }
  const container = Object.values(topology.containers).find(
    (candidate) => dnsKey(candidate.name) === key,
  );
  if (container && !isLive(container)) {
    return {
      elsewhere,
      reason: `${container.name} is a container that is not running (${container.state}): its names left DNS when it stopped.`,
    };
  }
  const task = container?.task ? topology.tasks[container.task] : undefined;
  if (container && task && !isRunningTask(task)) {
    return {
      elsewhere,
      reason: `${container.name} runs task ${task.name}, which is ${taskPhase(task)}: a task's container has names in DNS only while its task runs and is meant to.`,
    };
  }
  if (container) {
    const onDefault = container.endpoints.some((endpoint) => {
      const network = topology.networks[endpoint.network];
      return network ? isDefaultBridge(network) : false;
    });
    return {
      elsewhere,
      reason: onDefault
        ? `${container.name} is on the default bridge, which registers no names: reach it by IP or a --link.`
        : `${container.name} is on no network with embedded DNS (${container.networkMode ?? 'no network'}).`,
    };
  }
  const service = serviceNamed(topology, key);
  if (service) return { elsewhere, reason: serviceNotInDns(topology, service, key) };
  return {
    elsewhere,
    reason: `Docker knows no ${name} on ${from.name}'s networks: the embedded DNS forwards it to the host's resolvers.`,
  };
}

/** The service a name stands for: its name or one of its aliases, with or without `tasks.`. */
function serviceNamed(topology: Topology, key: string): TopologyService | undefined {
  const bare = key.startsWith('tasks.') ? key.slice('tasks.'.length) : key;
  return Object.values(topology.services).find(
    (candidate) =>
      dnsKey(candidate.name) === bare ||
      allServiceAliases(candidate).some((alias) => dnsKey(alias) === bare),
  );
}

/** Why a service's name (or alias, or `tasks.` form) is registered on no network. */
function serviceNotInDns(topology: Topology, service: TopologyService, key: string): string {
  const tasks = Object.values(topology.tasks).filter((task) => task.service === service.id);
  const stopping = tasks.filter((task) => taskPhase(task) === 'stopping').length;
  const starting = tasks.filter((task) => taskPhase(task) === 'starting').length;
  const label = dnsKey(service.name) === key ? service.name : `${key} (of ${service.name})`;
  if (stopping > 0 && key.startsWith('tasks.')) {
    return `${label}: every task of ${service.name} is stopping (${stopping}), and a task leaves tasks.… the moment it is told to stop, although its container runs on through its stop grace period.`;
  }
  if (starting > 0) {
    return `${label}: no task of ${service.name} runs yet (${starting} starting): Docker registers its names with its first running task (after its health check passes, if it has one).`;
  }
  return `${label} is a service with no running task on any network: Docker registers its names with its first running task.`;
}

/** What `nslookup <name>` inside `fromId` answers, by Docker's rules. */
export function resolveName(
  topology: Topology,
  fromId: string,
  name: string,
  options: ResolveOptions = {},
): Resolution | null {
  const from = topology.containers[fromId];
  if (!from) return null;
  const query = name.trim().replace(/\.$/, '');
  if (!isLive(from)) {
    return result(from, query, 'not-running', {
      reason: `${from.name} is ${from.state}: start it to resolve from it.`,
    });
  }
  const owner = namespaceOwner(topology, from);
  const mode = owner.networkMode ?? '';
  const endpoints = attachedEndpoints(topology, owner);
  const kinds = endpoints.map(({ network }) => networkDnsKind(network));

  if (mode === 'host' || kinds.includes('host')) {
    return result(from, query, 'host-network', {
      forwarded: true,
      reason: `${from.name} uses the node's network and resolvers, which know no container names.`,
    });
  }
  if (endpoints.length === 0 || kinds.every((kind) => kind === 'none')) {
    return result(from, query, 'no-network', {
      reason: `${from.name} has network none: nothing but loopback.`,
    });
  }
  if (!kinds.some((kind) => kind === 'embedded' || kind === 'ingress')) {
    const key = dnsKey(query);
    const hostsFile = (options.links ?? [])
      .filter(
        (link) => dnsKey(link.alias) === key || dnsKey(link.target.replace(/^\//, '')) === key,
      )
      .flatMap((link) => linkedAddress(topology, owner, link) ?? []);
    const why = whyNot(topology, from, query);
    return result(from, query, 'default-bridge', {
      forwarded: true,
      hostsFile: sortIps(hostsFile),
      elsewhere: why.elsewhere,
      reason:
        hostsFile.length > 0
          ? `${query} is a legacy --link of ${from.name}: an /etc/hosts entry (getent, ping and most programs read it; DNS does not).`
          : `${from.name} is on the default bridge, which has no embedded DNS. ${why.reason}`,
    });
  }

  const order = searchOrder(topology, owner);
  const visible = new Set(endpoints.map(({ network }) => network.id));
  // An answered name may also live where this container cannot see it: say so.
  const namesakesOf = (found: string, on: string) => {
    const namesakes = hiddenNamesakes(topology, visible, found);
    const note = namesakeNote(from.name, found, on, namesakes);
    return note ? { namesakes, note } : { namesakes };
  };
  const records = new Map<string, ReturnType<typeof dnsRecordsByName>>();
  const recordsOf = (network: TopologyNetwork) => {
    let held = records.get(network.id);
    if (!held) {
      held = dnsRecordsByName(topology, network);
      records.set(network.id, held);
    }
    return held;
  };

  for (const candidate of lookupCandidates(query)) {
    const key = dnsKey(candidate.name);
    const inScope = order.filter(
      ({ network }) =>
        candidate.network === null || dnsKey(network.name) === dnsKey(candidate.network),
    );
    if (inScope.length === 0) continue;
    // The container's own --link aliases first (libnetwork's "local container alias").
    for (const { network } of inScope) {
      if (networkDnsKind(network) !== 'embedded') continue;
      const link = (options.links ?? []).find(
        (entry) => entry.network === network.id && dnsKey(entry.alias) === key,
      );
      const address = link ? linkedAddress(topology, owner, link) : null;
      if (link && address) {
        const on = networkLabel(topology, network);
        return result(from, query, 'link-alias', {
          answers: [address],
          network: { id: network.id, name: on },
          kind: 'link',
          ...namesakesOf(candidate.name, on),
        });
      }
    }
    for (const { network } of inScope) {
      const record = recordsOf(network).get(key);
      if (!record) continue;
      const on = networkLabel(topology, network);
      return result(
        from,
        query,
        candidate.network === null ? 'shared-network' : 'network-qualified',
        {
          answers: record.answers,
          network: { id: network.id, name: on },
          kind: record.kind,
          ...namesakesOf(candidate.name, on),
        },
      );
    }
  }

  const onlyIngress = kinds.every((kind) => kind !== 'embedded');
  const why = whyNot(topology, from, query);
  if (onlyIngress) {
    return result(from, query, 'ingress-only', {
      forwarded: true,
      elsewhere: why.elsewhere,
      reason: `${from.name} is attached to ingress only, where no names are registered. ${why.reason}`,
    });
  }
  return result(from, query, why.elsewhere.length > 0 ? 'other-network' : 'forwarded', {
    forwarded: true,
    elsewhere: why.elsewhere,
    reason: why.reason,
  });
}

/** Every name Portolan can see registered anywhere, for pickers and the pairwise lab test. */
export function knownNames(topology: Topology): string[] {
  const names = new Map<string, string>();
  for (const network of Object.values(topology.networks)) {
    for (const record of dnsRecordsByName(topology, network).values()) {
      names.set(dnsKey(record.name), record.name);
    }
  }
  for (const container of Object.values(topology.containers)) {
    names.set(dnsKey(container.name), container.name);
  }
  for (const service of Object.values(topology.services)) {
    for (const name of [service.name, ...allServiceAliases(service)]) {
      names.set(dnsKey(name), name);
      names.set(dnsKey(`tasks.${name}`), `tasks.${name}`);
    }
  }
  return [...names.values()].sort((a, b) => a.localeCompare(b));
}
