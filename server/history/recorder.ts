import type { DockerEvent } from '@/lib/docker/events';
import { awaitsLaterPatch, lateEventTarget, type RecentPatch } from '@/lib/history/attribution';
import { createPresence } from '@/lib/history/presence';

import type { TopologyHub } from '../topology/topology-hub';
import type { HistoryStore } from './history-store';

/** Events kept for the next patch; an event older than this before it is not its cause. */
const EVENT_WINDOW_MS = 10_000;
const MAX_EVENTS = 200;
/** Patches an event may still arrive late for (lib/history/attribution.ts). */
const MAX_RECENT = 50;

/**
 * Feeds the hub's patches to the history store, each with the Docker events that arrived since
 * the one before (what caused it) and the engines that went stale or came back with it. A creation
 * or removal is kept with the patch that shows it, whichever came first (lib/history/attribution).
 * NOTE: a listener like the socket.io gateway's: the hub does not know history exists. It follows
 * the map from the patches (lib/history/presence.ts) and takes the hub's topology only for the
 * first patch and after one that does not follow the last: a snapshot per patch would make the
 * hub copy what it writes next (lib/topology/collection-owner.ts).
 */
export function recordHub(
  hub: Pick<TopologyHub, 'subscribe' | 'snapshot'>,
  store: Pick<HistoryStore, 'append' | 'appendLate'>,
  now: () => number = Date.now,
) {
  let events: { at: number; event: DockerEvent }[] = [];
  let stale: Set<string> | null = null;
  let recent: RecentPatch[] = [];
  const start = hub.snapshot();
  const presence = createPresence(start);
  /** The version the store has followed up to; null before the first patch. */
  let followed: number | null = null;
  return hub.subscribe({
    onEvent(event) {
      const t = now();
      recent = recent.filter((item) => item.t >= t - EVENT_WINDOW_MS);
      const to = lateEventTarget(event, recent, presence.has);
      if (to !== null) return store.appendLate(t, to, [event]);
      events.push({ at: t, event });
      if (events.length > MAX_EVENTS) events.shift();
    },
    onPatch(patch) {
      const t = now();
      const follows = followed !== null && patch.from === followed;
      let appeared = new Set<string>();
      if (follows || (followed === null && patch.from === start.version)) {
        appeared = presence.apply(patch);
      } else {
        presence.reset(hub.snapshot());
      }
      const after = follows ? undefined : hub.snapshot();
      followed = patch.to;
      recent.push({ t, patch, appeared });
      if (recent.length > MAX_RECENT) recent.shift();
      const nowStale = presence.stale();
      const before = stale ?? nowStale;
      stale = nowStale;
      const fresh = events.filter((item) => item.at >= t - EVENT_WINDOW_MS);
      // NOTE: a creation or removal this patch does not show yet waits for the patch that will.
      events = fresh.filter((item) => awaitsLaterPatch(item.event, patch, presence.has));
      store.append({
        t,
        patch,
        after,
        events: fresh.filter((item) => !events.includes(item)).map((item) => item.event),
        wentStale: [...nowStale].filter((engine) => !before.has(engine)),
        back: [...before].filter((engine) => !nowStale.has(engine)),
      });
    },
  });
}
