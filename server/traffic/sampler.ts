import { readFile } from 'node:fs/promises';

import type { EngineSpec } from '@/lib/config/engine-address';
import type { Topology, TopologyContainer } from '@/lib/topology/types';
import {
  connectionsIn,
  createTrafficTracker,
  type ObservedConnection,
} from '@/lib/traffic/conversations';
import { engineTrafficStatus } from '@/lib/traffic/engines';
import {
  parseNetDev,
  parseRoutes,
  parseSocketTable,
  type SocketEntry,
} from '@/lib/traffic/proc-net';
import { endpointRates, type CounterReading } from '@/lib/traffic/rates';
import { indexAddresses } from '@/lib/traffic/resolve';
import type { EndpointRate, TrafficSample } from '@/lib/traffic/types';

import type { Logger } from '../logger';
import type { TopologyHub } from '../topology/topology-hub';

export interface TrafficSamplerOptions {
  hub: Pick<TopologyHub, 'snapshot' | 'containerProcesses'>;
  engines: readonly EngineSpec[];
  logger: Logger;
  /** Time between samples while someone watches. */
  intervalMs?: number;
  /** A conversation not seen for this long is dropped; an API request watches for this long. */
  ageMs?: number;
  /** Where the host's process tables are (tests point elsewhere). */
  procRoot?: string;
  now?: () => number;
}

type Listener = (sample: TrafficSample) => void;

interface NamespaceRead {
  sockets: SocketEntry[];
  reading: Omit<CounterReading, 'container'>;
}

const TABLES = [
  ['tcp', 'tcp', 4],
  ['tcp6', 'tcp', 6],
  ['udp', 'udp', 4],
  ['udp6', 'udp', 6],
] as const;

/**
 * Reads who talks to whom from the host's /proc: for each running container of an engine on this
 * host, its namespace's socket tables and interface counters (through `State.Pid`, already in the
 * hub's inventory: no Engine API call). It samples only while someone watches — a socket.io client
 * showing the traffic layer, or a recent API request — and stops, forgetting what it saw, when
 * nobody does.
 */
export function createTrafficSampler({
  hub,
  engines,
  logger,
  intervalMs = 1_000,
  ageMs = 60_000,
  procRoot = '/proc',
  now = Date.now,
}: TrafficSamplerOptions) {
  const log = logger.child({ component: 'traffic' });
  const tracker = createTrafficTracker({ ageMs });
  const listeners = new Set<Listener>();
  /** `<container id>:<pid>` → whether that process is the container's (its cgroup names it). */
  const owned = new Map<string, boolean>();
  const previous = new Map<string, CounterReading>();
  let leaseUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<TrafficSample> | null = null;
  let latest: TrafficSample | null = null;
  let running = false;
  let stopped = false;
  const counters = { samples: 0, namespaces: 0, cpuMicros: 0 };

  const file = (pid: number, name: string) => `${procRoot}/${pid}/${name}`;

  /** NOTE: a pid is only trusted once its cgroup names the container (pids are reused). */
  async function isOwnedBy(container: string, pid: number): Promise<boolean> {
    const key = `${container}:${pid}`;
    const known = owned.get(key);
    if (known !== undefined) return known;
    const cgroup = await readFile(file(pid, 'cgroup'), 'utf8').catch(() => '');
    const mine = cgroup.includes(container);
    if (owned.size > 10_000) owned.clear();
    owned.set(key, mine);
    return mine;
  }

  async function readNamespace(pid: number, at: number): Promise<NamespaceRead | null> {
    try {
      const [tables, dev, route] = await Promise.all([
        Promise.all(
          TABLES.map(([name]) => readFile(file(pid, `net/${name}`), 'utf8').catch(() => '')),
        ),
        readFile(file(pid, 'net/dev'), 'utf8'),
        readFile(file(pid, 'net/route'), 'utf8').catch(() => ''),
      ]);
      const sockets = TABLES.flatMap(([, protocol, family], i) =>
        parseSocketTable(tables[i] ?? '', protocol, family),
      );
      return { sockets, reading: { at, interfaces: parseNetDev(dev), routes: parseRoutes(route) } };
    } catch {
      // NOTE: the container stopped between the inventory and the read: it has nothing to say.
      return null;
    }
  }

  /** Containers with their own network namespace (host, none and shared ones are someone else's). */
  const ownNamespace = (container: TopologyContainer) =>
    container.networkMode !== 'host' &&
    container.networkMode !== 'none' &&
    !container.networkMode?.startsWith('container:');

  async function takeSample(): Promise<TrafficSample> {
    const cpuBefore = process.cpuUsage();
    const topology: Topology = hub.snapshot();
    const at = now();
    const index = indexAddresses(topology);
    const observed: ObservedConnection[] = [];
    const endpoints: EndpointRate[] = [];
    const perEngine = new Map<string, { running: number; read: number }>();
    const seen = new Set<string>();
    await Promise.all(
      hub.containerProcesses().map(async ({ engine, container: id, pid }) => {
        const tally = perEngine.get(engine) ?? { running: 0, read: 0 };
        perEngine.set(engine, tally);
        tally.running += 1;
        const container = topology.containers[id];
        if (!container || !(await isOwnedBy(id, pid))) return;
        tally.read += 1;
        if (!ownNamespace(container)) return;
        const read = await readNamespace(pid, at);
        if (!read) return;
        seen.add(id);
        observed.push(...connectionsIn(index, { container, sockets: read.sockets }));
        const reading = { ...read.reading, container };
        endpoints.push(...endpointRates(reading, previous.get(id)));
        previous.set(id, reading);
      }),
    );
    for (const id of previous.keys()) if (!seen.has(id)) previous.delete(id);
    tracker.record(observed, at);
    const sample: TrafficSample = {
      at,
      intervalMs,
      engines: engines.map((spec) =>
        engineTrafficStatus({
          engine: spec.name,
          reachable: topology.engines[spec.name]?.reachable ?? false,
          localSocket: spec.address.kind === 'unix',
          ...(perEngine.get(spec.name) ?? { running: 0, read: 0 }),
        }),
      ),
      conversations: tracker.conversations(at),
      endpoints: endpoints.sort((a, b) =>
        `${a.containerName}/${a.interface}`.localeCompare(`${b.containerName}/${b.interface}`),
      ),
    };
    const cpu = process.cpuUsage(cpuBefore);
    counters.samples += 1;
    counters.namespaces += seen.size;
    counters.cpuMicros += cpu.user + cpu.system;
    latest = sample;
    for (const listener of listeners) listener(sample);
    return sample;
  }

  /** One sample at a time; callers arriving meanwhile share it. */
  const sampleOnce = () => {
    inFlight ??= takeSample().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const watched = () => !stopped && (listeners.size > 0 || now() < leaseUntil);

  function idle() {
    running = false;
    tracker.clear();
    previous.clear();
    latest = null;
    log.info('traffic sampling stopped: nobody watches');
  }

  function tick() {
    timer = undefined;
    if (!watched()) return idle();
    sampleOnce()
      .catch((error: unknown) => log.error('traffic sample failed', { error }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  }

  function start() {
    if (running || stopped) return;
    running = true;
    log.info('traffic sampling started', { intervalMs });
    tick();
  }

  return {
    /** Receive every sample until the returned function is called; sampling runs meanwhile. */
    watch(listener: Listener): () => void {
      listeners.add(listener);
      if (latest) listener(latest);
      start();
      return () => listeners.delete(listener);
    },
    /**
     * A sample at most one interval old, for a script. The request counts as watching: sampling
     * goes on for `ageMs` after it, so a script polling within that time sees every conversation.
     */
    async current(): Promise<TrafficSample> {
      leaseUntil = Math.max(leaseUntil, now() + ageMs);
      start();
      if (latest && now() - latest.at <= intervalMs) return latest;
      return sampleOnce();
    },
    status() {
      return { running, watchers: listeners.size, intervalMs, ...counters };
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      listeners.clear();
    },
  };
}

export type TrafficSampler = ReturnType<typeof createTrafficSampler>;
