/*
 * Shared facts about Docker networks and containers that the discovery rules build on: which
 * networks have embedded DNS, in what order a container's resolver searches its networks, and how
 * to find a container, service or network from what a person typed.
 */
import { taskPhase } from '@/lib/topology/tasks';
import type {
  ContainerEndpoint,
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';

/** What a network does for name discovery. */
export type NetworkDnsKind =
  /** User-defined bridge, overlay, macvlan, ipvlan: the embedded DNS answers names on it. */
  | 'embedded'
  /** The default `bridge`: no embedded DNS; containers get the host's resolvers, and `--link`. */
  | 'default-bridge'
  /** The swarm routing-mesh network: attached, but Docker registers no names on it. */
  | 'ingress'
  /** `docker_gwbridge`: each node's exit for overlay tasks; its legs are Docker's, unnamed. */
  | 'gateway-bridge'
  /** `host`: the node's own network stack and resolvers. */
  | 'host'
  /** `none`: loopback only. */
  | 'none';

export function isDefaultBridge(network: TopologyNetwork): boolean {
  return (
    network.options['com.docker.network.bridge.default_bridge'] === 'true' ||
    (network.system && network.driver === 'bridge' && network.name === 'bridge')
  );
}

export function networkDnsKind(network: TopologyNetwork): NetworkDnsKind {
  if (network.driver === 'host') return 'host';
  if (network.driver === 'null') return 'none';
  if (network.ingress) return 'ingress';
  if (isDefaultBridge(network)) return 'default-bridge';
  if (network.system && network.name === 'docker_gwbridge') return 'gateway-bridge';
  return 'embedded';
}

/** Short id as Docker shows it and registers it as an alias on user-defined networks. */
export const shortId = (id: string) => id.slice(0, 12);

/** DNS compares names without regard to case (the embedded DNS does too). */
export const dnsKey = (name: string) => name.trim().replace(/\.$/, '').toLowerCase();

/** Containers whose network endpoints exist: running or paused (a stopped one leaves DNS). */
export function isLive(container: TopologyContainer): boolean {
  return container.state === 'running' || container.state === 'paused';
}

/**
 * A task whose names are in DNS: running, and meant to. NOTE: checked in the lab (20.10): a task
 * is registered only once it runs (after its health check passes, if it has one), and the moment
 * it is told to stop (scaled down, replaced, removed) it leaves `tasks.<service>`, the dnsrr
 * answers and its container's own names, although its container runs on through its stop grace
 * period.
 */
export function isRunningTask(task: Pick<TopologyTask, 'state' | 'desiredState'>): boolean {
  return taskPhase(task) === 'running';
}

/**
 * A task that still holds its endpoints: running, meant to or not. NOTE: a service's VIP stays in
 * DNS while one of its tasks holds an endpoint on the network, so a service whose tasks are all
 * stopping still answers its VIP until the last container is gone (lab, 20.10).
 */
export function holdsEndpoint(task: Pick<TopologyTask, 'state'>): boolean {
  return task.state === 'running';
}

/**
 * A service's aliases on one network (`Spec.TaskTemplate.Networks[].Aliases`). NOTE: the spec
 * names a network by id (the CLI and `docker stack deploy` resolve names); a name is matched too.
 */
export function serviceAliasesOn(service: TopologyService, network: TopologyNetwork): string[] {
  return service.aliases
    .filter((entry) => entry.network === network.id || entry.network === network.name)
    .flatMap((entry) => entry.aliases);
}

/** Every alias of a service, on any network, without repeats. */
export function allServiceAliases(service: TopologyService): string[] {
  return [...new Set(service.aliases.flatMap((entry) => entry.aliases))];
}

function ipv4Number(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** IPs in numeric order (IPv4 first), without duplicates. */
export function sortIps(ips: Iterable<string>): string[] {
  return [...new Set(ips)].sort((a, b) => {
    const x = ipv4Number(a);
    const y = ipv4Number(b);
    if (x !== null && y !== null) return x - y;
    if (x !== null) return -1;
    if (y !== null) return 1;
    return a.localeCompare(b);
  });
}

/** True when both lists hold the same addresses, in any order. */
export function sameAddresses(a: readonly string[], b: readonly string[]): boolean {
  const x = sortIps(a);
  const y = sortIps(b);
  return x.length === y.length && x.every((ip, index) => ip === y[index]);
}

/**
 * The container whose network namespace `container` joined with `--network container:X` (compose:
 * `network_mode: service:X`), when it is known; null for a container with its own. NOTE: the
 * engine stores `container:<full id>` whatever the user typed, and the joined container shows no
 * endpoints of its own: it has X's interfaces, addresses, ports and resolver.
 */
export function sharedNamespaceOwner(
  topology: Topology,
  container: TopologyContainer,
): TopologyContainer | null {
  const mode = container.networkMode ?? '';
  if (!mode.startsWith('container:')) return null;
  const ref = mode.slice('container:'.length);
  const owner =
    topology.containers[ref] ??
    Object.values(topology.containers).find(
      (candidate) =>
        candidate.engine === container.engine &&
        (candidate.name === ref || candidate.id.startsWith(ref)),
    );
  return owner && owner.id !== container.id ? owner : null;
}

/** The container whose network namespace `container` uses (itself, unless `container:<id>`). */
export function namespaceOwner(
  topology: Topology,
  container: TopologyContainer,
): TopologyContainer {
  return sharedNamespaceOwner(topology, container) ?? container;
}

/** The containers that joined `owner`'s network namespace, by name. */
export function namespaceGuests(topology: Topology, owner: TopologyContainer): TopologyContainer[] {
  return Object.values(topology.containers)
    .filter(
      (candidate) =>
        candidate.engine === owner.engine &&
        sharedNamespaceOwner(topology, candidate)?.id === owner.id,
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface AttachedEndpoint {
  endpoint: ContainerEndpoint;
  network: TopologyNetwork;
}

/** A container's endpoints with their networks (endpoints of unknown networks are skipped). */
export function attachedEndpoints(
  topology: Topology,
  container: TopologyContainer,
): AttachedEndpoint[] {
  return container.endpoints.flatMap((endpoint) => {
    const network = topology.networks[endpoint.network];
    return network ? [{ endpoint, network }] : [];
  });
}

function swarmActive(topology: Topology, container: TopologyContainer): boolean {
  return topology.engines[container.engine]?.swarm?.state === 'active';
}

/**
 * The order in which the embedded DNS searches a container's networks. On a swarm node it asks
 * swarm-scoped overlays first, then ingress, then local networks; within a group libnetwork keeps
 * its endpoint order, which puts internal networks last and otherwise goes by network name.
 * NOTE: the within-group order only matters when two shared networks answer the same name.
 */
export function searchOrder(topology: Topology, container: TopologyContainer): AttachedEndpoint[] {
  const byEndpointOrder = (a: AttachedEndpoint, b: AttachedEndpoint) =>
    Number(a.network.internal) - Number(b.network.internal) ||
    a.network.name.localeCompare(b.network.name);
  const all = attachedEndpoints(topology, container).sort(byEndpointOrder);
  if (!swarmActive(topology, container)) return all;
  const group = ({ network }: AttachedEndpoint) =>
    network.ingress ? 1 : network.scope === 'swarm' ? 0 : 2;
  return [...all].sort((a, b) => group(a) - group(b) || byEndpointOrder(a, b));
}

/** `name`, or `name` with its engine when several engines have a network of that name. */
export function networkLabel(topology: Topology, network: TopologyNetwork): string {
  if (network.scope === 'swarm') return network.name;
  const twins = Object.values(topology.networks).filter(
    (candidate) => candidate.name === network.name,
  );
  if (twins.length < 2) return network.name;
  const node = topology.nodes[network.nodes[0] ?? ''];
  return `${network.name} (${node?.name ?? network.nodes[0] ?? '?'})`;
}

export type Found<T> =
  | { ok: true; value: T }
  | { ok: false; problem: 'not-found' | 'ambiguous'; error: string; candidates?: T[] };

function pick<T extends { id: string; name: string }>(
  items: T[],
  ref: string,
  what: string,
): Found<T> {
  const exactId = items.filter((item) => item.id === ref);
  const byName = items.filter((item) => item.name === ref);
  const byPrefix = ref.length >= 4 ? items.filter((item) => item.id.startsWith(ref)) : [];
  const matches = exactId.length > 0 ? exactId : byName.length > 0 ? byName : byPrefix;
  if (matches.length === 1) return { ok: true, value: matches[0]! };
  if (matches.length === 0) return { ok: false, problem: 'not-found', error: `No ${what} ${ref}.` };
  return {
    ok: false,
    problem: 'ambiguous',
    error: `${ref} matches ${matches.length} ${what}s: give the id.`,
    candidates: matches,
  };
}

/** A container by id, id prefix (4+ characters) or name. */
export function findContainer(topology: Topology, ref: string): Found<TopologyContainer> {
  return pick(Object.values(topology.containers), ref, 'container');
}

export function findService(topology: Topology, ref: string): Found<TopologyService> {
  return pick(Object.values(topology.services), ref, 'service');
}

/** A network by id, id prefix or name; `engine` narrows local networks to one engine's. */
export function findNetwork(
  topology: Topology,
  ref: string,
  engine?: string,
): Found<TopologyNetwork> {
  const node = engine ? topology.engines[engine]?.node : undefined;
  const networks = Object.values(topology.networks).filter(
    (network) => !engine || network.scope === 'swarm' || network.nodes.includes(node ?? ''),
  );
  return pick(networks, ref, 'network');
}

/** A workload on either side of "can A reach B?": a container, or a whole service. */
export type Workload =
  | { kind: 'container'; container: TopologyContainer }
  | { kind: 'service'; service: TopologyService };

/**
 * `container:<ref>` or `service:<ref>`, or a bare ref that names exactly one of them. The seeded
 * lab has a container `web` and a service `web`: a bare `web` is ambiguous there, on purpose.
 */
export function findWorkload(topology: Topology, ref: string): Found<Workload> {
  const failed = (found: {
    problem: 'not-found' | 'ambiguous';
    error: string;
  }): Found<Workload> => ({
    ok: false,
    problem: found.problem,
    error: found.error,
  });
  const colon = ref.indexOf(':');
  const prefix = colon === -1 ? '' : ref.slice(0, colon);
  const rest = ref.slice(colon + 1);
  if (prefix === 'container') {
    const found = findContainer(topology, rest);
    return found.ok
      ? { ok: true, value: { kind: 'container', container: found.value } }
      : failed(found);
  }
  if (prefix === 'service') {
    const found = findService(topology, rest);
    return found.ok
      ? { ok: true, value: { kind: 'service', service: found.value } }
      : failed(found);
  }
  const container = findContainer(topology, ref);
  const service = findService(topology, ref);
  if (container.ok && service.ok) {
    return failed({
      problem: 'ambiguous',
      error: `${ref} is both a container and a service: write container:${ref} or service:${ref}.`,
    });
  }
  if (container.ok) return { ok: true, value: { kind: 'container', container: container.value } };
  if (service.ok) return { ok: true, value: { kind: 'service', service: service.value } };
  if (container.problem === 'ambiguous') return failed(container);
  if (service.problem === 'ambiguous') return failed(service);
  return failed({ problem: 'not-found', error: `No container or service ${ref}.` });
}
