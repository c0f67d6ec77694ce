/*
 * Health at a glance: the status mark of each kind of element, and a network's drawing style.
 */
import { isBeforeRunning, taskPhase } from '@/lib/topology/tasks';
import type { TopologyContainer, TopologyService, TopologyTask } from '@/lib/topology/types';

import type { NetworkStyle, Status } from '../model';

export function networkStyle(driver: string): NetworkStyle {
  switch (driver) {
    case 'bridge':
    case 'overlay':
    case 'macvlan':
    case 'ipvlan':
    case 'host':
      return driver;
    case 'null':
      return 'none';
    default:
      return 'other';
  }
}

/** Running, or about to be again: what the map shows without the stopped layer. */
export function isContainerActive(container: Pick<TopologyContainer, 'state'>): boolean {
  return (
    container.state === 'running' ||
    container.state === 'paused' ||
    container.state === 'restarting'
  );
}

export function containerStatus(container: Pick<TopologyContainer, 'state' | 'health'>): Status {
  if (container.health === 'unhealthy' || container.state === 'dead') return 'bad';
  if (container.state === 'running') return container.health === 'starting' ? 'warn' : 'ok';
  if (container.state === 'paused' || container.state === 'restarting') return 'warn';
  if (container.state === 'created') return 'warn';
  return 'off';
}

/**
 * A task's mark. A stopping task (told to stop, its container still up in its grace period) is
 * `off`, like an ended one: it has left DNS and is on its way out, though it is still drawn.
 */
export function taskStatus(
  task: Pick<TopologyTask, 'state'> & { desiredState?: TopologyTask['desiredState'] },
): Status {
  if (
    task.desiredState &&
    taskPhase({ state: task.state, desiredState: task.desiredState }) === 'stopping'
  )
    return 'off';
  if (task.state === 'running') return 'ok';
  if (task.state === 'failed' || task.state === 'rejected' || task.state === 'orphaned') {
    return 'bad';
  }
  if (isBeforeRunning(task.state)) return 'warn';
  return 'off';
}

export function serviceStatus(service: {
  replicas: Pick<TopologyService['replicas'], 'running' | 'desired'>;
}): Status {
  const { running, desired } = service.replicas;
  if (running >= desired) return desired === 0 ? 'off' : 'ok';
  return running === 0 ? 'bad' : 'warn';
}
