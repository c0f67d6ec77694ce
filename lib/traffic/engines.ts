import type { EngineTrafficStatus } from './types';

/** How the stream of an engine's agent (`GET /portolan/traffic`) is doing. */
export type AgentFeedStatus =
  | { state: 'connecting' }
  | { state: 'streaming' }
  | { state: 'not-an-agent'; reason: string }
  | { state: 'failed'; reason: string };

/** What the sampler found for one engine in one sample. */
export interface EngineObservation {
  engine: string;
  reachable: boolean;
  /** The engine is reached over a unix socket, so it runs on Portolan's own host. */
  localSocket: boolean;
  /** Running containers the topology holds for this engine (with a process id). */
  running: number;
  /** Of those, the ones whose namespace could be read and proven theirs (cgroup), here or by its agent. */
  read: number;
  /** The engine's agent traffic stream, when the engine is reached through a Portolan agent. */
  agent?: AgentFeedStatus | null;
}

/**
 * Whether an engine's traffic is visible, in words a person can act on. Traffic is read from the
 * host's /proc: on Portolan's own host directly, on another node by its agent; an engine reached
 * only over the Engine API cannot be observed.
 */
export function engineTrafficStatus(observation: EngineObservation): EngineTrafficStatus {
  const { engine, reachable, localSocket, running, read } = observation;
  const agent = observation.agent ?? null;
  const viaAgent = agent !== null && agent.state !== 'not-an-agent';
  const status = (observable: boolean, reason: string | null): EngineTrafficStatus => ({
    engine,
    observable,
    containers: read,
    via: observable ? (agent?.state === 'streaming' ? 'agent' : 'host') : null,
    reason,
  });
  if (!reachable) return status(false, `${engine} is unreachable, so its containers are unknown.`);
  if (agent?.state === 'streaming') {
    if (read > 0 || running === 0) return status(true, null);
    return status(
      false,
      `Traffic on ${engine} is not visible: its agent cannot read its containers’ sockets ` +
        '(mount the host’s /proc into the agent at /host/proc, read-only: see docs/deploy.md).',
    );
  }
  if (read > 0) return status(true, null);
  if (viaAgent) {
    return status(
      false,
      agent.state === 'connecting'
        ? `Traffic on ${engine}: waiting for its agent’s first reading.`
        : `Traffic on ${engine} is not visible: ${agent.reason}.`,
    );
  }
  if (running > 0) {
    return status(
      false,
      `Traffic on ${engine} is not visible: its containers’ processes are not on Portolan’s host ` +
        '(traffic is read from the host’s /proc, and no agent samples that node).',
    );
  }
  return localSocket
    ? status(true, null)
    : status(
        false,
        `${engine} is reached over TCP and runs no container to check: traffic is visible only ` +
          'for engines on Portolan’s own host or reached through a Portolan agent.',
      );
}
