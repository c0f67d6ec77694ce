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

/** States a task never leaves: it completed, was shut down, failed, or was given up on. */
const TERMINAL: ReadonlySet<TaskState> = new Set<TaskState>([
  'complete',
  'shutdown',
  'failed',
  'rejected',
  'orphaned',
  'remove',
]);

/** Whether a task is current: one the orchestrator still wants, not kept history. */
export function isTaskCurrent(task: Pick<TopologyTask, 'desiredState'>): boolean {
  return CURRENT_DESIRED.has(task.desiredState);
}

/**
 * Whether the orchestrator wants the task running now: the tasks a service's replicas count.
 * NOTE: narrower than `isTaskCurrent`, which also counts a task only meant to get ready (desired
 * `ready`: a replacement the orchestrator has prepared but not started yet).
 */
export function isDesiredRunning(desiredState: TaskState): boolean {
  return desiredState === 'running';
}

/** Whether a task is in a state it never leaves. */
export function isTerminalTaskState(state: TaskState): boolean {
  return TERMINAL.has(state);
}

/**
 * Whether a task has got where the orchestrator wants it: running when it is meant to run, and
 * otherwise ended. Until then it is still starting or stopping.
 */
export function isTaskSettled(state: TaskState, desiredState: TaskState): boolean {
  if (isTerminalTaskState(state)) return true;
  return isDesiredRunning(desiredState) && state === 'running';
}
