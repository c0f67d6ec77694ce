import type { DockerEvent } from '@/lib/docker/events';
import { Ring } from '@/lib/events/event-ring';

/**
 * The recent Docker events of every engine, bounded per engine, so a page opened now shows the
 * last minutes at once. Older history is read from the engine itself (`since`/`until`).
 */
export function createEventLog(perEngine = 3_000) {
  const rings = new Map<string, Ring<DockerEvent>>();
  return {
    record(event: DockerEvent) {
      let ring = rings.get(event.engine);
      if (!ring) {
        ring = new Ring<DockerEvent>(perEngine);
        rings.set(event.engine, ring);
      }
      ring.push(event);
    },
    /** Every engine's recent events merged in time order, the newest `limit` of them. */
    recent(limit = perEngine): DockerEvent[] {
      const merged = [...rings.values()].flatMap((ring) => ring.toArray());
      merged.sort((a, b) => a.timeNano - b.timeNano);
      return merged.slice(-limit);
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
