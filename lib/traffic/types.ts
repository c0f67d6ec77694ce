/**
 * What the traffic sampler reports: conversations between endpoints of the topology and the byte
 * and packet rates of each container endpoint. Plain JSON, so it crosses socket.io and the API
 * unchanged. Times are epoch milliseconds.
 */
import type { TrafficProtocol } from './proc-net';

export type { TrafficProtocol };

/**
 * One end of a conversation, named with the topology: a container (a swarm task's container
 * carries its task), a service reached by its VIP, a task Portolan sees no container of, a node
 * (its address, a bridge gateway or a load balancer), an unknown address on a network, or the
 * outside world.
 */
export interface TrafficPeer {
  kind: 'container' | 'task' | 'service' | 'node' | 'unknown' | 'outside';
  /** A topology id (container, task, service, node id); `address:<ip>` for unknown and outside. */
  id: string;
  /** A container's name, or its task's `<service>.<slot>`; a service's or node's name; the IP. */
  name: string;
  ip: string;
  /** The swarm task a container runs, if any. */
  task: string | null;
}

export interface TrafficConversation {
  /** Stable key: `<protocol>:<from id>><to id>:<port>@<network id>`. */
  id: string;
  /** The client (the side that did not listen). */
  from: TrafficPeer;
  /** The server (the side listening on `port`). */
  to: TrafficPeer;
  network: { id: string; name: string } | null;
  port: number;
  protocol: TrafficProtocol;
  /** Distinct connections (client port) seen in the count window (60 s). */
  connections: number;
  /** Connections open (not closing) at the last sample. */
  open: number;
  firstSeen: number;
  lastSeen: number;
}

export interface EndpointRate {
  container: string;
  containerName: string;
  /** The network this interface is attached to, matched by its route; null when unmatched. */
  network: string | null;
  networkName: string | null;
  interface: string;
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  rxPacketsPerSecond: number;
  txPacketsPerSecond: number;
  rxBytes: number;
  txBytes: number;
}

/** Whether Portolan can read an engine's traffic, and why not when it cannot. */
export interface EngineTrafficStatus {
  engine: string;
  observable: boolean;
  /** Running containers whose namespace was read in the last sample. */
  containers: number;
  /** Where it is read: on Portolan's own host, or by the node's agent (null: not observable). */
  via: 'host' | 'agent' | null;
  /** Why this engine's traffic is not visible (a sentence), or null. */
  reason: string | null;
}

export interface TrafficSample {
  /** When the sample was taken. */
  at: number;
  intervalMs: number;
  /** How long a conversation is kept after it was last seen (`PORTOLAN_TRAFFIC_AGE_MS`). */
  ageMs: number;
  /** When this run of sampling began: nothing before it was watched. */
  since: number;
  engines: EngineTrafficStatus[];
  conversations: TrafficConversation[];
  endpoints: EndpointRate[];
}
