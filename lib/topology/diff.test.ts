import { describe, expect, it } from 'vitest';

import type { SwarmTask } from '@/lib/docker/engine-api';

import { labInventories } from './__fixtures__/lab';
import { buildTopology } from './build';
import {
  applyPatch,
  canApplyPatch,
  createPatch,
  diffTopology,
  PatchVersionError,
  type PatchOp,
} from './diff';
import { withContainer, withService, withServiceTasks, type EngineInventory } from './inventory';
import { COLLECTIONS, emptyTopology, type EngineState, type Topology } from './types';

type Lab = [EngineInventory, EngineInventory, EngineInventory];

function lab(): Lab {
  return labInventories() as Lab;
}

function serviceId(inventory: EngineInventory, name: string): string {
  const service = Object.values(inventory.swarm?.services ?? {}).find((s) => s.Spec.Name === name);
  if (!service) throw new Error(`no service ${name}`);
  return service.ID;
}

function containerId(inventory: EngineInventory, name: string): string {
  const container = Object.values(inventory.containers).find((c) => c.Name === `/${name}`);
  if (!container) throw new Error(`no container ${name}`);
  return container.Id;
}

function tasksOf(inventory: EngineInventory, service: string): SwarmTask[] {
  return Object.values(inventory.swarm?.tasks ?? {}).filter((task) => task.ServiceID === service);
}

/** Scales a replicated service in the manager's inventory, as the engine reports it afterwards. */
function scaled(manager: EngineInventory, name: string, replicas: number): EngineInventory {
  const id = serviceId(manager, name);
  const service = manager.swarm?.services[id];
  if (!service) throw new Error(`no service ${name}`);
  const next = withService(manager, id, {
    ...service,
    Spec: { ...service.Spec, Mode: { Replicated: { Replicas: replicas } } },
  });
  return next;
}

/** Scale-down: the engine keeps the extra tasks, shut down, until the history is trimmed. */
function shutDownTasks(manager: EngineInventory, name: string, slots: number[]): EngineInventory {
  const id = serviceId(manager, name);
  const tasks = tasksOf(manager, id).map((task) =>
    task.Slot !== undefined && slots.includes(task.Slot)
      ? {
          ...task,
          DesiredState: 'shutdown' as const,
          Status: { ...task.Status, State: 'shutdown' as const, Message: 'shutdown' },
        }
      : task,
  );
  return withServiceTasks(manager, id, tasks);
}

function roundTrip(a: Topology, b: Topology): Topology {
  const patch = createPatch(a, b);
  const wire = JSON.parse(JSON.stringify(patch)) as typeof patch;
  const result = applyPatch(a, wire);
  expect(result).toEqual(b);
  return applyPatch(a, patch);
}

function opSummary(ops: PatchOp[]): string[] {
  return ops.map((op) => (op.op === 'reset' ? 'reset' : `${op.op} ${op.collection}`)).sort();
}

const STATES: Record<string, EngineState> = {};

describe('diffTopology / applyPatch on lab fixture pairs', () => {
  const [manager, worker2, worker3] = lab();
  const base = buildTopology([manager, worker2, worker3], STATES, 1);

  const webTasks = tasksOf(manager, serviceId(manager, 'web'));
  const slot = (n: number): SwarmTask => {
    const task = webTasks.find((t) => t.Slot === n);
    if (!task) throw new Error(`no web.${n}`);
    return task;
  };

  const cases: [string, () => Topology, string[]][] = [
    [
      'container client removed',
      () =>
        buildTopology(
          [withContainer(manager, containerId(manager, 'client'), null), worker2, worker3],
          STATES,
          2,
        ),
      ['remove containers'],
    ],
    [
      'web scaled 4 → 2 (tasks shut down, their containers gone)',
      () => {
        const down = [slot(3), slot(4)];
        let workers = [worker2, worker3];
        workers = workers.map((inventory) =>
          down.reduce(
            (inv, task) => withContainer(inv, task.Status.ContainerStatus?.ContainerID ?? '', null),
            inventory,
          ),
        );
        const next = shutDownTasks(scaled(manager, 'web', 2), 'web', [3, 4]);
        return buildTopology([next, ...workers], STATES, 2);
      },
      [
        'remove containers',
        'remove containers',
        'upsert ingress',
        'upsert services',
        'upsert tasks',
        'upsert tasks',
      ],
    ],
    [
      'vault scaled 2 → 3 (a new task on node-2)',
      () => {
        const id = serviceId(manager, 'vault');
        const [first] = tasksOf(manager, id);
        if (!first) throw new Error('no vault task');
        const added: SwarmTask = {
          ...first,
          ID: 'newvaulttask000000000000',
          Slot: 3,
          NodeID: worker2.info.Swarm?.NodeID ?? '',
          Status: { ...first.Status, ContainerStatus: { ContainerID: 'c0ffee' } },
        };
        const next = withServiceTasks(scaled(manager, 'vault', 3), id, [
          ...tasksOf(manager, id),
          added,
        ]);
        return buildTopology([next, worker2, worker3], STATES, 2);
      },
      ['upsert services', 'upsert tasks'],
    ],
    [
      'engine node-3 goes stale',
      () =>
        buildTopology(
          [manager, worker2, worker3],
          { 'node-3': { reachable: false, stale: true } },
          2,
        ),
      ['upsert engines'],
    ],
  ];

  it.each(cases)('%s: minimal ops, round trip both ways', (_name, change, expected) => {
    const next = change();
    expect(opSummary(diffTopology(base, next))).toEqual(expected);
    roundTrip(base, next);
    roundTrip(next, base);
  });

  it.each(cases)('%s: untouched elements and collections keep identity', (_name, change) => {
    const next = change();
    const patch = createPatch(base, next);
    const result = applyPatch(base, patch);
    const touched = new Set(
      patch.ops.flatMap((op) => (op.op === 'reset' ? [] : [`${op.collection}/${op.id}`])),
    );
    for (const collection of COLLECTIONS) {
      const changed = patch.ops.some((op) => op.op !== 'reset' && op.collection === collection);
      if (!changed) expect(result[collection]).toBe(base[collection]);
      for (const [id, element] of Object.entries(base[collection])) {
        if (!touched.has(`${collection}/${id}`)) expect(result[collection][id]).toBe(element);
      }
    }
    expect(result.version).toBe(2);
  });

  it('is empty between two builds of the same payloads', () => {
    expect(diffTopology(base, buildTopology(labInventories(), STATES, 2))).toEqual([]);
  });

  it('starts with a reset when there is nothing to diff against', () => {
    const patch = createPatch(null, base);
    expect(patch.ops).toEqual([{ op: 'reset', topology: base }]);
    expect(applyPatch(null, patch)).toEqual(base);
    expect(applyPatch(emptyTopology(7), patch)).toEqual(base);
  });

  it('applies ops after a reset on top of the reset topology, without mutating it', () => {
    const snapshot = structuredClone(base);
    const clientId = containerId(manager, 'client');
    const result = applyPatch(emptyTopology(0), {
      from: 0,
      to: 5,
      ops: [
        { op: 'reset', topology: base },
        { op: 'remove', collection: 'containers', id: clientId },
      ],
    });
    expect(result.version).toBe(5);
    expect(result.containers[clientId]).toBeUndefined();
    expect(base).toEqual(snapshot);
  });

  it('refuses a patch for another version', () => {
    const patch = { from: 3, to: 4, ops: [] };
    expect(canApplyPatch(base, patch)).toBe(false);
    expect(() => applyPatch(base, patch)).toThrow(PatchVersionError);
    expect(() => applyPatch(null, patch)).toThrow(PatchVersionError);
  });

  it('ignores removal of an element it does not hold', () => {
    const result = applyPatch(base, {
      from: 1,
      to: 2,
      ops: [{ op: 'remove', collection: 'tasks', id: 'missing' }],
    });
    expect(result.tasks).toBe(base.tasks);
  });
});
