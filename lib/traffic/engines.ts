import type { EngineTrafficStatus } from './types';

/** What the sampler found for one engine in one sample. */
export interface EngineObservation {
  engine: string;
  reachable: boolean;
  /** The engine is reached over a unix socket, so it runs on Portolan's own host. */
  localSocket: boolean;
  /** Running containers the topology holds for this engine (with a process id). */
  running: number;
  /** Of those, the ones whose namespace could be read and proven theirs (cgroup). */
  read: number;
}

/**
 * Whether an engine's traffic is visible, in words a person can act on. Traffic is read from the
 * host's /proc, so only engines whose container processes live on Portolan's host can be observed.
 */
export function engineTrafficStatus(observation: EngineObservation): EngineTrafficStatus {
  const { engine, reachable, localSocket, running, read } = observation;
  const status = (observable: boolean, reason: string | null): EngineTrafficStatus => ({
    engine,
    observable,
    containers: read,
    reason,
  });
  if (!reachable) return status(false, `${engine} is unreachable, so its containers are unknown.`);
  if (read > 0) return status(true, null);
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
          'for engines on Portolan’s own host.',
      );
}
