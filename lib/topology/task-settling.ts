import type { EngineInventory, SwarmInventory } from './inventory';
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
  // inventory is immutable (a change makes a new one), so its answer is kept with it.
  let answer = settling.get(swarm);
  if (!answer) settling.set(swarm, (answer = unsettledOf(swarm)));
  return answer;
}

const settling = new WeakMap<SwarmInventory, readonly string[]>();

function unsettledOf(swarm: SwarmInventory): readonly string[] {
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
