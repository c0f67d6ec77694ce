import type { DockerEvent } from '@/lib/docker/events';
import { staleEngines } from '@/lib/history/plan';

import type { TopologyHub } from '../topology/topology-hub';
import type { HistoryStore } from './history-store';

/** Events kept for the next patch; an event older than this before it is not its cause. */
const EVENT_WINDOW_MS = 10_000;
const MAX_EVENTS = 200;

/**
 * Feeds the hub's patches to the history store, each with the Docker events that arrived since
 * the one before (what caused it) and the engines that went stale or came back with it.
 * NOTE: a listener like the socket.io gateway's: the hub does not know history exists.
 */
export function recordHub(hub: TopologyHub, store: HistoryStore, now: () => number = Date.now) {
  let events: { at: number; event: DockerEvent }[] = [];
  let stale: Set<string> | null = null;
  return hub.subscribe({
    onEvent(event) {
      events.push({ at: now(), event });
      if (events.length > MAX_EVENTS) events.shift();
    },
    onPatch(patch) {
      const t = now();
      const after = hub.snapshot();
      const nowStale = staleEngines(after);
      const before = stale ?? nowStale;
      stale = nowStale;
      const recent = events.filter((item) => item.at >= t - EVENT_WINDOW_MS);
      events = [];
      store.append({
        t,
        patch,
        after,
        events: recent.map((item) => item.event),
        wentStale: [...nowStale].filter((engine) => !before.has(engine)),
        back: [...before].filter((engine) => !nowStale.has(engine)),
      });
    },
  });
}
