import type { DockerEvent } from '@/lib/docker/events';
import type { EngineHealth } from '@/lib/engines/health';
import type { TopologyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';
import type { TrafficSample } from '@/lib/traffic/types';

/** The whole topology at one version: sent on connect and in answer to `topology:resync`. */
export interface TopologySnapshot {
  version: number;
  topology: Topology;
}

/**
 * Events the server sends to browsers over socket.io. Names are `entity:fact`.
 * One map typed on both ends: `new Server<ClientToServerEvents, ServerToClientEvents>()` and
 * `io() as Socket<ServerToClientEvents, ClientToServerEvents>`. See docs/protocol.md.
 */
export interface ServerToClientEvents {
  /** Sent on connect and whenever any engine's reachability or identity changes. */
  'engine:status': (engines: EngineHealth[]) => void;
  /** Sent on connect, and in answer to `topology:resync`. */
  'topology:snapshot': (snapshot: TopologySnapshot) => void;
  /** Sent for every change; `from` is the version it applies to. A gap means: ask for a resync. */
  'topology:patch': (patch: TopologyPatch) => void;
  /** Every normalized Docker event, as it arrives (health-check exec noise excluded). */
  'docker:event': (event: DockerEvent) => void;
  /** On connect: the server's recent events of every engine (oldest first), before any live one. */
  'docker:recent': (events: DockerEvent[]) => void;
  /** Only to clients that sent `traffic:watch`: the latest sample, then one per interval. */
  'traffic:sample': (sample: TrafficSample) => void;
}

/** Requests a browser may send. Names are `entity:imperative`. */
export interface ClientToServerEvents {
  /** Ask for the current engine status again (e.g. after the tab was hidden). */
  'engine:refresh': () => void;
  /** The client saw a patch it cannot apply (a version gap): send a fresh snapshot. */
  'topology:resync': () => void;
  /** Start receiving `traffic:sample` (the traffic layer is shown): sampling runs while anyone watches. */
  'traffic:watch': () => void;
  /** Stop receiving `traffic:sample`; leaving does the same. */
  'traffic:unwatch': () => void;
}

export const SOCKET_PATH = '/socket.io';
