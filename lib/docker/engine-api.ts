/**
 * Types for the subset of Docker Engine API 1.41 payloads Portolan reads.
 *
 * Written from recorded payloads (lib/topology/__fixtures__) and the API reference. Fields we do not
 * read are omitted. A field is optional when the engine may leave it out; Go `null` slices and maps
 * are typed `| null` where the engine is known to send them.
 *
 * NOTE: these are declarations, not validation. The server narrows engine JSON into them with the
 * shallow guards at the end of this file; every reader in lib/topology still treats nested fields defensively.
 */

export type Labels = Record<string, string>;

/** `GET /info`. */
export interface EngineInfo {
  ID: string;
  /** Host name of the engine's machine. */
  Name: string;
  ServerVersion: string;
  OperatingSystem?: string;
  OSType?: string;
  Architecture?: string;
  KernelVersion?: string;
  NCPU?: number;
  MemTotal?: number;
  Containers?: number;
  ContainersRunning?: number;
  Labels?: string[] | null;
  Swarm?: SwarmInfo;
}

export type LocalNodeState = 'inactive' | 'pending' | 'active' | 'error' | 'locked' | '';

/** `GET /info` → `Swarm`: what this engine knows about its own swarm membership. */
export interface SwarmInfo {
  NodeID: string;
  NodeAddr: string;
  LocalNodeState: LocalNodeState;
  /** True when this engine is a manager (it can answer /nodes, /services, /tasks). */
  ControlAvailable: boolean;
  Error?: string;
  RemoteManagers?: { NodeID: string; Addr: string }[] | null;
  Nodes?: number;
  Managers?: number;
  /** Present on managers only. */
  Cluster?: { ID: string; CreatedAt?: string; UpdatedAt?: string };
}

/** `GET /version`. */
export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  GitCommit?: string;
}

export interface IpamConfig {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

/** One entry of a network inspect's `Containers` map (also the `lb-*` / `ingress-sbox` entries). */
export interface NetworkEndpointResource {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  /** CIDR form, e.g. `10.0.1.4/24`; empty string when none. */
  IPv4Address: string;
  IPv6Address: string;
}

export interface NetworkPeer {
  Name: string;
  IP: string;
}

/** A service as seen by one network in `?verbose=true` output (swarm networks only). */
export interface NetworkServiceInfo {
  VIP: string;
  Ports?: string[] | null;
  LocalLBIndex?: number;
  Tasks?: { Name: string; EndpointID: string; EndpointIP: string; Info?: Record<string, string> }[];
}

/** `GET /networks/{id}?verbose=true`. */
export interface NetworkInspect {
  Name: string;
  Id: string;
  Created?: string;
  /** `local` for bridge/host/macvlan…, `swarm` for overlays, `global` for some plugins. */
  Scope: string;
  Driver: string;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Options?: Record<string, string> | null; Config?: IpamConfig[] | null };
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigFrom?: { Network: string };
  ConfigOnly?: boolean;
  /** Local endpoints only: containers and the load-balancer sandbox of this engine. */
  Containers?: Record<string, NetworkEndpointResource> | null;
  Options?: Record<string, string> | null;
  Labels?: Labels | null;
  /** verbose=true, swarm networks: the nodes gossiping about this network. */
  Peers?: NetworkPeer[] | null;
  /** verbose=true, swarm networks: service VIPs and backends known locally. */
  Services?: Record<string, NetworkServiceInfo> | null;
}

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface PortBinding {
  HostIp: string;
  HostPort: string;
}

/** `NetworkSettings.Networks[name]` of a container inspect. */
export interface EndpointSettings {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] } | null;
  Links?: string[] | null;
  Aliases?: string[] | null;
  NetworkID: string;
  EndpointID: string;
  Gateway?: string;
  IPAddress: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  MacAddress: string;
  DriverOpts?: Record<string, string> | null;
}

/** `GET /containers/{id}/json`. */
export interface ContainerInspect {
  Id: string;
  /** With a leading slash: `/web`. */
  Name: string;
  Created?: string;
  /** Image id (sha256:…); the name the user asked for is `Config.Image`. */
  Image: string;
  RestartCount?: number;
  State: {
    Status: ContainerStatus;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    OOMKilled?: boolean;
    Dead?: boolean;
    Pid?: number;
    ExitCode?: number;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: { Status: 'none' | 'starting' | 'healthy' | 'unhealthy' | string };
  };
  Config: {
    Hostname?: string;
    Image: string;
    Labels?: Labels | null;
    Env?: string[] | null;
    ExposedPorts?: Record<string, object> | null;
    /** The image's or the run's health check; `["NONE"]` turns one off. */
    Healthcheck?: { Test?: string[] | null } | null;
  };
  HostConfig?: { NetworkMode?: string; PortBindings?: Record<string, PortBinding[] | null> | null };
  /** What is mounted where: named volumes (`Type: volume`, `Name`), bind mounts, tmpfs. */
  Mounts?: { Type?: string; Name?: string; Source?: string; Destination?: string }[] | null;
  NetworkSettings: {
    SandboxID?: string;
    /** Published ports, keyed `80/tcp`; `null` value = exposed but not published. */
    Ports?: Record<string, PortBinding[] | null> | null;
    Networks?: Record<string, EndpointSettings> | null;
  };
}

export interface ObjectVersion {
  Index: number;
}

export type NodeRole = 'worker' | 'manager';
export type NodeAvailability = 'active' | 'pause' | 'drain';
export type NodeState = 'unknown' | 'down' | 'ready' | 'disconnected';
export type ManagerReachability = 'unknown' | 'unreachable' | 'reachable';

/** `GET /nodes` item (managers only). */
export interface SwarmNode {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: { Name?: string; Labels?: Labels | null; Role: NodeRole; Availability: NodeAvailability };
  Description?: {
    Hostname?: string;
    Platform?: { Architecture?: string; OS?: string };
    Resources?: { NanoCPUs?: number; MemoryBytes?: number };
    Engine?: { EngineVersion?: string; Labels?: Labels | null };
  };
  Status: { State: NodeState; Message?: string; Addr?: string };
  /** Present on manager nodes only. */
  ManagerStatus?: { Leader?: boolean; Reachability: ManagerReachability; Addr: string };
}

export interface EndpointPortConfig {
  Name?: string;
  Protocol?: 'tcp' | 'udp' | 'sctp';
  TargetPort?: number;
  PublishedPort?: number;
  PublishMode?: 'ingress' | 'host';
}

export interface NetworkAttachmentConfig {
  Target: string;
  Aliases?: string[] | null;
  DriverOpts?: Record<string, string> | null;
}

/** `GET /services` item (managers only). */
export interface SwarmService {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: {
    Name: string;
    Labels?: Labels | null;
    TaskTemplate?: {
      ContainerSpec?: {
        Image?: string;
        Labels?: Labels | null;
        Command?: string[] | null;
        Args?: string[] | null;
        Env?: string[] | null;
        Mounts?: { Type?: string; Source?: string; Target?: string }[] | null;
      };
      Networks?: NetworkAttachmentConfig[] | null;
      ForceUpdate?: number;
    };
    /** Exactly one key is set. */
    Mode?: {
      Replicated?: { Replicas?: number };
      Global?: Record<string, never>;
      ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
      GlobalJob?: Record<string, never>;
    };
    EndpointSpec?: { Mode?: 'vip' | 'dnsrr'; Ports?: EndpointPortConfig[] | null };
  };
  Endpoint?: {
    Spec?: { Mode?: 'vip' | 'dnsrr'; Ports?: EndpointPortConfig[] | null };
    /** Published ports as allocated (a missing PublishedPort in the spec is filled in here). */
    Ports?: EndpointPortConfig[] | null;
    /** `Addr` is in CIDR form: `10.0.0.5/24`. Absent for dnsrr. */
    VirtualIPs?: { NetworkID: string; Addr: string }[] | null;
  };
  UpdateStatus?: {
    State?:
      | 'updating'
      | 'paused'
      | 'completed'
      | 'rollback_started'
      | 'rollback_paused'
      | 'rollback_completed';
    StartedAt?: string;
    CompletedAt?: string;
    Message?: string;
  };
  /** Only with `GET /services?status=true`. */
  ServiceStatus?: { RunningTasks: number; DesiredTasks: number };
}

/** A swarm task's state (`Status.State`) and its desired state, as the Engine API words them. */
export type TaskState =
  | 'new'
  | 'allocated'
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'preparing'
  | 'ready'
  | 'starting'
  | 'running'
  | 'complete'
  | 'shutdown'
  | 'failed'
  | 'rejected'
  | 'remove'
  | 'orphaned';

/** `GET /tasks` item (managers only). */
export interface SwarmTask {
  ID: string;
  Version?: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Labels?: Labels | null;
  Spec?: { ContainerSpec?: { Image?: string } };
  ServiceID: string;
  /** Absent for global-service tasks, which are keyed by node instead. */
  Slot?: number;
  /** Absent until the scheduler has placed the task. */
  NodeID?: string;
  Status: {
    Timestamp?: string;
    State: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
    /** Host-mode published ports, as bound on the task's node. */
    PortStatus?: { Ports?: EndpointPortConfig[] | null };
  };
  DesiredState: TaskState;
  /** One entry per network; `Addresses` are CIDR strings. */
  NetworksAttachments?: {
    Network: { ID: string; Spec?: { Name?: string; Ingress?: boolean } };
    Addresses?: string[] | null;
  }[];
}

export type EventType =
  | 'builder'
  | 'config'
  | 'container'
  | 'daemon'
  | 'image'
  | 'network'
  | 'node'
  | 'plugin'
  | 'volume'
  | 'secret'
  | 'service';

/** One message of `GET /events` (one JSON object per line). */
export interface EventMessage {
  Type: EventType;
  /** May carry a detail after a colon: `exec_start: sh -c 'wget …'`, `health_status: healthy`. */
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  scope?: 'local' | 'swarm';
  time: number;
  timeNano: number;
  /** Deprecated duplicates of Action / Actor.ID, still sent by 1.41. */
  status?: string;
  id?: string;
  from?: string;
}

type UnknownRecord = Record<string, unknown>;

function isRecord(raw: unknown): raw is UnknownRecord {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function hasStrings(raw: UnknownRecord, ...fields: string[]): boolean {
  return fields.every((field) => typeof raw[field] === 'string');
}

function hasRecords(raw: UnknownRecord, ...fields: string[]): boolean {
  return fields.every((field) => isRecord(raw[field]));
}

/*
 * Boundary guards. They check the fields lib/topology reads without optional chaining (ids, names
 * and the objects that hold required fields); anything deeper is trusted as the engine's own output
 * and still read defensively. Use them where engine JSON enters as `unknown`.
 */

export function isEngineInfo(raw: unknown): raw is EngineInfo {
  return isRecord(raw) && hasStrings(raw, 'ID', 'Name', 'ServerVersion');
}

export function isEngineVersion(raw: unknown): raw is EngineVersion {
  return isRecord(raw) && hasStrings(raw, 'Version', 'ApiVersion');
}

export function isNetworkInspect(raw: unknown): raw is NetworkInspect {
  return isRecord(raw) && hasStrings(raw, 'Id', 'Name', 'Scope', 'Driver');
}

export function isContainerInspect(raw: unknown): raw is ContainerInspect {
  return (
    isRecord(raw) &&
    hasStrings(raw, 'Id', 'Name', 'Image') &&
    hasRecords(raw, 'State', 'Config', 'NetworkSettings')
  );
}

export function isSwarmNode(raw: unknown): raw is SwarmNode {
  return isRecord(raw) && hasStrings(raw, 'ID') && hasRecords(raw, 'Spec', 'Status');
}

export function isSwarmService(raw: unknown): raw is SwarmService {
  return (
    isRecord(raw) &&
    hasStrings(raw, 'ID') &&
    isRecord(raw.Spec) &&
    typeof raw.Spec.Name === 'string'
  );
}

export function isSwarmTask(raw: unknown): raw is SwarmTask {
  return (
    isRecord(raw) &&
    hasStrings(raw, 'ID', 'ServiceID', 'DesiredState') &&
    isRecord(raw.Status) &&
    typeof raw.Status.State === 'string'
  );
}
