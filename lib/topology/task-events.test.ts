import { describe, expect, it } from 'vitest';

import type { ContainerInspect, SwarmTask } from '@/lib/docker/engine-api';
import type { DockerEvent } from '@/lib/docker/events';

import { labInventory } from './__fixtures__/lab';
import {
  asStarted,
  servicesANodeEventMoves,
  servicesWithUnlistedTasks,
  vanishedTasks,
  taskStartedBy,
  withStartedTasks,
} from './task-events';

const taskContainer = Object.values(labInventory('node-2').containers).find(
  (container) => container.Config.Labels?.['com.docker.swarm.task.id'],
) as ContainerInspect;
const taskId = taskContainer.Config.Labels?.['com.docker.swarm.task.id'] ?? '';

function containerEvent(action: string, attributes: Record<string, string>): DockerEvent {
  return {
    engine: 'node-2',
    type: 'container',
    action,
    id: taskContainer.Id,
    scope: 'local',
    time: 1,
    timeNano: 1,
    attributes,
  } as DockerEvent;
}

function task(
  state: SwarmTask['Status']['State'],
  desired: SwarmTask['DesiredState'] = 'running',
): SwarmTask {
  return { ID: taskId, ServiceID: 's1', Status: { State: state }, DesiredState: desired };
}

describe('a task container starting on a streamed worker', () => {
  const labels = { 'com.docker.swarm.task.id': taskId };

  it('says which task now runs, when the container is known and has no health check', () => {
    expect(taskId).not.toBe('');
    expect(taskStartedBy(containerEvent('start', labels), taskContainer)).toBe(taskId);
    expect(taskStartedBy(containerEvent('die', labels), taskContainer)).toBeNull();
    expect(taskStartedBy(containerEvent('start', {}), taskContainer)).toBeNull();
    expect(taskStartedBy(containerEvent('start', labels), undefined)).toBeNull();
  });

  it('implies nothing for a container with a health check: the task is starting until it passes', () => {
    const checked = {
      ...taskContainer,
      Config: { ...taskContainer.Config, Healthcheck: { Test: ['CMD-SHELL', 'true'] } },
    };
    expect(taskStartedBy(containerEvent('start', labels), checked)).toBeNull();
    const disabled = {
      ...taskContainer,
      Config: { ...taskContainer.Config, Healthcheck: { Test: ['NONE'] } },
    };
    expect(taskStartedBy(containerEvent('start', labels), disabled)).toBe(taskId);
  });

  it('shows a task on its way as running, but not one told to stop or already past running', () => {
    expect(asStarted(task('starting')).Status.State).toBe('running');
    expect(asStarted(task('preparing')).Status.State).toBe('running');
    const stopping = task('starting', 'shutdown');
    expect(asStarted(stopping)).toBe(stopping);
    const failed = task('failed');
    expect(asStarted(failed)).toBe(failed);
  });

  it('holds the news against a manager listing that lags, and lets go once the listing agrees', () => {
    const started = new Set([taskId]);
    const lagging = withStartedTasks([task('starting')], started);
    expect(lagging.tasks[0]?.Status.State).toBe('running');
    expect(lagging.settled).toEqual([]);
    const confirmed = withStartedTasks([task('running')], started);
    expect(confirmed.settled).toEqual([taskId]);
    const contradicted = withStartedTasks([task('failed')], started);
    expect(contradicted.tasks[0]?.Status.State).toBe('failed');
    expect(contradicted.settled).toEqual([taskId]);
  });
});

describe('servicesWithUnlistedTasks', () => {
  it("names the services of a worker's task containers that no manager lists", () => {
    const worker = labInventory('node-2');
    const manager = labInventory('node-1');
    const listed = (id: string) => Boolean(manager.swarm?.tasks[id]);
    expect(servicesWithUnlistedTasks(worker.containers, listed)).toEqual([]);
    const [one] = Object.values(worker.containers).filter(
      (container) => container.Config.Labels?.['com.docker.swarm.task.id'],
    );
    const serviceId = one!.Config.Labels!['com.docker.swarm.service.id']!;
    expect(
      servicesWithUnlistedTasks(worker.containers, (id) =>
        id === one!.Config.Labels!['com.docker.swarm.task.id'] ? false : listed(id),
      ),
    ).toEqual([serviceId]);
  });
});

describe('vanishedTasks', () => {
  const worker = labInventory('node-2');
  const manager = labInventory('node-1');
  const tasks = Object.values(manager.swarm?.tasks ?? {});
  const nodeId = worker.info.Swarm?.NodeID;

  it('names nothing while every task the manager runs on the node has its running container', () => {
    expect(tasks.some((task) => task.NodeID === nodeId && task.Status.State === 'running')).toBe(
      true,
    );
    expect(vanishedTasks(nodeId, worker.containers, tasks)).toEqual([]);
  });

  it('names a running task whose container is gone or stopped on that node', () => {
    const task = tasks.find((t) => t.NodeID === nodeId && t.Status.State === 'running')!;
    const containerId = task.Status.ContainerStatus!.ContainerID!;
    const { [containerId]: gone, ...without } = worker.containers;
    expect(vanishedTasks(nodeId, without, tasks)).toEqual([task]);
    const stopped = {
      ...worker.containers,
      [containerId]: { ...gone!, State: { ...gone!.State, Running: false } },
    };
    expect(vanishedTasks(nodeId, stopped, tasks)).toEqual([task]);
    // another node's engine, or an engine outside the swarm, names nothing
    expect(vanishedTasks('some-other-node', without, tasks)).toEqual([]);
    expect(vanishedTasks(null, without, tasks)).toEqual([]);
  });
});

describe('servicesANodeEventMoves', () => {
  const tasks = [
    { NodeID: 'n5', ServiceID: 'agent' },
    { NodeID: 'n5', ServiceID: 'web' },
    { NodeID: 'n2', ServiceID: 'db' },
  ];
  const node = (action: string, attributes: Record<string, string> = {}) =>
    ({ ...containerEvent(action, attributes), type: 'node', id: 'n5' }) as DockerEvent;

  it('names the services that had a task on a node removed from the swarm', () => {
    expect(servicesANodeEventMoves(node('remove'), tasks, ['metrics'])).toEqual(['agent', 'web']);
  });

  it('names them and the global services when the node changes availability or state', () => {
    const drained = node('update', { 'availability.new': 'drain', name: 'node-5' });
    expect(servicesANodeEventMoves(drained, tasks, ['metrics'])).toEqual([
      'agent',
      'metrics',
      'web',
    ]);
    const down = node('update', { 'state.new': 'down', name: 'node-5' });
    expect(servicesANodeEventMoves(down, tasks, [])).toEqual(['agent', 'web']);
  });

  it('names none for an update that changes neither (a label, a role)', () => {
    const labelled = node('update', { name: 'node-5' });
    expect(servicesANodeEventMoves(labelled, tasks, ['metrics'])).toEqual([]);
    expect(servicesANodeEventMoves({ ...containerEvent('die', {}), id: 'n5' }, tasks, [])).toEqual(
      [],
    );
  });
});
