/**
 * The map's graph: what the browser lays out and draws, projected from a `Topology` by `toGraph`.
 * Pure data with stable ids (the topology's own ids where there is one), so positions can be kept
 * by id across patches and the list view, the inspector and the exports all read the same thing.
 */

/** What a graph element stands for. Hosts are not nodes: they are regions (`ViewGroup`). */
export type ViewKind = 'network' | 'container' | 'task' | 'service' | 'port' | 'uplink' | 'project';

/** How a network hub is drawn, from its driver. */
export type NetworkStyle = 'bridge' | 'overlay' | 'macvlan' | 'ipvlan' | 'host' | 'none' | 'other';

/** Health at a glance: the colour of a node's status mark. */
export type Status = 'ok' | 'warn' | 'bad' | 'off';

export interface ViewNode {
  /** Stable graph id: the topology id, or a made-up one for ports (`port:…`), uplinks and folds. */
  id: string;
  kind: ViewKind;
  /** The topology element the inspector shows (a port's ingress path, an uplink's network). */
  ref: string;
  name: string;
  /** Short lines under the name (driver and subnet, replicas, port mappings…). */
  lines: string[];
  /** The host region this element is drawn in, or null for the swarm band (overlays, services). */
  host: string | null;
  /** Network this element clusters around when grouping by network. */
  cluster: string | null;
  status: Status;
  /** Shown from an engine that is disconnected or resyncing: may be out of date. */
  stale: boolean;
  /** Kept only as context for a filter match (drawn faded). */
  context: boolean;
  /** Networks: drawing style. Others: null. */
  style: NetworkStyle | null;
  /** Small markers: `encrypted`, `internal`, `system`, `ingress`, `dnsrr`, `vip`, `attachable`… */
  tags: string[];
  /** Task → its service's graph id; container of a compose service → null. */
  service: string | null;
  /** Compose project (`compose:<name>`) or swarm stack (`stack:<name>`) it belongs to. */
  project: string | null;
  /** Topology ids this node stands for (a task's container too), to make changes glow. */
  refs: string[];
  /** Radius of the drawn shape, in graph units. */
  r: number;
  /** A local network: the node it is on (named in its label when grouping by network). */
  place?: string;
}

export type LinkKind =
  /** A container's or task's endpoint on a network: label = IP and aliases. */
  | 'endpoint'
  /** A service joined to a network: label = its VIP (or `dnsrr`). */
  | 'vip'
  /** Service → one of its tasks. */
  | 'member'
  /** Published port → where it goes (ingress network, task or container). */
  | 'publish'
  /** macvlan/ipvlan network → its parent interface. */
  | 'uplink';

export interface ViewLink {
  /** `source->target` (one link per pair). */
  id: string;
  source: string;
  target: string;
  kind: LinkKind;
  label: string;
  /** Network the link belongs to (for its colour), if any. */
  network: string | null;
  /** Ingress paths this link is a leg of (drawn as the ingress layer when non-empty). */
  paths: string[];
}

export interface ViewGroup {
  /**
   * A host is the topology node id; the swarm band is `swarm`; a stack or compose project's box
   * (grouping by stack) is the project key (`stack:<name>`, `compose:<name>`).
   */
  id: string;
  kind: 'host' | 'swarm' | 'stack';
  name: string;
  lines: string[];
  stale: boolean;
  /** Engine name of this host, if Portolan is connected to it. */
  engine: string | null;
  /** Graph ids drawn in this region. */
  members: string[];
}

export interface ViewGraph {
  nodes: ViewNode[];
  links: ViewLink[];
  groups: ViewGroup[];
}

export interface Layers {
  /** Stopped containers and shut-down tasks. */
  stopped: boolean;
  /** ingress, docker_gwbridge, bridge, host, none. */
  system: boolean;
  /** Published ports and the paths traffic takes from them. */
  ingress: boolean;
  /** Swarm tasks (off: services alone). */
  tasks: boolean;
  /** Observed conversations between containers (sampled only while shown). */
  traffic: boolean;
}

export const LAYER_NAMES = [
  'stopped',
  'system',
  'ingress',
  'tasks',
  'traffic',
] as const satisfies readonly (keyof Layers)[];

export const DEFAULT_LAYERS: Readonly<Layers> = {
  stopped: false,
  system: true,
  ingress: true,
  tasks: true,
  traffic: false,
};

/** Map groupings: hosts, networks, or stacks and compose projects (boxes within hosts). */
export type GroupBy = 'node' | 'network' | 'stack';

export const GROUPINGS: readonly GroupBy[] = ['node', 'network', 'stack'];

export interface GraphOptions {
  /** Search and filters, e.g. `web network:appnet driver:overlay label:tier=front`. */
  query: string;
  layers: Layers;
}
