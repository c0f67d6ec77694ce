import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SnapshotLabel } from '@/lib/history/snapshot';
import type { Role } from '@/lib/http/session';

import type { EngineGateway } from '../docker/gateway';
import type { EventLog } from '../events/event-log';
import type { HistoryStore } from '../history/history-store';
import type { Logger } from '../logger';
import type { AccessControl, Caller, Effect } from '../security/access';
import type { TopologyHub } from '../topology/topology-hub';
import type { TrafficSampler } from '../traffic/sampler';

/** One request, authenticated: what a route handler works with. */
export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The pattern's capture groups, URL-decoded. */
  params: string[];
  query: URLSearchParams;
  role: Role;
  caller: Caller;
  /** Names what a creation made, for the audit (the path names nothing yet). */
  noteTarget(id: string, name?: string): void;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  /**
   * What a request does, when the method alone does not say: a GET that starts a process in a
   * container is `exec`, and passes the same checks and audit as a change.
   */
  effect?(query: URLSearchParams): Effect;
  handle(request: ApiRequest): Promise<void> | void;
}

/** One configured engine as route handlers see it: its gateway (server/docker). */
export type RouteEngine = EngineGateway;

/** What route modules get: the live state to validate against, and the engines to act on. */
export interface RouteContext {
  /** The snapshot file the server shows instead of engines (`--snapshot FILE`), if any. */
  snapshot?: SnapshotLabel | null;
  hub: TopologyHub;
  events: EventLog;
  /** The history store; null when history is turned off. */
  history: HistoryStore | null;
  /** Who talks to whom, sampled from the host's /proc while someone watches. */
  traffic: TrafficSampler;
  access: AccessControl;
  engines: readonly RouteEngine[];
  logger: Logger;
}
