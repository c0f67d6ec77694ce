import type { EngineSpec } from '@/lib/config/engine-address';

import { DEFAULT_LIVENESS, type Liveness, type ServerConfig } from './config';
import { createEventLog } from './events/event-log';
import { createEngineGateway } from './docker/gateway';
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
    traffic?: Pick<ServerConfig, 'trafficIntervalMs' | 'trafficAgeMs'>;
  } = {},
) {
  const liveness = options.liveness ?? DEFAULT_LIVENESS;
  const historyOptions = options.history ?? null;
  const traffic = options.traffic ?? { trafficIntervalMs: 1_000, trafficAgeMs: 60_000 };
  const engines = engineSpecs.map((spec) => createEngineGateway(spec, tls, liveness.pingTimeoutMs));
  const hub = createTopologyHub({ engines, logger });
  const events = createEventLog();
  hub.subscribe({ onEvent: (event) => events.record(event) });
  const history = historyOptions ? createHistoryStore({ ...historyOptions, logger }) : null;
  if (history) recordHub(hub, history);
  const sessions = engines.map((engine) =>
    createEngineSession({
      ...engine,
      logger,
      keepaliveMs: liveness.keepaliveMs,
      reconcileMs: liveness.reconcileMs,
      handlers: {
        onInventory: (lists) => hub.handleInventory(engine.name, lists),
        onEvent: (event) => hub.handleEvent(event),
        onLink: (link) => hub.handleLink(engine.name, link),
      },
    }),
  );
  const sampler = createTrafficSampler({
    hub,
    engines: engineSpecs,
    logger,
    intervalMs: traffic.trafficIntervalMs,
    ageMs: traffic.trafficAgeMs,
  });
  return {
    engines,
    hub,
    events,
    history,
    sessions,
    traffic: sampler,
    start() {
      for (const session of sessions) session.start();
    },
    /** Stops the sessions and the hub; resolves once the history has been written. */
    async stop() {
      for (const session of sessions) session.stop();
      sampler.stop();
      hub.stop();
      await history?.close();
    },
  };
}

export type LiveCore = ReturnType<typeof createLiveCore>;
