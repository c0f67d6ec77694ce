import { describe, expect, it } from 'vitest';

import type { SwarmService, SwarmTask } from '@/lib/docker/engine-api';

import { labInventory } from './__fixtures__/lab';
import { withService, withServiceTasks, type EngineInventory } from './inventory';
import { unsettledOf, unsettledServices } from './task-settling';
import { prng } from '../../test/support/prng';

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

  it('answers as a full pass after a chain of changes it follows from the last answer', () => {
    const random = prng(7);
    const states: SwarmTask['Status']['State'][] = ['running', 'starting', 'shutdown', 'pending'];
    let inventory: EngineInventory = manager;
    for (let step = 0; step < 200; step++) {
      const current = inventory.swarm!;
      const services = Object.values(current.services);
      const service = services[Math.floor(random() * services.length)] as SwarmService;
      const tasks = Object.values(current.tasks).filter((t) => t.ServiceID === service.ID);
      const roll = random();
      if (roll < 0.6 && tasks.length > 0) {
        const task = tasks[Math.floor(random() * tasks.length)] as SwarmTask;
        const state = states[Math.floor(random() * states.length)] as SwarmTask['Status']['State'];
        const others = tasks.filter((t) => t !== task);
        const kept = random() < 0.2 ? others : [...others, withState(task, state)];
        inventory = withServiceTasks(inventory, service.ID, kept);
      } else if (roll < 0.9) {
        const replicas = Math.floor(random() * 4);
        const next = structuredClone(service);
        next.Spec.Mode = { Replicated: { Replicas: replicas } };
        inventory = withService(inventory, service.ID, next);
      } else {
        const copy = { ...service, ID: `s${step}`, Spec: { ...service.Spec, Name: `s${step}` } };
        inventory = withService(inventory, copy.ID, copy);
      }
      const followed = [...unsettledServices(inventory)].sort();
      expect(followed, `step ${step}`).toEqual([...unsettledOf(inventory.swarm!)].sort());
    }
  });
});
