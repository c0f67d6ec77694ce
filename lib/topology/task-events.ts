/*
 * Tasks at event speed. API 1.41 has no task events: the manager's /tasks says a task runs only
 * after the worker reported it, hundreds of milliseconds after the worker's own engine said
 * `start` for the task's container. When that engine is streamed, its `start` is the news; the
 * manager's listing confirms it later. Until then a listing that still says "starting" must not
 * take the task back.
 */
import type { ContainerInspect, SwarmTask } from '@/lib/docker/engine-api';
import type { DockerEvent } from '@/lib/docker/events';

import { isBeforeRunning } from './tasks';

const TASK_ID_LABEL = 'com.docker.swarm.task.id';

/**
 * The task this event says now runs, or null. `container` is the engine's last inspect of it:
 * a container with a health check is a `starting` task (in no DNS) until the check passes, and
 * only the manager can say when; an unknown container may have one, so it implies nothing.
 */
export function taskStartedBy(
  event: DockerEvent,
  container: ContainerInspect | undefined,
): string | null {
  const taskId = taskStartLabel(event);
  if (!taskId || !container) return null;
  const test = container.Config.Healthcheck?.Test;
  if (test && test.length > 0 && test[0] !== 'NONE') return null;
  return taskId;
}

/** The task id a container `start` event carries (a swarm task's container), or null. */
export function taskStartLabel(event: DockerEvent): string | null {
  if (event.type !== 'container' || event.action !== 'start') return null;
  return event.attributes[TASK_ID_LABEL] || null;
}

/** `task` as running, when it was on its way there and is still meant to run; else itself. */
export function asStarted(task: SwarmTask): SwarmTask {
  if (!isBeforeRunning(task.Status.State) || task.DesiredState !== 'running') return task;
  return { ...task, Status: { ...task.Status, State: 'running' } };
}

/**
 * A manager's listing with the tasks whose containers were seen starting shown as running, and
 * the ids the listing settled (it says running or later: nothing left to hold for those).
 */
export function withStartedTasks(
  listed: readonly SwarmTask[],
  started: ReadonlySet<string>,
): { tasks: SwarmTask[]; settled: string[] } {
  const settled: string[] = [];
  const tasks = listed.map((task) => {
    if (!started.has(task.ID)) return task;
    if (!isBeforeRunning(task.Status.State)) {
      settled.push(task.ID);
      return task;
    }
    return asStarted(task);
  });
  return { tasks, settled };
}

const SERVICE_ID_LABEL = 'com.docker.swarm.service.id';

/**
 * The services to list the tasks of again: those with a container on this engine whose task no
 * manager lists. NOTE: found on the lab: a worker's stream that was down (its agent restarting)
 * misses its task containers' events, and the manager says nothing of tasks (no task events), so
 * the new task stayed off the map until the next reconcile; the worker's fresh inventory is the cue.
 */
export function servicesWithUnlistedTasks(
  containers: Readonly<Record<string, ContainerInspect>>,
  listed: (taskId: string) => boolean,
): string[] {
  const services = new Set<string>();
  for (const container of Object.values(containers)) {
    const labels = container.Config.Labels ?? {};
    const taskId = labels[TASK_ID_LABEL];
    const serviceId = labels[SERVICE_ID_LABEL];
    if (taskId && serviceId && !listed(taskId)) services.add(serviceId);
  }
  return [...services].sort();
}

/**
 * The tasks an engine's fresh inventory contradicts: those the manager lists as running on this
 * engine's node whose container is not running there (their services' tasks are read again, and
 * their networks on that engine, which the worker drops a moment later). Found on the lab: a worker that restarts kills its task containers while its
 * event stream is down, and the manager marks those tasks complete without any event a client
 * sees, so only a read of the tasks tells; the reconnect read (and the settle reads after it)
 * are the cue.
 */
export function vanishedTasks(
  nodeId: string | null | undefined,
  containers: Readonly<Record<string, ContainerInspect>>,
  tasks: readonly SwarmTask[],
): SwarmTask[] {
  if (!nodeId) return [];
  return tasks.filter((task) => {
    if (task.NodeID !== nodeId || task.Status.State !== 'running') return false;
    const containerId = task.Status.ContainerStatus?.ContainerID;
    return !containerId || containers[containerId]?.State.Running !== true;
  });
}

/**
 * The services whose tasks a node event moves: those with a task on the node when it is removed
 * from the swarm, changes availability (drain, pause, active) or changes state (down, ready),
 * and the global services too when it changes (a global task starts on a node that comes back).
 * The manager says nothing of tasks (found on the lab: a global service's task on a node that
 * left stayed on the map until the reconcile; after a drain, the moved tasks showed only when
 * their containers sent events, seconds later).
 */
export function servicesANodeEventMoves(
  event: DockerEvent,
  tasks: readonly Pick<SwarmTask, 'NodeID' | 'ServiceID'>[],
  globalServices: readonly string[],
): string[] {
  if (event.type !== 'node' || !event.id) return [];
  const changed =
    event.action === 'update' &&
    (event.attributes['availability.new'] !== undefined ||
      event.attributes['state.new'] !== undefined);
  if (event.action !== 'remove' && !changed) return [];
  const services = new Set(
    tasks.filter((task) => task.NodeID === event.id).map((task) => task.ServiceID),
  );
  if (changed) for (const service of globalServices) services.add(service);
  return [...services].sort();
}
