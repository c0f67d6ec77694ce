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

/** States on the way to running: scheduled, pulling the image, starting its container. */
const BEFORE_RUNNING: ReadonlySet<TaskState> = new Set<TaskState>([
  'new',
  'allocated',
  'pending',
  'assigned',
  'accepted',
  'preparing',
  'ready',
  'starting',
]);

/** Whether a task is still on its way to running. */
export function isBeforeRunning(state: TaskState): boolean {
  return BEFORE_RUNNING.has(state);
}

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

/**
 * Where a task is in its life, as the engine has it:
 * - `starting`: meant to run and not running yet (scheduled, pulling, starting, or running but
 *   not yet healthy: the engine reports `starting` until the health check passes);
 * - `running`: running, and meant to;
 * - `stopping`: told to stop (desired `remove` when scaled down, `shutdown` when replaced) while
 *   not ended yet: its container is still up, inside its stop grace period;
 * - `ended`: in a state it never leaves. The manager keeps a few such tasks as history.
 * A task the manager no longer lists is gone: it is not in the topology at all.
 */
export type TaskPhase = 'starting' | 'running' | 'stopping' | 'ended';

export const TASK_PHASES: readonly TaskPhase[] = ['starting', 'running', 'stopping', 'ended'];

export function taskPhase(task: Pick<TopologyTask, 'state' | 'desiredState'>): TaskPhase {
  if (isTerminalTaskState(task.state)) return 'ended';
  // NOTE: jobs run towards a desired state of `complete`; that is not an order to stop.
  if (isTerminalTaskState(task.desiredState) && task.desiredState !== 'complete') return 'stopping';
  return task.state === 'running' ? 'running' : 'starting';
}

/** How many of `tasks` are in each phase. */
export function countTaskPhases(
  tasks: Iterable<Pick<TopologyTask, 'state' | 'desiredState'>>,
): Record<TaskPhase, number> {
  const counts: Record<TaskPhase, number> = { starting: 0, running: 0, stopping: 0, ended: 0 };
  for (const task of tasks) counts[taskPhase(task)] += 1;
  return counts;
}
