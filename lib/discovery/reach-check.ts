/**
 * "Can A reach B?", checked for real: the ways the prediction offers become TCP connection
 * attempts from inside A, and each outcome is set against what was predicted.
 */
import type { Topology, TopologyContainer } from '@/lib/topology/types';

import { isLive, isRunningTask, type Workload } from './model';
import type { Reach } from './reach';

/** One way to B to try: an address and port, and what the prediction said of it. */
export interface ReachProbe {
  address: string;
  port: number;
  /** Where the way comes from: a shared network's name, or "published". */
  via: string;
}

export type ProbeOutcome = 'open' | 'refused' | 'timeout' | 'no-tool' | 'error';

export interface ProbeResult extends ReachProbe {
  outcome: ProbeOutcome;
  /** The tool used (`nc` or `wget`), null when the image has neither. */
  tool: 'nc' | 'wget' | null;
  /** What the tool printed (trimmed), for people to read. */
  output: string;
}

export interface ReachCheck {
  probes: ProbeResult[];
  /** Whether the live outcome agrees with the prediction's verdict. */
  agrees: boolean | null;
  explanation: string;
}

const MAX_PROBES = 6;

/**
 * The ways to try, most direct first: each shared network's address, then published entries.
 * When nothing is predicted to work, B's own addresses (`fallback`) are tried, so that
 * "unreachable" is checked too.
 */
export function reachProbes(reach: Reach, fallback: readonly ReachProbe[] = []): ReachProbe[] {
  if (reach.port === null) return [];
  const probes: ReachProbe[] = [];
  for (const shared of reach.shared) {
    const address = shared.addresses[0];
    if (address) probes.push({ address, port: reach.port, via: shared.network.name });
  }
  for (const way of reach.published) {
    for (const entry of way.entries) {
      const colon = entry.lastIndexOf(':');
      const port = Number(entry.slice(colon + 1));
      const address = entry.slice(0, colon).replace(/^\[|\]$/g, '');
      if (colon > 0 && Number.isInteger(port) && port > 0) {
        probes.push({ address, port, via: `published (${way.mode})` });
      }
    }
  }
  if (probes.length === 0) probes.push(...fallback);
  const seen = new Set<string>();
  return probes
    .filter((probe) => {
      const key = `${probe.address}:${probe.port}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_PROBES);
}

/** What busybox `nc -w N ADDR PORT` says, read from its exit code and message. */
export function ncOutcome(
  exitCode: number | null,
  output: string,
  timedOut: boolean,
): ProbeOutcome {
  if (exitCode === 0) return 'open';
  if (/refused/i.test(output)) return 'refused';
  if (timedOut || /timed out/i.test(output)) return 'timeout';
  return 'error';
}

/**
 * What `wget -T N -O /dev/null http://ADDR:PORT/` says: any HTTP answer, even an error status or
 * a bad header, means the connection was made.
 */
export function wgetOutcome(
  exitCode: number | null,
  output: string,
  timedOut: boolean,
): ProbeOutcome {
  if (exitCode === 0 || /server returned error|bad header|HTTP\/1|short read/i.test(output)) {
    return 'open';
  }
  if (/refused/i.test(output)) return 'refused';
  if (timedOut || /timed out/i.test(output)) return 'timeout';
  return 'error';
}

/** Sets the outcomes against the prediction, and says why when they differ. */
export function compareReach(reach: Reach, probes: ProbeResult[]): ReachCheck {
  if (probes.length === 0) {
    return {
      probes,
      agrees: null,
      explanation:
        reach.port === null
          ? 'Name a port to check: a connection needs one.'
          : 'The prediction offers no address and port to try.',
    };
  }
  if (probes.every((probe) => probe.outcome === 'no-tool')) {
    return {
      probes,
      agrees: null,
      explanation: `${reach.from.name}'s image has neither nc nor wget: nothing to try a connection with.`,
    };
  }
  const open = probes.filter((probe) => probe.outcome === 'open');
  const predictedReachable = reach.verdict !== 'unreachable';
  if (predictedReachable && open.length > 0) {
    const failed = probes.filter(
      (probe) => probe.outcome !== 'open' && probe.outcome !== 'no-tool',
    );
    return {
      probes,
      agrees: true,
      explanation:
        `Connected to ${open.map((probe) => `${probe.address}:${probe.port}`).join(', ')} as predicted.` +
        (failed.length > 0
          ? ` Not through ${failed.map((probe) => `${probe.address}:${probe.port} (${probe.outcome})`).join(', ')}.`
          : ''),
    };
  }
  if (predictedReachable) {
    const refused = probes.some((probe) => probe.outcome === 'refused');
    return {
      probes,
      agrees: false,
      explanation: refused
        ? `The network path is there but nothing listens on port ${reach.port} (connection refused): is the service running and listening on that port?`
        : 'Every way predicted timed out or failed: a firewall, a routing mesh without IPVS, or a published port bound elsewhere may be in the way.',
    };
  }
  return open.length > 0
    ? {
        probes,
        agrees: false,
        explanation: `Predicted unreachable, yet ${open[0]?.address}:${open[0]?.port} answered: the topology misses a path.`,
      }
    : { probes, agrees: true, explanation: 'No connection, as predicted.' };
}

/** The container a check from A runs in: A itself, or one running task of service A. */
export function probeContainer(topology: Topology, side: Workload): TopologyContainer | null {
  if (side.kind === 'container') return isLive(side.container) ? side.container : null;
  for (const task of Object.values(topology.tasks)) {
    if (task.service !== side.service.id || !isRunningTask(task) || !task.containerId) continue;
    const container = topology.containers[task.containerId];
    if (container && isLive(container)) return container;
  }
  return null;
}

/** B's own addresses on its networks: what "unreachable" is checked against. */
export function targetProbes(topology: Topology, side: Workload, port: number): ReachProbe[] {
  const networkName = (id: string) => topology.networks[id]?.name ?? id.slice(0, 12);
  if (side.kind === 'container') {
    return side.container.endpoints
      .filter((endpoint) => endpoint.ipv4)
      .map((endpoint) => ({
        address: endpoint.ipv4 as string,
        port,
        via: `${networkName(endpoint.network)} (not shared)`,
      }));
  }
  return side.service.vips.map((vip) => ({
    address: vip.addr,
    port,
    via: `${networkName(vip.network)} (not shared)`,
  }));
}
