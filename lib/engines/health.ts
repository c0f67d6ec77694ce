import type { EngineInventory } from '@/lib/topology/inventory';
import type { Topology } from '@/lib/topology/types';

import type { EngineLink } from './link';

/** Swarm membership of one engine, as `GET /info` reports it (plus node readiness from a manager). */
export interface SwarmSummary {
  /** `inactive`, `pending`, `active`, `error` or `locked` (Engine API `LocalNodeState`). */
  state: string;
  nodeId: string | null;
  nodeAddr: string | null;
  isManager: boolean;
  /** Nodes in the swarm; known only on a manager. */
  nodes: number | null;
  /** Of those, how many are Ready; known only on a manager. */
  nodesReady: number | null;
  managers: number | null;
}

/** What the dashboard knows about one configured engine right now. */
export interface EngineHealth {
  name: string;
  /** The address tried, as a person would type it (never with credentials). */
  address: string;
  reachable: boolean;
  version: string | null;
  apiVersion: string | null;
  hostname: string | null;
  swarm: SwarmSummary | null;
  /** Why the engine is unreachable, in words a person can act on. */
  error: string | null;
  /** While unreachable: the retry count and the delay before the next try. */
  retry: { attempt: number; nextInMs: number } | null;
}

/** Body of `GET /api/health`. `ok` is true when every configured engine is reachable. */
export interface HealthReport {
  ok: boolean;
  engines: EngineHealth[];
}

/** What `/api/health` and the engine cards say about one engine, from its link and inventory. */
export function toEngineHealth(
  name: string,
  address: string,
  link: EngineLink | undefined,
  inventory: EngineInventory | undefined,
): EngineHealth {
  const reachable = link?.state === 'live';
  const info = inventory?.info;
  const swarm = info?.Swarm;
  const isManager = swarm?.ControlAvailable === true;
  const nodes = inventory?.swarm ? Object.values(inventory.swarm.nodes) : null;
  return {
    name,
    address,
    reachable,
    version: inventory?.version?.Version ?? info?.ServerVersion ?? null,
    apiVersion: inventory?.version?.ApiVersion ?? null,
    hostname: info?.Name ?? null,
    swarm: swarm
      ? {
          state: swarm.LocalNodeState || 'inactive',
          nodeId: swarm.NodeID || null,
          nodeAddr: swarm.NodeAddr || null,
          isManager,
          nodes: nodes ? nodes.length : null,
          nodesReady: nodes ? nodes.filter((node) => node.Status.State === 'ready').length : null,
          managers: nodes ? nodes.filter((node) => node.Spec.Role === 'manager').length : null,
        }
      : null,
    error: reachable
      ? null
      : (link?.error ?? (link?.state === 'connecting' ? 'Connecting…' : null)),
    retry: reachable ? null : (link?.retry ?? null),
  };
}

export function toHealthReport(engines: EngineHealth[]): HealthReport {
  return { ok: engines.length > 0 && engines.every((engine) => engine.reachable), engines };
}

/**
 * Turns a low-level connection error into a sentence that says what to do.
 * Pure so the browser and the server word it the same way.
 */
export function explainEngineError(code: string | undefined, message: string, address: string) {
  if (address.startsWith('ssh://')) {
    const ssh = explainSshError(message, address);
    if (ssh) return ssh;
  }
  switch (code) {
    case 'ENOENT':
      return `No Docker socket at ${address}. Start Docker, or point DOCKER_HOST / PORTOLAN_ENGINES at a running engine (try \`npm run lab -- up\`).`;
    case 'EACCES':
      return `Permission denied on ${address}. Run Portolan as a user in the docker group, or as root.`;
    case 'ECONNREFUSED':
      return `Connection refused at ${address}. Is dockerd running and listening there?`;
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return `No answer from ${address} in time. The engine may be overloaded or the address wrong.`;
    default:
      return `Cannot reach the engine at ${address}: ${message}`;
  }
}

/** ssh2's and the remote docker CLI's usual failures, in words (null: not an SSH-specific one). */
function explainSshError(message: string, address: string): string | null {
  if (/host denied|verification failed/i.test(message)) {
    return `The SSH host key of ${address} is not trusted: it is not in the known_hosts file (PORTOLAN_SSH_KNOWN_HOSTS, default ~/.ssh/known_hosts), or differs from the key listed there. Check the key with its owner, then add it: ssh-keyscan -p PORT HOST >> ~/.ssh/known_hosts.`;
  }
  if (/authentication methods failed/i.test(message)) {
    return `SSH refused the login at ${address}: load the key into your SSH agent (SSH_AUTH_SOCK) or point PORTOLAN_SSH_KEY at it, and add its public key to the user's authorized_keys.`;
  }
  if (/parse privateKey|passphrase/i.test(message)) {
    return `The SSH key for ${address} cannot be used (${message}): an encrypted key goes into your SSH agent (SSH_AUTH_SOCK).`;
  }
  if (/handshake/i.test(message)) {
    return `No SSH handshake with ${address} in time: is sshd running there?`;
  }
  if (/socket hang up/i.test(message)) {
    return `The SSH session at ${address} closed before the engine answered: can that user run \`docker system dial-stdio\` there?`;
  }
  return null;
}

/** A swarm node no engine of which is read, and why (SwarmHostNode.unread), by host name. */
export interface UnreadNode {
  hostname: string;
  reason: string;
}

/** The swarm nodes whose own containers the map cannot show: for the engine panel. */
export function unreadNodes(topology: Topology | null): UnreadNode[] {
  if (!topology) return [];
  return Object.values(topology.nodes)
    .flatMap((node) =>
      node.kind === 'swarm' && node.unread
        ? [{ hostname: node.hostname, reason: node.unread }]
        : [],
    )
    .sort((a, b) => a.hostname.localeCompare(b.hostname));
}
