import { describe, expect, it } from 'vitest';

import type { SwarmTask } from '@/lib/docker/engine-api';

import { labInventory } from './__fixtures__/lab';
import {
  withContainer,
  withInfo,
  withNetwork,
  withNode,
  withService,
  withServiceTasks,
  withTaskUpdated,
  type EngineInventory,
} from './inventory';

function firstKey(record: Readonly<Record<string, unknown>>): string {
  const [key] = Object.keys(record);
  if (key === undefined) throw new Error('empty record');
  return key;
}

const manager = labInventory('node-1');
const worker = labInventory('node-2');
const swarm = manager.swarm;
if (!swarm) throw new Error('node-1 fixture has no swarm part');

const containerId = firstKey(manager.containers);
const networkId = firstKey(manager.networks);
const nodeId = firstKey(swarm.nodes);
const serviceId = firstKey(swarm.services);

describe('inventory updaters', () => {
  it.each<[string, (inventory: EngineInventory) => EngineInventory]>([
    [
      'same container payload',
      (inv) => withContainer(inv, containerId, inv.containers[containerId] ?? null),
    ],
    [
      'equal container copy',
      (inv) =>
        withContainer(inv, containerId, structuredClone(inv.containers[containerId]) ?? null),
    ],
    ['removing an unknown container', (inv) => withContainer(inv, 'nope', null)],
    [
      'equal network copy',
      (inv) => withNetwork(inv, networkId, structuredClone(inv.networks[networkId]) ?? null),
    ],
    ['equal info copy', (inv) => withInfo(inv, structuredClone(inv.info))],
    [
      'equal node copy',
      (inv) => withNode(inv, nodeId, structuredClone(swarm.nodes[nodeId]) ?? null),
    ],
    [
      'the same task list again',
      (inv) =>
        withServiceTasks(
          inv,
          serviceId,
          structuredClone(Object.values(swarm.tasks).filter((t) => t.ServiceID === serviceId)),
        ),
    ],
  ])('%s returns the inventory itself', (_name, update) => {
    expect(update(manager)).toBe(manager);
  });

  it('replaces one container and shares everything else', () => {
    const raw = manager.containers[containerId];
    if (!raw) throw new Error('no container');
    const next = withContainer(manager, containerId, { ...raw, Name: '/renamed' });
    expect(next).not.toBe(manager);
    expect(next.containers[containerId]?.Name).toBe('/renamed');
    expect(next.networks).toBe(manager.networks);
    expect(next.swarm).toBe(manager.swarm);
    for (const [id, container] of Object.entries(manager.containers)) {
      if (id !== containerId) expect(next.containers[id]).toBe(container);
    }
  });

  it('removes a network', () => {
    const next = withNetwork(manager, networkId, null);
    expect(next.networks[networkId]).toBeUndefined();
    expect(Object.keys(next.networks)).toHaveLength(Object.keys(manager.networks).length - 1);
    expect(manager.networks[networkId]).toBeDefined();
  });

  it('drops a removed service together with its tasks', () => {
    const next = withService(manager, serviceId, null);
    expect(next.swarm?.services[serviceId]).toBeUndefined();
    expect(Object.values(next.swarm?.tasks ?? {}).some((t) => t.ServiceID === serviceId)).toBe(
      false,
    );
    expect(next.swarm?.nodes).toBe(swarm.nodes);
  });

  it('replaces the tasks of one service only, keeping equal tasks by reference', () => {
    const own = Object.values(swarm.tasks).filter((t) => t.ServiceID === serviceId);
    const [kept, ...rest] = own;
    if (!kept) throw new Error('service without tasks');
    const next = withServiceTasks(manager, serviceId, [structuredClone(kept)]);
    expect(next.swarm?.tasks[kept.ID]).toBe(kept);
    for (const gone of rest) expect(next.swarm?.tasks[gone.ID]).toBeUndefined();
    for (const other of Object.values(swarm.tasks).filter((t) => t.ServiceID !== serviceId)) {
      expect(next.swarm?.tasks[other.ID]).toBe(other);
    }
  });

  it('answers a listing that changes nothing with the same inventory, after earlier changes too', () => {
    const byService = new Map<string, SwarmTask[]>();
    for (const t of Object.values(swarm.tasks))
      byService.set(t.ServiceID, [...(byService.get(t.ServiceID) ?? []), t]);
    const [busiest, own] = [...byService].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    const [first, second, ...rest] = own ?? [];
    if (!busiest || !own || !first || !second) throw new Error('no service with two tasks');
    const sorted = (inventory: EngineInventory) =>
      Object.values(inventory.swarm?.tasks ?? {})
        .filter((t) => t.ServiceID === busiest)
        .sort((a, b) => a.ID.localeCompare(b.ID));
    expect(withServiceTasks(manager, busiest, structuredClone(own))).toBe(manager);
    const fewer = withServiceTasks(manager, busiest, [second, ...rest]);
    expect(fewer.swarm?.tasks[first.ID]).toBeUndefined();
    expect(withServiceTasks(fewer, busiest, structuredClone([second, ...rest]))).toBe(fewer);
    const stopping = (t: SwarmTask): SwarmTask => ({ ...t, DesiredState: 'shutdown' });
    const updated = withTaskUpdated(fewer, second.ID, stopping);
    expect(updated.swarm?.tasks[second.ID]?.DesiredState).toBe('shutdown');
    const back = withServiceTasks(updated, busiest, own);
    expect(sorted(back)).toEqual([...own].sort((a, b) => a.ID.localeCompare(b.ID)));
    expect(withServiceTasks(back, busiest, structuredClone(own))).toBe(back);
  });

  it('ignores swarm updates on an engine that is not a manager', () => {
    const node = swarm.nodes[nodeId] ?? null;
    expect(withNode(worker, nodeId, node)).toBe(worker);
    expect(withServiceTasks(worker, serviceId, [])).toBe(worker);
  });
});
