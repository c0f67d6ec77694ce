import { readFileSync } from 'node:fs';

import type { EngineSpec } from '@/lib/config/engine-address';
import type { Topology, TopologyContainer } from '@/lib/topology/types';
import { createSocketDecoder, type AgentTrafficReading } from '@/lib/traffic/agent-wire';
import {
  connectionsIn,
  createTrafficTracker,
  type ConnectionMemo,
  type ObservedConnection,
} from '@/lib/traffic/conversations';
import { engineTrafficStatus } from '@/lib/traffic/engines';
import { endpointRates, type CounterReading } from '@/lib/traffic/rates';
import { indexAddresses, sameAddresses, type AddressIndex } from '@/lib/traffic/resolve';
import type { EndpointRate, TrafficSample } from '@/lib/traffic/types';

import type { ServerConfig } from '../config';
import type { Logger } from '../logger';
import type { TopologyHub } from '../topology/topology-hub';
import { createAgentFeeds, type AgentFeeds } from './agent-feeds';
import { createNamespaceReader, type NamespaceTables } from './netns-reader';

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
  /** The dashboard's TLS client: with it, engines reached through agents are sampled by them. */
  tls?: ServerConfig['tls'];
  /** Tests give their own. */
  agentFeeds?: AgentFeeds;
  now?: () => number;
}

type Listener = (sample: TrafficSample) => void;

/**
 * Endpoints in a stable order: by container name, then interface. Plain code-unit order: a
 * locale-aware compare of 200 endpoints took a millisecond of every sample.
 */
function byContainerAndInterface(endpoints: EndpointRate[]): EndpointRate[] {
  const keyed = endpoints.map((endpoint) => ({
    endpoint,
    key: `${endpoint.containerName}/${endpoint.interface}`,
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ endpoint }) => endpoint);
}

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
  tls,
  agentFeeds,
  now = Date.now,
}: TrafficSamplerOptions) {
  const log = logger.child({ component: 'traffic' });
  const feeds =
    agentFeeds ?? (tls ? createAgentFeeds({ tls, intervalMs, logger: log, now }) : null);
  /** Per container read by an agent: its socket decoder and what its sockets meant last time. */
  const remote = new Map<
    string,
    { decode: ReturnType<typeof createSocketDecoder>; memo: ConnectionMemo }
  >();
  const tracker = createTrafficTracker({ ageMs });
  const listeners = new Set<Listener>();
  /** `<container id>:<pid>` → whether that process is the container's (its cgroup names it). */
  const owned = new Map<string, boolean>();
  /** `<container id>:<pid>` → that process's network namespace (a container's does not change). */
  const namespaces = new Map<string, number>();
  const previous = new Map<string, CounterReading>();
  let leaseUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<TrafficSample> | null = null;
  let latest: TrafficSample | null = null;
  let running = false;
  let startedAt = 0;
  let stopped = false;
  const counters = { samples: 0, namespaces: 0, cpuMicros: 0, systemMicros: 0, wallMicros: 0 };

  const file = (pid: number, name: string) => `${procRoot}/${pid}/${name}`;
  const reader = createNamespaceReader(procRoot);
  let indexed: { topology: Topology; index: AddressIndex } | null = null;
  /** The address index, built again only when the topology changed. */
  const addressIndex = (topology: Topology) => {
    if (indexed?.topology !== topology) {
      const index = indexAddresses(topology);
      // NOTE: kept when no address moved, so each namespace's memo holds across the change.
      const same = indexed !== null && sameAddresses(indexed.index, index);
      indexed = { topology, index: same && indexed ? indexed.index : index };
    }
    return indexed.index;
  };

  /** NOTE: a pid is only trusted once its cgroup names the container (pids are reused). */
  function isOwnedBy(container: string, pid: number): boolean {
    const key = `${container}:${pid}`;
    const known = owned.get(key);
    if (known !== undefined) return known;
    let cgroup = '';
    try {
      cgroup = readFileSync(file(pid, 'cgroup'), 'utf8');
    } catch {
      // NOTE: the process is gone: not the container's (any more).
    }
    const mine = cgroup.includes(container);
    if (owned.size > 10_000) owned.clear();
    owned.set(key, mine);
    return mine;
  }

  /** Containers with their own network namespace (host, none and shared ones are someone else's). */
  const ownNamespace = (container: TopologyContainer) =>
    container.networkMode !== 'host' &&
    container.networkMode !== 'none' &&
    !container.networkMode?.startsWith('container:');

  async function takeSample(): Promise<TrafficSample> {
    // NOTE: CPU is summed over the sample's own synchronous stretches, not the work of others
    // that runs while it yields.
    let cpuFrom = process.cpuUsage();
    let cpuMicros = 0;
    let systemMicros = 0;
    const wallBefore = performance.now();
    const topology: Topology = hub.snapshot();
    const at = now();
    const index = addressIndex(topology);
    const observed: ObservedConnection[] = [];
    const endpoints: EndpointRate[] = [];
    const perEngine = new Map<string, { running: number; read: number }>();
    const seen = new Set<string>();
    const byNamespace = new Map<number, NamespaceTables | null>();
    feeds?.sync(engines);
    /** Engines whose agent streams: their containers are read there, not here. */
    const fromAgents = new Map<string, AgentTrafficReading>();
    for (const spec of engines) {
      const reading = feeds?.latest(spec.name);
      if (reading) fromAgents.set(spec.name, reading);
    }
    let slice = performance.now();
    for (const { engine, container: id, pid } of hub.containerProcesses()) {
      const tally = perEngine.get(engine) ?? { running: 0, read: 0 };
      perEngine.set(engine, tally);
      tally.running += 1;
      if (fromAgents.has(engine)) continue;
      const container = topology.containers[id];
      if (!container || !isOwnedBy(id, pid)) continue;
      tally.read += 1;
      if (!ownNamespace(container)) continue;
      const key = `${id}:${pid}`;
      let namespace = namespaces.get(key) ?? null;
      if (namespace === null) {
        namespace = reader.namespaceOf(pid);
        if (namespace === null) continue;
        if (namespaces.size > 10_000) namespaces.clear();
        namespaces.set(key, namespace);
      }
      // NOTE: a namespace shared by several containers is read once.
      if (!byNamespace.has(namespace)) byNamespace.set(namespace, reader.read(pid, namespace));
      const read = byNamespace.get(namespace);
      if (!read) continue;
      seen.add(id);
      observed.push(...connectionsIn(index, { container, sockets: read.sockets }, read.memo));
      const reading = { at, interfaces: read.interfaces, routes: read.routes, container };
      endpoints.push(...endpointRates(reading, previous.get(id)));
      previous.set(id, reading);
      // NOTE: reads are synchronous; let the server breathe every few milliseconds.
      if (performance.now() - slice > 4) {
        const cpu = process.cpuUsage(cpuFrom);
        cpuMicros += cpu.user + cpu.system;
        systemMicros += cpu.system;
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
        cpuFrom = process.cpuUsage();
      }
    }
    for (const [engine, reading] of fromAgents) {
      const tally = perEngine.get(engine) ?? { running: 0, read: 0 };
      perEngine.set(engine, tally);
      for (const tables of reading.containers) {
        const container = topology.containers[tables.id];
        // NOTE: an agent speaks for its own engine's containers only.
        if (!container || container.engine !== engine || seen.has(container.id)) continue;
        let known = remote.get(container.id);
        if (!known) remote.set(container.id, (known = { decode: createSocketDecoder(), memo: {} }));
        tally.read += 1;
        seen.add(container.id);
        const sockets = known.decode(tables.sockets);
        observed.push(...connectionsIn(index, { container, sockets }, known.memo));
        const counters = { at: reading.at, interfaces: tables.interfaces, routes: tables.routes };
        const current = { ...counters, container };
        endpoints.push(...endpointRates(current, previous.get(container.id)));
        previous.set(container.id, current);
      }
    }
    for (const id of remote.keys()) if (!seen.has(id)) remote.delete(id);
    reader.sweep(new Set(byNamespace.keys()));
    for (const id of previous.keys()) if (!seen.has(id)) previous.delete(id);
    tracker.record(observed, at);
    const sample: TrafficSample = {
      at,
      intervalMs,
      ageMs,
      since: startedAt,
      engines: engines.map((spec) =>
        engineTrafficStatus({
          engine: spec.name,
          reachable: topology.engines[spec.name]?.reachable ?? false,
          localSocket: spec.address.kind === 'unix',
          agent: feeds?.status(spec.name) ?? null,
          ...(perEngine.get(spec.name) ?? { running: 0, read: 0 }),
        }),
      ),
      conversations: tracker.conversations(at),
      endpoints: byContainerAndInterface(endpoints),
    };
    const cpu = process.cpuUsage(cpuFrom);
    counters.samples += 1;
    counters.namespaces += byNamespace.size;
    counters.cpuMicros += cpuMicros + cpu.user + cpu.system;
    counters.systemMicros += systemMicros + cpu.system;
    counters.wallMicros += Math.round((performance.now() - wallBefore) * 1000);
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
    namespaces.clear();
    reader.close();
    feeds?.close();
    remote.clear();
    indexed = null;
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
    startedAt = now();
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
      reader.close();
      feeds?.close();
      listeners.clear();
    },
  };
}

export type TrafficSampler = ReturnType<typeof createTrafficSampler>;
