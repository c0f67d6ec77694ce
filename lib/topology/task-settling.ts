import { serviceTaskIds, type EngineInventory, type SwarmInventory } from './inventory';
import { changedSince } from './record-lineage';
import { isDesiredRunning, isTaskSettled } from './tasks';

/**
 * Services whose tasks have not reached what the swarm wants yet: a task still starting or
 * stopping, or fewer tasks meant to run than the service's replicas. API 1.41 sends no task
 * events, so the hub re-reads these services' tasks until they settle.
 */
export function unsettledServices(inventory: EngineInventory): readonly string[] {
  const swarm = inventory.swarm;
  if (!swarm) return [];
  // NOTE: asked after every batch; at 10,000 tasks a pass costs milliseconds, and a swarm
  // inventory is immutable (a change makes a new one), so its answer is kept with it, and found
  // from the last answer for the services a change touched when the records say which.
  let answer = settling.get(swarm);
  if (!answer) {
    answer = (last && followedFrom(last.swarm, last.answer, swarm)) ?? unsettledOf(swarm);
    settling.set(swarm, answer);
  }
  last = { swarm, answer };
  return answer;
}

const settling = new WeakMap<SwarmInventory, readonly string[]>();
let last: { swarm: SwarmInventory; answer: readonly string[] } | null = null;

/** Whether one service's tasks have not reached what the swarm wants (as `unsettledOf`). */
function serviceMoving(swarm: SwarmInventory, serviceId: string): boolean {
  let wanted = 0;
  for (const id of serviceTaskIds(swarm.tasks, serviceId)) {
    const task = swarm.tasks[id];
    if (!task) continue;
    if (!isTaskSettled(task.Status.State, task.DesiredState)) return true;
    if (isDesiredRunning(task.DesiredState)) wanted += 1;
  }
  const replicas = swarm.services[serviceId]?.Spec.Mode?.Replicated?.Replicas;
  return typeof replicas === 'number' && wanted !== replicas;
}

/** `after`'s answer from `before`'s, through the keys its records noted; null when they cannot say. */
function followedFrom(
  before: SwarmInventory,
  answer: readonly string[],
  after: SwarmInventory,
): readonly string[] | null {
  const tasks = changedSince(before.tasks, after.tasks);
  const services = changedSince(before.services, after.services);
  if (!tasks || !services) return null;
  const touched = new Set(services);
  for (const id of tasks) {
    const was = before.tasks[id]?.ServiceID;
    const is = after.tasks[id]?.ServiceID;
    if (was) touched.add(was);
    if (is) touched.add(is);
  }
  const moving = new Set(answer.filter((service) => !touched.has(service)));
  for (const service of touched) if (serviceMoving(after, service)) moving.add(service);
  return [...moving];
}

/** Every task walked (what `unsettledServices` answers when the records cannot say what changed). */
export function unsettledOf(swarm: SwarmInventory): readonly string[] {
  const moving = new Set<string>();
  const wanted = new Map<string, number>();
  for (const task of Object.values(swarm.tasks)) {
    if (!isTaskSettled(task.Status.State, task.DesiredState)) moving.add(task.ServiceID);
    if (isDesiredRunning(task.DesiredState)) {
      wanted.set(task.ServiceID, (wanted.get(task.ServiceID) ?? 0) + 1);
    }
  }
  for (const service of Object.values(swarm.services)) {
    const replicas = service.Spec.Mode?.Replicated?.Replicas;
    if (typeof replicas === 'number' && (wanted.get(service.ID) ?? 0) !== replicas) {
      moving.add(service.ID);
    }
  }
  return [...moving];
}
