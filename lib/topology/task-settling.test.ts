import { describe, expect, it } from 'vitest';

import type { SwarmService, SwarmTask } from '@/lib/docker/engine-api';

import { labInventory } from './__fixtures__/lab';
import { withService, withServiceTasks, type EngineInventory } from './inventory';
import { unsettledServices } from './task-settling';

const manager = labInventory('node-1');
const swarm = manager.swarm!;
const web = Object.values(swarm.services).find((s) => s.Spec.Name === 'web') as SwarmService;
const webTasks = Object.values(swarm.tasks).filter((t) => t.ServiceID === web.ID);

/** The manager's inventory with web's tasks changed by `edit`. */
function withWebTasks(edit: (tasks: SwarmTask[]) => SwarmTask[]): EngineInventory {
  return withServiceTasks(manager, web.ID, edit(structuredClone(webTasks)));
}

function withState(task: SwarmTask, state: SwarmTask['Status']['State']): SwarmTask {
  return { ...task, Status: { ...task.Status, State: state } };
}

describe('unsettledServices', () => {
  it('is empty for the settled lab, and for a worker (it holds no swarm objects)', () => {
    expect(unsettledServices(manager)).toEqual([]);
    expect(unsettledServices(labInventory('node-2'))).toEqual([]);
  });

  it('lists a service with a task meant to run that is still starting', () => {
    const inventory = withWebTasks(([first, ...rest]) => [withState(first!, 'starting'), ...rest]);
    expect(unsettledServices(inventory)).toEqual([web.ID]);
  });

  it('lists a service with a task meant to stop that still runs', () => {
    const inventory = withWebTasks((tasks) => [
      ...tasks,
      { ...tasks[0]!, ID: 'old-web-task', DesiredState: 'shutdown' },
    ]);
    expect(unsettledServices(inventory)).toEqual([web.ID]);
  });

  it('lets ended history be: a failed task the swarm replaced is settled', () => {
    const inventory = withWebTasks((tasks) => [
      ...tasks,
      withState({ ...tasks[0]!, ID: 'failed-web-task', DesiredState: 'shutdown' }, 'failed'),
    ]);
    expect(unsettledServices(inventory)).toEqual([]);
  });

  it('lists a service with fewer tasks meant to run than its replicas', () => {
    const scaled = { ...web, Spec: { ...web.Spec, Mode: { Replicated: { Replicas: 5 } } } };
    expect(unsettledServices(withService(manager, web.ID, scaled))).toEqual([web.ID]);
    const fewer = withWebTasks((tasks) => tasks.slice(1));
    expect(unsettledServices(fewer)).toEqual([web.ID]);
  });
});
