import type { TaskState, TopologyTask } from './types';

/**
 * Desired states of a task the orchestrator still means to run. NOTE: the manager also keeps
 * history (tasks it has shut down or replaced), with a desired state of `shutdown` or `remove`.
 */
const CURRENT_DESIRED: ReadonlySet<TaskState> = new Set<TaskState>([
  'new',
  'pending',
  'assigned',
  'accepted',
  'ready',
  'running',
]);

/** Whether a task is current: one the orchestrator still wants, not kept history. */
export function isTaskCurrent(task: Pick<TopologyTask, 'desiredState'>): boolean {
  return CURRENT_DESIRED.has(task.desiredState);
}
