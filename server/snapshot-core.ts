import type { EngineHealth } from '@/lib/engines/health';
import type { PortableSnapshot, SnapshotLabel } from '@/lib/history/snapshot';

import type { LiveCore } from './core';
import { createEventLog } from './events/event-log';
import type { Logger } from './logger';
import type { TopologyHub } from './topology/topology-hub';
import { createTrafficSampler } from './traffic/sampler';

/** A hub that holds one topology for ever: what a snapshot file shows, with no engine behind it. */
function frozenHub(snapshot: PortableSnapshot): TopologyHub {
  const { topology } = snapshot;
  const health: EngineHealth[] = Object.values(topology.engines).map((engine) => ({
    name: engine.name,
    address: `snapshot of ${snapshot.at}`,
    reachable: engine.reachable,
    version: engine.serverVersion,
    apiVersion: engine.apiVersion,
    hostname: engine.hostname,
    swarm: null,
    error: engine.error,
    retry: null,
  }));
  return {
    snapshot: () => topology,
    version: () => topology.version,
    health: () => health,
    containerProcesses: () => [],
    counters: () => ({ events: 0, reads: 0, patches: 0, rebuilds: 0 }),
    subscribe: () => () => true,
    handleInventory: () => undefined,
    handleEvent: () => undefined,
    handleLink: () => undefined,
    setEngine: () => undefined,
    removeEngine: () => undefined,
    stop: () => undefined,
  };
}

/**
 * The core of `npm start -- --snapshot FILE`: no engine, no history, the snapshot's topology as
 * the map and its events as the events page. The server runs read-only with it; `file` names it
 * on screen (the session says which snapshot the pages show).
 */
export function createSnapshotCore(
  snapshot: PortableSnapshot,
  logger: Logger,
  file = 'snapshot.json',
): LiveCore & { snapshot: SnapshotLabel } {
  const hub = frozenHub(snapshot);
  const events = createEventLog();
  for (const event of snapshot.events) events.record(event);
  const traffic = createTrafficSampler({ hub, engines: [], logger });
  return {
    engines: [],
    hub,
    events,
    history: null,
    snapshot: { file, at: snapshot.at, exportedAt: snapshot.exportedAt },
    sessions: [],
    traffic,
    start: () => undefined,
    setEngine: () => undefined,
    removeEngine: () => undefined,
    stop: async () => traffic.stop(),
  };
}
