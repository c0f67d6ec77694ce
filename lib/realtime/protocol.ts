import type { EngineHealth } from '@/lib/engines/health';

/**
 * Events the server sends to browsers over socket.io. Names are `entity:fact`.
 * One map typed on both ends: `new Server<ClientToServerEvents, ServerToClientEvents>()` and
 * `io() as Socket<ServerToClientEvents, ClientToServerEvents>`.
 */
export interface ServerToClientEvents {
  /** Sent on connect and whenever any engine's reachability or identity changes. */
  'engine:status': (engines: EngineHealth[]) => void;
}

/** Requests a browser may send. Names are `entity:imperative`. */
export interface ClientToServerEvents {
  /** Ask for the current engine status again (e.g. after the tab was hidden). */
  'engine:refresh': () => void;
}

export const SOCKET_PATH = '/socket.io';
