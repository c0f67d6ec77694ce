/*
 * One raw engine payload → one topology element. Pure functions with no knowledge of other engines;
 * merging, de-duplication and memoization happen in build.ts.
 */
import type {
  ContainerInspect,
  EngineInfo,
  EngineVersion,
  NetworkInspect,
  SwarmNode,
} from '@/lib/docker/engine-api';

import { isSystemNetwork } from './system-networks';
import { byKey, namedVolumes, nonEmpty, plainAddress, protocolOf } from './payload-values';
import type {
  ContainerEndpoint,
  ContainerState,
  EngineState,
  LoadBalancerEndpoint,
  PortMapping,
  Protocol,
  StandaloneHostNode,
  SwarmHostNode,
  TopologyContainer,
  TopologyEngine,
  TopologyNetwork,
} from './types';

/** Docker labels Portolan reads. */
export const LABELS = {
  composeProject: 'com.docker.compose.project',
  composeService: 'com.docker.compose.service',
  stackNamespace: 'com.docker.stack.namespace',
  swarmServiceId: 'com.docker.swarm.service.id',
  swarmTaskId: 'com.docker.swarm.task.id',
} as const;

/**
 * Whether a `Containers` entry of a network inspect is that network's own load balancer: `lb-<name>`,
 * or `ingress-sbox` on the ingress network. NOTE: the ingress sandbox also has a leg on
 * docker_gwbridge under the same key; there it is a gateway, not a load balancer.
 */
export function isLoadBalancerEntry(network: NetworkInspect, key: string): boolean {
  return key === `lb-${network.Name}` || (network.Ingress === true && key === 'ingress-sbox');
}

/** The node id of an engine outside swarm mode. */
export function standaloneNodeId(engine: string): string {
  return `engine:${engine}`;
}

/** The node an engine runs on: its swarm node id once it is part of a swarm. */
export function engineNodeId(engine: string, info: EngineInfo): string {
  const swarm = info.Swarm;
  const inSwarm = swarm?.LocalNodeState === 'active' || swarm?.LocalNodeState === 'locked';
  return inSwarm && swarm?.NodeID ? swarm.NodeID : standaloneNodeId(engine);
}

/** Parses the `key=value` strings of `GET /info` → `Labels`. */
function parseLabelList(list: readonly string[] | null | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of list ?? []) {
    const eq = entry.indexOf('=');
    if (eq > 0) labels[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return labels;
}

export function toEngine(
  name: string,
  state: EngineState | undefined,
  info: EngineInfo | undefined,
  version: EngineVersion | undefined,
): TopologyEngine {
  const swarm = info?.Swarm;
  const swarmState = swarm?.LocalNodeState;
  return {
    id: name,
    name,
    // NOTE: an engine we hold an inventory for but no state was reachable when it was read.
    reachable: state?.reachable ?? info !== undefined,
    stale: state?.stale ?? false,
    error: state?.error ?? null,
    node: info ? engineNodeId(name, info) : null,
    hostname: info?.Name ?? null,
    serverVersion: version?.Version ?? info?.ServerVersion ?? null,
    apiVersion: version?.ApiVersion ?? null,
    os: info?.OperatingSystem ?? null,
    swarm:
      swarm && swarmState && swarmState !== 'inactive'
        ? {
            state: swarmState,
            nodeId: nonEmpty(swarm.NodeID),
            clusterId: swarm.Cluster?.ID ?? null,
            manager: swarm.ControlAvailable,
          }
        : null,
  };
}

/** The address other nodes reach `node` on. Managers may report `0.0.0.0` in Status.Addr. */
function nodeAddress(node: SwarmNode): string | null {
  const status = node.Status.Addr;
  if (status && status !== '0.0.0.0') return status;
  const manager = node.ManagerStatus?.Addr;
  if (!manager) return null;
  const colon = manager.lastIndexOf(':');
  return colon === -1 ? manager : manager.slice(0, colon);
}

export function toSwarmNode(node: SwarmNode, engine: string | null): SwarmHostNode {
  const hostname = node.Description?.Hostname ?? node.Spec.Name ?? node.ID;
  return {
    id: node.ID,
    name: hostname,
    kind: 'swarm',
    hostname,
    engine,
    engineVersion: node.Description?.Engine?.EngineVersion ?? null,
    address: nodeAddress(node),
    os: node.Description?.Platform?.OS ?? null,
    architecture: node.Description?.Platform?.Architecture ?? null,
    labels: { ...node.Spec.Labels },
    role: node.Spec.Role,
    leader: node.ManagerStatus?.Leader ?? false,
    managerReachability: node.ManagerStatus?.Reachability ?? null,
    availability: node.Spec.Availability,
    state: node.Status.State,
    message: nonEmpty(node.Status.Message),
  };
}

/**
 * The node of an engine we have no manager view for: a standalone host, or a swarm member whose
 * managers we are not connected to (then only what the engine says about itself is known).
 */
export function toEngineHostNode(
  engine: string,
  info: EngineInfo,
): StandaloneHostNode | SwarmHostNode {
  const base = {
    id: engineNodeId(engine, info),
    name: info.Name,
    hostname: info.Name,
    engine,
    engineVersion: info.ServerVersion,
    os: info.OSType ?? null,
    architecture: info.Architecture ?? null,
    labels: parseLabelList(info.Labels),
  };
  if (base.id === standaloneNodeId(engine)) return { ...base, kind: 'standalone', address: null };
  const manager = info.Swarm?.ControlAvailable ?? false;
  return {
    ...base,
    kind: 'swarm',
    address: nonEmpty(info.Swarm?.NodeAddr),
    role: manager ? 'manager' : 'worker',
    leader: false,
    managerReachability: manager ? 'unknown' : null,
    availability: 'active',
    state: 'unknown',
    message: null,
  };
}

/** One engine's report of a network, with the node that engine runs on. */
export interface NetworkSighting {
  engine: string;
  node: string;
  network: NetworkInspect;
}

function scopeOf(value: string): TopologyNetwork['scope'] {
  return value === 'swarm' || value === 'global' ? value : 'local';
}

/**
 * A network as seen by every engine that reports it. `primary` supplies the configuration (the same
 * everywhere for a swarm network); the sightings supply per-node load balancers.
 */
export function toNetwork(
  primary: NetworkInspect,
  sightings: readonly NetworkSighting[],
  nodes: readonly string[],
): TopologyNetwork {
  const options = { ...primary.Options };
  const loadBalancers: LoadBalancerEndpoint[] = [];
  for (const sighting of sightings) {
    for (const [key, endpoint] of Object.entries(sighting.network.Containers ?? {})) {
      if (!isLoadBalancerEntry(sighting.network, key)) continue;
      loadBalancers.push({
        node: sighting.node,
        endpointId: endpoint.EndpointID,
        ipv4: plainAddress(endpoint.IPv4Address),
        ipv6: plainAddress(endpoint.IPv6Address),
        mac: nonEmpty(endpoint.MacAddress),
      });
    }
  }
  loadBalancers.sort(byKey((lb) => `${lb.node}/${lb.endpointId}`));
  const ingress = primary.Ingress ?? false;
  return {
    id: primary.Id,
    name: primary.Name,
    driver: primary.Driver,
    scope: scopeOf(primary.Scope),
    subnets: (primary.IPAM?.Config ?? []).flatMap((config) =>
      config.Subnet
        ? [
            {
              subnet: config.Subnet,
              gateway: nonEmpty(config.Gateway),
              ipRange: nonEmpty(config.IPRange),
            },
          ]
        : [],
    ),
    ipv6: primary.EnableIPv6 ?? false,
    internal: primary.Internal ?? false,
    attachable: primary.Attachable ?? false,
    ingress,
    // NOTE: the overlay driver enables IPsec when the option is present at all (`-o encrypted`
    // stores an empty value), so presence is the flag.
    encrypted: 'encrypted' in options && options.encrypted !== 'false',
    parent: nonEmpty(options.parent),
    system: isSystemNetwork({ name: primary.Name, ingress }),
    labels: { ...primary.Labels },
    options,
    nodes: [...nodes],
    loadBalancers,
  };
}

const CONTAINER_STATES: ReadonlySet<string> = new Set<ContainerState>([
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
]);

function parsePortKey(key: string): { port: number; protocol: Protocol } | null {
  const [port, protocol] = key.split('/');
  const number = Number(port);
  return Number.isInteger(number) && number > 0
    ? { port: number, protocol: protocolOf(protocol) }
    : null;
}

function containerPorts(container: ContainerInspect): PortMapping[] {
  const ports: PortMapping[] = [];
  for (const [key, bindings] of Object.entries(container.NetworkSettings.Ports ?? {})) {
    const parsed = parsePortKey(key);
    if (!parsed || !bindings) continue;
    for (const binding of bindings) {
      const hostPort = Number(binding.HostPort);
      if (!Number.isInteger(hostPort) || hostPort <= 0) continue;
      ports.push({
        hostIp: binding.HostIp || '0.0.0.0',
        hostPort,
        containerPort: parsed.port,
        protocol: parsed.protocol,
      });
    }
  }
  return ports.sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      a.protocol.localeCompare(b.protocol) ||
      a.hostPort - b.hostPort ||
      a.hostIp.localeCompare(b.hostIp),
  );
}

function containerEndpoints(container: ContainerInspect): ContainerEndpoint[] {
  // NOTE: Docker adds the 12-character short id as an alias on user-defined networks; it is
  // noise next to the aliases people chose.
  const shortId = container.Id.slice(0, 12);
  return Object.entries(container.NetworkSettings.Networks ?? {})
    .map(([networkName, settings]) => ({
      network: settings.NetworkID,
      networkName,
      ipv4: nonEmpty(settings.IPAddress),
      ipv6: nonEmpty(settings.GlobalIPv6Address),
      mac: nonEmpty(settings.MacAddress),
      aliases: (settings.Aliases ?? []).filter((alias) => alias !== shortId),
    }))
    .sort(byKey((endpoint) => endpoint.networkName));
}

export function toContainer(
  container: ContainerInspect,
  engine: string,
  node: string,
): TopologyContainer {
  const labels = { ...container.Config.Labels };
  const status = container.State.Status;
  const health = container.State.Health?.Status;
  return {
    id: container.Id,
    name: container.Name.replace(/^\//, ''),
    image: container.Config.Image || container.Image,
    state: CONTAINER_STATES.has(status) ? status : 'dead',
    health: health === 'starting' || health === 'healthy' || health === 'unhealthy' ? health : null,
    node,
    engine,
    labels,
    composeProject: labels[LABELS.composeProject] ?? null,
    stack: labels[LABELS.stackNamespace] ?? null,
    service: labels[LABELS.swarmServiceId] ?? null,
    task: labels[LABELS.swarmTaskId] ?? null,
    networkMode: nonEmpty(container.HostConfig?.NetworkMode),
    endpoints: containerEndpoints(container),
    ports: containerPorts(container),
    volumes: namedVolumes(
      (container.Mounts ?? []).map((m) => (m.Type === 'volume' ? m.Name : null)),
    ),
  };
}

// NOTE: the swarm's elements and the payload readers live in their own modules; importers keep
// one door.
export { plainAddress } from './payload-values';
export {
  isRunningTask,
  servicePorts,
  taskAddresses,
  taskName,
  toService,
  toTask,
} from './swarm-elements';
