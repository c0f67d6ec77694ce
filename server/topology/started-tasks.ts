import type { DockerEvent } from '@/lib/docker/events';
import { taskStartLabel } from '@/lib/topology/task-events';

/**
 * Tasks whose containers a streamed worker saw start, by when: shown running at once and held so
 * until the manager's listing says running too (or later). Forgotten after `holdMs`, so a task the
 * manager never confirms is not held against it.
 */
export function createStartedTasks(now: () => number, holdMs = 30_000) {
  const started = new Map<string, number>();
  return {
    mark(taskId: string) {
      for (const [id, at] of started) if (now() - at > holdMs) started.delete(id);
      started.set(taskId, now());
    },
    ids(): ReadonlySet<string> {
      return new Set(started.keys());
    },
    /** The manager's listing confirmed (or contradicted) these: nothing left to hold. */
    settle(taskIds: readonly string[]) {
      for (const id of taskIds) started.delete(id);
    },
  };
}

/** Bounds what `createHeldStarts` keeps (an inspect that never answers is retried elsewhere). */
const MAX_HELD_STARTS = 10_000;

/**
 * Task containers whose `start` came before their first inspect: whether the start means running
 * needs the container (its health check), so it waits for that inspect, queued by the same event.
 * NOTE: measured in the bench: a swarm task's container starts a few ms after it is created, before
 * the create's inspect lands, so scale-ups waited for the 250 ms /tasks re-read.
 */
export function createHeldStarts() {
  const held = new Map<string, DockerEvent>();
  return {
    /** Holds a task container's `start`; false (nothing held) for any other event. */
    hold(event: DockerEvent): boolean {
      if (!taskStartLabel(event)) return false;
      if (held.size >= MAX_HELD_STARTS) held.delete(held.keys().next().value as string);
      held.set(`${event.engine}/${event.id}`, event);
      return true;
    },
    /** The start held for this container, if any, now its inspect is in. */
    take(engine: string, containerId: string): DockerEvent | undefined {
      const key = `${engine}/${containerId}`;
      const event = held.get(key);
      held.delete(key);
      return event;
    },
  };
}
