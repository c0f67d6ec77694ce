import type { EngineSpec } from '@/lib/config/engine-address';

import { DEFAULT_LIVENESS, type Liveness, type ServerConfig } from './config';
import { createEventLog } from './events/event-log';
import { createEngineGateway, type EngineGateway } from './docker/gateway';
import { createHistoryStore } from './history/history-store';
import { recordHub } from './history/recorder';
import type { Logger } from './logger';
import { createEngineSession } from './topology/engine-session';
import { createTopologyHub } from './topology/topology-hub';
import { createTrafficSampler } from './traffic/sampler';

/** Where and how much history to keep; none when absent. */
export interface HistoryOptions {
  dir: string;
  maxAgeMs: number;
  maxBytes: number;
}

/**
 * The live core without any transport: one session per engine feeding one hub (and, when asked,
 * the history store behind it). The server, the integration tests and the benchmark all compose
 * it the same way.
 */
export function createLiveCore(
  engineSpecs: readonly EngineSpec[],
  tls: ServerConfig['tls'],
  logger: Logger,
  options: {
    history?: HistoryOptions | null;
    liveness?: Liveness;
    traffic?: Pick<ServerConfig, 'trafficIntervalMs' | 'trafficAgeMs' | 'trafficProcRoot'>;
    /** Why a swarm node no engine of which is read shows only its tasks (see the hub). */
    unreadReason?: string;
  } = {},
) {
  const liveness = options.liveness ?? DEFAULT_LIVENESS;
  const historyOptions = options.history ?? null;
  const traffic = options.traffic ?? { trafficIntervalMs: 1_000, trafficAgeMs: 60_000 };
  // NOTE: mutable on purpose: agents found after start join these lists and leave them (the
  // routes and the sampler hold the same arrays). See `setEngine`.
  const specs = [...engineSpecs];
  const engines = specs.map((spec) => createEngineGateway(spec, tls, liveness.pingTimeoutMs));
  const hub = createTopologyHub({ engines, logger, unreadReason: options.unreadReason });
  const events = createEventLog();
  hub.subscribe({ onEvent: (event) => events.record(event) });
  const history = historyOptions ? createHistoryStore({ ...historyOptions, logger }) : null;
  if (history) recordHub(hub, history);
  const sessionFor = (engine: EngineGateway) =>
    createEngineSession({
      ...engine,
      logger,
      keepaliveMs: liveness.keepaliveMs,
      reconcileMs: liveness.reconcileMs,
      handlers: {
        onInventory: (lists, eventsDuringRead) =>
          hub.handleInventory(engine.name, lists, eventsDuringRead),
        onEvent: (event) => hub.handleEvent(event),
        onLink: (link) => hub.handleLink(engine.name, link),
      },
    });
  const sessions = engines.map(sessionFor);
  const sampler = createTrafficSampler({
    hub,
    engines: specs,
    logger,
    tls,
    intervalMs: traffic.trafficIntervalMs,
    ageMs: traffic.trafficAgeMs,
    ...(traffic.trafficProcRoot ? { procRoot: traffic.trafficProcRoot } : {}),
  });
  let started = false;
  /** Stops and forgets the engine of that name; its index in the lists, or -1. */
  const forget = (name: string) => {
    const index = engines.findIndex((engine) => engine.name === name);
    if (index === -1) return -1;
    sessions[index]?.stop();
    engines.splice(index, 1);
    specs.splice(index, 1);
    sessions.splice(index, 1);
    return index;
  };
  return {
    engines,
    hub,
    events,
    history,
    sessions,
    traffic: sampler,
    start() {
      started = true;
      for (const session of sessions) session.start();
    },
    /**
     * Reads one more engine while running (an agent found after start), or the same name at a
     * new address (its agent restarted): what it held stays, shown stale, until read again.
     */
    setEngine(spec: EngineSpec) {
      forget(spec.name);
      const engine = createEngineGateway(spec, tls, liveness.pingTimeoutMs);
      const session = sessionFor(engine);
      engines.push(engine);
      specs.push(spec);
      sessions.push(session);
      hub.setEngine(engine);
      if (started) session.start();
    },
    /** Stops reading an engine (its agent's task is gone): it leaves the map. */
    removeEngine(name: string) {
      if (forget(name) !== -1) hub.removeEngine(name);
    },
    /** Stops the sessions and the hub; resolves once the history has been written. */
    async stop() {
      started = false;
      for (const session of sessions) session.stop();
      sampler.stop();
      hub.stop();
      await history?.close();
    },
  };
}

export type LiveCore = ReturnType<typeof createLiveCore>;
