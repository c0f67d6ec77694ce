import type { SwarmTask } from '@/lib/docker/engine-api';
import type { EngineInventory } from '@/lib/topology/inventory';

const SETTLED_WHEN_RUNNING = new Set(['running']);
const TERMINAL = new Set(['complete', 'shutdown', 'failed', 'rejected', 'orphaned', 'remove']);

function taskIsMoving(task: SwarmTask): boolean {
  const state = task.Status.State;
  if (task.DesiredState === 'running')
    return !SETTLED_WHEN_RUNNING.has(state) && !TERMINAL.has(state);
  // Desired shutdown (scaled down, updated, removed) but not there yet.
  return !TERMINAL.has(state);
}

/**
 * Services whose tasks have not reached what the swarm wants yet. API 1.41 sends no task events,
 * so the hub re-reads these services' tasks until they settle.
 */
export function unsettledServices(inventory: EngineInventory): string[] {
  const swarm = inventory.swarm;
  if (!swarm) return [];
  const moving = new Set<string>();
  const wanted = new Map<string, number>();
  for (const task of Object.values(swarm.tasks)) {
    if (taskIsMoving(task)) moving.add(task.ServiceID);
    if (task.DesiredState === 'running') {
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
