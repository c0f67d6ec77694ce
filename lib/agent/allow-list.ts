/**
 * What `portolan agent` lets through to its node's Engine API, as docker-socket-proxy does:
 * exactly the calls the dashboard makes (server/docker), nothing else. Pure, so every rule is
 * unit-tested; the agent (server/agent) asks `agentDecision` before it forwards a request.
 */

import { AGENT_TRAFFIC_PATH } from '@/lib/traffic/agent-wire';

export type AgentMethod = 'GET' | 'HEAD' | 'POST' | 'DELETE';

export interface AgentRule {
  method: AgentMethod;
  /** Matched against the path without its `/v1.NN` prefix and without the query. */
  pattern: RegExp;
  /** Why the dashboard needs it (shown in docs/deploy.md). */
  use: string;
}

/** Where an allowed request goes: to the engine, or to the agent's own traffic sampler. */
export type AgentTarget = 'engine' | 'traffic';

export type AgentDecision =
  | { allowed: true; rule: AgentRule; path: string; target: AgentTarget }
  | { allowed: false; reason: string; path: string };

// NOTE: ids and names as the engine spells them ([a-zA-Z0-9][a-zA-Z0-9_.-]*); nothing that could
// walk to another path (no `/`, `..` on its own is refused below, percent escapes never match).
const ID = '[A-Za-z0-9][A-Za-z0-9_.-]*';
// NOTE: an image reference may hold `/`, `:` and `@` (registry/name:tag@digest), escaped or not.
const IMAGE = '[A-Za-z0-9][A-Za-z0-9_.:@%-]*(?:/[A-Za-z0-9][A-Za-z0-9_.:@%-]*)*';

const rule = (method: AgentMethod, path: string, use: string): AgentRule => ({
  method,
  pattern: new RegExp(`^${path}$`),
  use,
});

export const AGENT_RULES: readonly AgentRule[] = [
  rule('GET', '/_ping', 'reachability'),
  rule('HEAD', '/_ping', 'reachability'),
  rule('GET', '/version', 'engine version'),
  rule('GET', '/info', 'engine and swarm facts'),
  rule('GET', '/events', 'the live event stream'),
  rule('GET', '/containers/json', 'inventory'),
  rule('GET', `/containers/${ID}/json`, 'inspect'),
  rule('GET', '/networks', 'inventory'),
  rule('GET', `/networks/${ID}`, 'inspect'),
  rule('GET', '/services', 'inventory (managers)'),
  rule('GET', `/services/${ID}`, 'inspect (managers)'),
  rule('GET', '/tasks', 'inventory (managers)'),
  rule('GET', '/nodes', 'inventory (managers)'),
  rule('GET', `/nodes/${ID}`, 'inspect (managers)'),
  rule('GET', '/images/json', 'images offered when running a container'),
  rule('GET', `/images/${IMAGE}/json`, 'image inspect'),
  rule('POST', '/networks/create', 'create a network'),
  rule('DELETE', `/networks/${ID}`, 'remove a network'),
  rule('POST', `/networks/${ID}/connect`, 'connect a container'),
  rule('POST', `/networks/${ID}/disconnect`, 'disconnect a container'),
  rule('POST', '/services/create', 'create a service (managers)'),
  rule('POST', `/services/${ID}/update`, 'scale or update a service (managers)'),
  rule('DELETE', `/services/${ID}`, 'remove a service (managers)'),
  rule('POST', '/containers/create', 'run a container'),
  rule('POST', `/containers/${ID}/(?:start|stop|restart)`, 'start, stop, restart'),
  rule('DELETE', `/containers/${ID}`, 'remove a container'),
  rule('POST', `/containers/${ID}/exec`, 'live DNS checks (nslookup/getent in a container)'),
  rule('POST', `/exec/${ID}/start`, 'live DNS checks'),
  rule('GET', `/exec/${ID}/json`, 'live DNS checks (exit code)'),
];

/**
 * The agent's own endpoints, answered by the agent itself (never forwarded): the traffic its node
 * samples while a dashboard streams it (lib/traffic/agent-wire.ts). Same mutual TLS as the rest.
 */
export const AGENT_OWN_RULES: readonly AgentRule[] = [
  rule(
    'GET',
    AGENT_TRAFFIC_PATH,
    "traffic: this node's containers' sockets and counters, streamed",
  ),
];

const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/)/;

/** The path a rule is matched against: no query or fragment, no `/v1.NN` prefix. */
export function normalisedPath(rawUrl: string): string {
  const end = rawUrl.search(/[?#]/);
  const path = end === -1 ? rawUrl : rawUrl.slice(0, end);
  return path.replace(VERSION_PREFIX, '');
}

/** Whether the agent forwards `method rawUrl` to its engine; anything not listed is refused. */
export function agentDecision(method: string, rawUrl: string): AgentDecision {
  const path = normalisedPath(rawUrl);
  if (!path.startsWith('/') || path.split('/').some((part) => part === '..' || part === '.')) {
    return { allowed: false, reason: 'not a plain Engine API path', path };
  }
  // NOTE: the agent's own paths are matched without a version prefix only.
  const bare = rawUrl.split(/[?#]/)[0] ?? '';
  const own = AGENT_OWN_RULES.find((r) => r.method === method && r.pattern.test(bare));
  if (own) return { allowed: true, rule: own, path: bare, target: 'traffic' };
  const found = AGENT_RULES.find((r) => r.method === method && r.pattern.test(path));
  if (found) return { allowed: true, rule: found, path, target: 'engine' };
  return { allowed: false, reason: `${method} ${path} is not on the agent's allow-list`, path };
}
