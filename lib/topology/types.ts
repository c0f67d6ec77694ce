/**
 * The Portolan topology: what the browser draws. Plain JSON (no Dates, Maps or undefined-valued
 * fields that matter), so it crosses socket.io unchanged. Every element has a stable `id` (the
 * engine's own id where there is one) and a display `name`.
 *
 * Addresses are plain IPs (`10.0.1.5`); prefixes live on the network's subnets.
 */
import type { ContainerStatus, TaskState } from '@/lib/docker/engine-api';

// NOTE: a task's state is the engine's own word for it, passed through unchanged.
export type { TaskState };

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface Element {
  id: string;
  name: string;
}

/** One Docker engine Portolan is connected to, as the server sees it. */
export interface TopologyEngine extends Element {
  /** `id` and `name` are both the server's name for the engine. */
  reachable: boolean;
  /** True when what we show from this engine may be out of date (disconnected, resyncing). */
  stale: boolean;
  error: string | null;
  /** The node this engine runs on: a swarm node id, or `engine:<name>` outside swarm mode. */
  node: string | null;
  hostname: string | null;
  serverVersion: string | null;
  apiVersion: string | null;
  os: string | null;
  swarm: EngineSwarmMembership | null;
}

export interface EngineSwarmMembership {
  state: 'inactive' | 'pending' | 'active' | 'error' | 'locked';
  nodeId: string | null;
  clusterId: string | null;
  /** True when this engine can answer for the whole swarm. */
  manager: boolean;
}

/** A machine: a swarm node, or (outside swarm mode) an engine's host. */
export type TopologyNode = SwarmHostNode | StandaloneHostNode;

interface HostNodeBase extends Element {
  /** `name` is the host name. */
  hostname: string;
  /** Name of the engine we are connected to on this node, if any. */
  engine: string | null;
  engineVersion: string | null;
  /** IP address other nodes use to reach this one (swarm), null when unknown. */
  address: string | null;
  os: string | null;
  architecture: string | null;
  labels: Record<string, string>;
}

export interface SwarmHostNode extends HostNodeBase {
  kind: 'swarm';
  role: 'manager' | 'worker';
  leader: boolean;
  /** Raft reachability; null for workers. */
  managerReachability: 'reachable' | 'unreachable' | 'unknown' | null;
  availability: 'active' | 'pause' | 'drain';
  state: 'ready' | 'down' | 'unknown' | 'disconnected';
  message: string | null;
  /**
   * Set only when Portolan reads no engine on this node: why its own containers (those that are
   * not swarm tasks) are not on the map. Its swarm tasks still show, from the manager.
   */
  unread?: string;
}

/** An engine's host outside swarm mode. Its id is `engine:<engine name>`. */
export interface StandaloneHostNode extends HostNodeBase {
  kind: 'standalone';
}

export interface Subnet {
  subnet: string;
  gateway: string | null;
  ipRange: string | null;
}

/** A network's own load-balancer endpoint on one node (`lb-<network>` or `ingress-sbox`). */
export interface LoadBalancerEndpoint {
  node: string;
  endpointId: string;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
}

export interface TopologyNetwork extends Element {
  driver: string;
  scope: 'local' | 'swarm' | 'global';
  subnets: Subnet[];
  ipv6: boolean;
  internal: boolean;
  attachable: boolean;
  /** The swarm routing-mesh network. */
  ingress: boolean;
  /** Overlay with IPsec data-plane encryption (`-o encrypted`). */
  encrypted: boolean;
  /** Host interface of a macvlan/ipvlan network (`-o parent=`). */
  parent: string | null;
  /** A network Docker creates by itself: ingress, docker_gwbridge, bridge, host, none. */
  system: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  /** Node ids where this network exists, sorted. */
  nodes: string[];
  /** Load-balancer endpoints, one per node where the engine reported one, sorted by node. */
  loadBalancers: LoadBalancerEndpoint[];
}

/** A container's attachment to one network. */
export interface ContainerEndpoint {
  network: string;
  networkName: string;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
  /** DNS aliases on this network, without the automatic short-id alias. */
  aliases: string[];
}

/** A published port: host ip:port → container port/protocol. */
export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

/** The engine's own container states, kept as the engine names them. */
export type ContainerState = ContainerStatus;

export interface TopologyContainer extends Element {
  /** The image as the user named it (`Config.Image`). */
  image: string;
  state: ContainerState;
  health: 'starting' | 'healthy' | 'unhealthy' | null;
  node: string;
  engine: string;
  labels: Record<string, string>;
  composeProject: string | null;
  /** Swarm stack namespace (`docker stack deploy`). */
  stack: string | null;
  /** Set when the container runs a swarm task. */
  service: string | null;
  task: string | null;
  /** `HostConfig.NetworkMode`: `bridge`, `host`, `none`, `container:<id>`, or a network name. */
  networkMode: string | null;
  /** One per network, sorted by network name. */
  endpoints: ContainerEndpoint[];
  ports: PortMapping[];
  /** Names of the named volumes mounted (`Mounts[]` of type volume), sorted. */
  volumes: string[];
}

export type ServiceMode =
  | { kind: 'replicated'; replicas: number }
  | { kind: 'global' }
  | { kind: 'replicated-job'; maxConcurrent: number; totalCompletions: number }
  | { kind: 'global-job' };

export interface ServicePort {
  target: number;
  /** 0 when the engine has not allocated one (host mode without a fixed port). */
  published: number;
  protocol: Protocol;
  mode: 'ingress' | 'host';
}

/** A service's network aliases on one network (`Spec.TaskTemplate.Networks[].Aliases`). */
export interface ServiceNetworkAliases {
  network: string;
  aliases: string[];
}

export interface TopologyService extends Element {
  mode: ServiceMode;
  image: string;
  labels: Record<string, string>;
  /** Environment variable names only: values may hold secrets and never leave the server. */
  envKeys: string[];
  endpointMode: 'vip' | 'dnsrr';
  /** Virtual IP per network (vip mode only), sorted by network. */
  vips: { network: string; addr: string }[];
  /** Networks the service's tasks attach to (from the spec), sorted. */
  networks: string[];
  /**
   * More DNS names for the service, per network: `docker stack deploy` gives each service its
   * short name there (`redis` for `shop_redis`), `--network name=N,alias=A` adds A. Only the
   * networks that have some, sorted by network; aliases as the spec lists them.
   */
  aliases: ServiceNetworkAliases[];
  ports: ServicePort[];
  /** Named volumes its tasks mount (`ContainerSpec.Mounts[]` of type volume), sorted. */
  volumes: string[];
  /**
   * Tasks by where they are (see `taskPhase`): `running` (running and meant to: what `desired` is
   * held against), `starting` (meant to run, not running yet) and `stopping` (told to stop,
   * container still up). The CLI's `REPLICAS` column counts running containers: running + stopping.
   */
  replicas: { desired: number; running: number; starting: number; stopping: number };
  updateStatus: { state: string; message: string | null } | null;
}

export interface TopologyTask extends Element {
  /** `name` is `<service>.<slot>` (replicated) or `<service>.<node id>` (global), as the CLI shows. */
  service: string;
  slot: number | null;
  node: string | null;
  desiredState: TaskState;
  state: TaskState;
  /** When `state` was entered (engine timestamp, RFC 3339). */
  stateSince: string | null;
  error: string | null;
  message: string | null;
  containerId: string | null;
  addresses: { network: string; address: string }[];
}

/** A running task behind a published port. */
export interface IngressBackend {
  task: string;
  node: string | null;
  container: string | null;
  /** The task's address on the ingress network (ingress mode); null in host mode. */
  address: string | null;
}

/**
 * How outside traffic reaches a workload:
 * - `ingress`: swarm routing mesh; the port is open on every node and goes to the service VIP on
 *   the ingress network, then to a task;
 * - `host`: swarm host-mode port, open only on the node running that task;
 * - `bridge`: a container's `-p` mapping on its engine's host.
 */
export type IngressPath = SwarmIngressPath | HostModePath | BridgePortPath;

interface IngressPathBase extends Element {
  /** How the port is published; the same as `kind` (the API names it `mode`). */
  mode: 'ingress' | 'host' | 'bridge';
  published: number;
  target: number;
  protocol: Protocol;
  /** Nodes where the published port is open, sorted. */
  nodes: string[];
}

export interface SwarmIngressPath extends IngressPathBase {
  kind: 'ingress';
  service: string;
  /** The ingress network's id, when known. */
  network: string | null;
  /** The service's VIP on the ingress network. */
  vip: string | null;
  tasks: IngressBackend[];
}

export interface HostModePath extends IngressPathBase {
  kind: 'host';
  service: string;
  task: string;
  tasks: IngressBackend[];
}

export interface BridgePortPath extends IngressPathBase {
  kind: 'bridge';
  container: string;
  /** Host addresses the port is bound on (`0.0.0.0`, `::`, or a specific IP). */
  hostIps: string[];
}

/** The whole map. Each collection is keyed by element id. */
export interface Topology {
  /** Bumped by the server on every change; patches go from one version to the next. */
  version: number;
  engines: Record<string, TopologyEngine>;
  nodes: Record<string, TopologyNode>;
  networks: Record<string, TopologyNetwork>;
  containers: Record<string, TopologyContainer>;
  services: Record<string, TopologyService>;
  tasks: Record<string, TopologyTask>;
  ingress: Record<string, IngressPath>;
}

export const COLLECTIONS = [
  'engines',
  'nodes',
  'networks',
  'containers',
  'services',
  'tasks',
  'ingress',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];

/** The element type stored in a collection. */
export type ElementOf<C extends CollectionName> = Topology[C][string];

/** Engine status the server tracks and hands to `buildTopology`. */
export interface EngineState {
  reachable: boolean;
  stale: boolean;
  error?: string | null;
}

export function emptyTopology(version = 0): Topology {
  return {
    version,
    engines: {},
    nodes: {},
    networks: {},
    containers: {},
    services: {},
    tasks: {},
    ingress: {},
  };
}
