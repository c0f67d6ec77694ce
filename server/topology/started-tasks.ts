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
