import { describe, expect, it } from 'vitest';

import type { ContainerInspect } from '@/lib/docker/engine-api';
import { normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';

import { labInventories } from './__fixtures__/lab';
import { buildTopology } from './build';
import { applyPatch } from './diff';
import {
  impliedState,
  impliedStatePatch,
  withImpliedStatus,
  type ImpliedState,
  type ImpliedStatus,
} from './event-state';
import { withContainer } from './inventory';

function event(type: string, action: string, id = 'c1'): DockerEvent {
  const normalized = normalizeDockerEvent('node-1', {
    Type: type,
    Action: action,
    Actor: { ID: id, Attributes: {} },
    time: 1,
  });
  if (!normalized) throw new Error('bad test event');
  return normalized;
}

const STATUSES: ImpliedStatus[] = ['running', 'exited', 'paused'];

describe('impliedState', () => {
  it('reads the state start, unpause, die and pause name', () => {
    expect(impliedState(event('container', 'start'))).toEqual({
      engine: 'node-1',
      id: 'c1',
      status: 'running',
    });
    expect(impliedState(event('container', 'unpause'))?.status).toBe('running');
    expect(impliedState(event('container', 'die'))?.status).toBe('exited');
    expect(impliedState(event('container', 'pause'))?.status).toBe('paused');
  });

  it('implies nothing for other actions, other types, or no container', () => {
    for (const action of ['create', 'stop', 'kill', 'restart', 'update', 'constructor']) {
      expect(impliedState(event('container', action)), action).toBeNull();
    }
    expect(impliedState(event('network', 'start'))).toBeNull();
    expect(impliedState(event('container', 'start', ''))).toBeNull();
  });
});

describe('withImpliedStatus', () => {
  const [engine] = labInventories();
  const running = Object.values(engine!.containers)[0] as ContainerInspect;

  it('is the same payload when it already says so', () => {
    expect(withImpliedStatus(running, 'running')).toBe(running);
  });

  it('sets the status and the flags the engine would, and keeps the rest', () => {
    const paused = withImpliedStatus(running, 'paused');
    expect(paused.State).toMatchObject({ Status: 'paused', Running: true, Paused: true });
    const exited = withImpliedStatus(paused, 'exited');
    expect(exited.State).toMatchObject({ Status: 'exited', Running: false, Paused: false });
    expect({ ...exited, State: running.State }).toEqual(running);
    expect(running.State.Status).toBe('running');
  });
});

describe('impliedStatePatch', () => {
  const inventories = labInventories();
  const topology = buildTopology(inventories, {}, 1);

  it('makes exactly what a rebuild makes, for every lab container and state', () => {
    inventories.forEach((inventory, index) => {
      const { engine } = inventory;
      for (const [id, container] of Object.entries(inventory.containers)) {
        for (const status of STATUSES) {
          const implied = inventories.map((each, i) =>
            i === index ? withContainer(each, id, withImpliedStatus(container, status)) : each,
          );
          const patch = impliedStatePatch(topology, [{ engine, id, status }]);
          expect(patch, `${id} ${status}`).not.toBeNull();
          expect(applyPatch(topology, patch!), `${id} ${status}`).toEqual(
            buildTopology(implied, {}, 2),
          );
        }
      }
    });
  });

  it('changes one element, and nothing when it already shows that state', () => {
    const [id, container] = Object.entries(topology.containers)[0]!;
    const stopped = impliedStatePatch(topology, [
      { engine: container.engine, id, status: 'exited' },
    ]);
    expect(stopped).toEqual({
      from: 1,
      to: 2,
      ops: [
        {
          op: 'upsert',
          collection: 'containers',
          id,
          value: { ...container, state: 'exited' },
        },
      ],
    });
    expect(
      impliedStatePatch(topology, [{ engine: container.engine, id, status: 'running' }])?.ops,
    ).toEqual([]);
  });

  it('lets the last state of a container win', () => {
    const [id, container] = Object.entries(topology.containers)[0]!;
    const states: ImpliedState[] = [
      { engine: container.engine, id, status: 'exited' },
      { engine: container.engine, id, status: 'running' },
    ];
    expect(impliedStatePatch(topology, states)?.ops).toEqual([]);
  });

  it('leaves it to a rebuild when the topology does not hold the container as that engine’s', () => {
    const [id, container] = Object.entries(topology.containers)[0]!;
    const elsewhere = container.engine === 'node-1' ? 'node-2' : 'node-1';
    expect(impliedStatePatch(topology, [{ engine: elsewhere, id, status: 'exited' }])).toBeNull();
    expect(
      impliedStatePatch(topology, [{ engine: 'node-1', id: 'unknown', status: 'exited' }]),
    ).toBeNull();
  });
});
