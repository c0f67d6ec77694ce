import type { EngineSpec } from '@/lib/config/engine-address';

import type { ServerConfig } from './config';
import { createEventLog } from './events/event-log';
import { createEngineGateway } from './docker/gateway';
import type { Logger } from './logger';
import { createEngineSession } from './topology/engine-session';
import { createTopologyHub } from './topology/topology-hub';

/**
 * The live core without any transport: one session per engine feeding one hub. The server, the
 * integration tests and the benchmark all compose it the same way.
 */
export function createLiveCore(
  engineSpecs: readonly EngineSpec[],
  tls: ServerConfig['tls'],
  logger: Logger,
) {
  const engines = engineSpecs.map((spec) => createEngineGateway(spec, tls));
  const hub = createTopologyHub({ engines, logger });
  const events = createEventLog();
  hub.subscribe({ onEvent: (event) => events.record(event) });
  const sessions = engines.map((engine) =>
    createEngineSession({
      ...engine,
      logger,
      handlers: {
        onInventory: (lists) => hub.handleInventory(engine.name, lists),
        onEvent: (event) => hub.handleEvent(event),
        onLink: (link) => hub.handleLink(engine.name, link),
      },
    }),
  );
  return {
    engines,
    hub,
    events,
    sessions,
    start() {
      for (const session of sessions) session.start();
    },
    stop() {
      for (const session of sessions) session.stop();
      hub.stop();
    },
  };
}

export type LiveCore = ReturnType<typeof createLiveCore>;
