import { describe, expect, it } from 'vitest';

import { normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';

import { labInventories } from './__fixtures__/lab';
import { buildTopology } from './build';
import { isSwarmEvent, withEventFacts } from './event-facts';
import { withImpliedStatus } from './event-state';
import { withContainer, withService, type EngineInventory } from './inventory';

function event(
  type: string,
  action: string,
  id: string,
  attributes: Record<string, string> = {},
): DockerEvent {
  const normalized = normalizeDockerEvent('node-1', {
    Type: type,
    Action: action,
    Actor: { ID: id, Attributes: attributes },
    time: 1,
  });
  if (!normalized) throw new Error('bad test event');
  return normalized;
}

const [manager] = labInventories() as [EngineInventory, ...EngineInventory[]];
const swarm = manager.swarm!;
const topologyOf = (inventory: EngineInventory) => buildTopology([inventory], {}, 1);

describe('withEventFacts', () => {
  it('drops a destroyed container, and keeps the inventory for one it does not hold', () => {
    const [id] = Object.keys(manager.containers) as [string];
    const next = withEventFacts(manager, event('container', 'destroy', id));
    expect(next.containers[id]).toBeUndefined();
    expect(Object.keys(next.containers)).toHaveLength(Object.keys(manager.containers).length - 1);
    expect(withEventFacts(manager, event('container', 'destroy', 'unknown'))).toBe(manager);
  });

  it('drops a removed network, and a destroyed one only when it is local', () => {
    const local = Object.values(manager.networks).find((n) => n.Scope === 'local')!;
    const overlay = Object.values(manager.networks).find((n) => n.Scope === 'swarm')!;
    expect(withEventFacts(manager, event('network', 'destroy', local.Id)).networks[local.Id]).toBe(
      undefined,
    );
    expect(withEventFacts(manager, event('network', 'destroy', overlay.Id))).toBe(manager);
    expect(
      withEventFacts(manager, event('network', 'remove', overlay.Id)).networks[overlay.Id],
    ).toBe(undefined);
  });

  it('takes a disconnected container off that network, and only that one', () => {
    const [id, container] = Object.entries(manager.containers).find(
      ([, c]) => c.State.Running && Object.keys(c.NetworkSettings.Networks ?? {}).length > 1,
    )!;
    const [left, ...kept] = Object.values(container.NetworkSettings.Networks ?? {});
    const next = withEventFacts(
      manager,
      event('network', 'disconnect', left!.NetworkID, { container: id }),
    );
    const endpoints = topologyOf(next).containers[id]!.endpoints.map((e) => e.network);
    expect(endpoints.sort()).toEqual(kept.map((e) => e.NetworkID).sort());
    const others = Object.keys(manager.containers).filter((other) => other !== id);
    for (const other of others) expect(next.containers[other]).toBe(manager.containers[other]);
    // Already off it (the second `disconnect` Docker sends), or an unknown container: no change.
    expect(
      withEventFacts(next, event('network', 'disconnect', left!.NetworkID, { container: id })),
    ).toBe(next);
    expect(
      withEventFacts(manager, event('network', 'disconnect', left!.NetworkID, { container: 'x' })),
    ).toBe(manager);
  });

  it('keeps the networks of a container that stopped: its inspect still names them', () => {
    const [id, container] = Object.entries(manager.containers).find(
      ([, c]) => c.State.Running && Object.keys(c.NetworkSettings.Networks ?? {}).length > 0,
    )!;
    const [endpoint] = Object.values(container.NetworkSettings.Networks ?? {});
    // As on the lab: `die` (the container marked exited), then one `disconnect` per network.
    const stopped = withContainer(manager, id, withImpliedStatus(container, 'exited'));
    const disconnect = event('network', 'disconnect', endpoint!.NetworkID, { container: id });
    expect(withEventFacts(stopped, disconnect)).toBe(stopped);
  });

  it("sets a replicated service's replicas from `replicas.new`", () => {
    const service = Object.values(swarm.services).find((s) => s.Spec.Mode?.Replicated)!;
    const replicas = (service.Spec.Mode?.Replicated?.Replicas ?? 0) + 2;
    const scaled = event('service', 'update', service.ID, {
      'replicas.new': String(replicas),
      'replicas.old': '1',
    });
    const next = withEventFacts(manager, scaled);
    expect(topologyOf(next).services[service.ID]!.replicas.desired).toBe(replicas);
    expect(withEventFacts(next, scaled)).toBe(next);
    expect(withEventFacts(manager, event('service', 'update', service.ID))).toBe(manager);
    const bad = event('service', 'update', service.ID, { 'replicas.new': 'many' });
    expect(withEventFacts(manager, bad)).toBe(manager);
  });

  it('leaves a global service alone whatever the event says about replicas', () => {
    const service = Object.values(swarm.services)[0]!;
    const global = withService(manager, service.ID, {
      ...service,
      Spec: { ...service.Spec, Mode: { Global: {} } },
    });
    const scaled = event('service', 'update', service.ID, { 'replicas.new': '3' });
    expect(withEventFacts(global, scaled)).toBe(global);
  });

  it('drops a removed service with its tasks', () => {
    const service = Object.values(swarm.services).find((s) =>
      Object.values(swarm.tasks).some((t) => t.ServiceID === s.ID),
    )!;
    const next = withEventFacts(manager, event('service', 'remove', service.ID));
    expect(next.swarm?.services[service.ID]).toBeUndefined();
    expect(Object.values(next.swarm?.tasks ?? {}).some((t) => t.ServiceID === service.ID)).toBe(
      false,
    );
  });

  it("sets a node's availability and state from `availability.new` and `state.new`", () => {
    const node = Object.values(swarm.nodes).find((n) => n.Spec.Availability === 'active')!;
    const drained = withEventFacts(
      manager,
      event('node', 'update', node.ID, {
        'availability.new': 'drain',
        'availability.old': 'active',
      }),
    );
    const element = Object.values(topologyOf(drained).nodes).find((n) => n.id === node.ID);
    expect(element?.kind === 'swarm' && element.availability).toBe('drain');
    const down = withEventFacts(manager, event('node', 'update', node.ID, { 'state.new': 'down' }));
    expect(down.swarm?.nodes[node.ID]?.Status.State).toBe('down');
    const nonsense = event('node', 'update', node.ID, { 'availability.new': 'asleep' });
    expect(withEventFacts(manager, nonsense)).toBe(manager);
  });

  it('says nothing for events that need a read to be known', () => {
    const [id] = Object.keys(manager.containers) as [string];
    const network = Object.values(manager.networks)[0]!;
    const service = Object.values(swarm.services)[0]!;
    for (const e of [
      event('container', 'start', id),
      event('container', 'create', id),
      event('network', 'create', network.Id, { name: network.Name, type: network.Driver }),
      event('network', 'connect', network.Id, { container: id }),
      event('service', 'create', service.ID),
      event('image', 'pull', 'busybox'),
    ])
      expect(withEventFacts(manager, e), `${e.type} ${e.action}`).toBe(manager);
  });

  it('routes service and node events to the managers', () => {
    expect(isSwarmEvent(event('service', 'update', 's'))).toBe(true);
    expect(isSwarmEvent(event('node', 'update', 'n'))).toBe(true);
    expect(isSwarmEvent(event('network', 'remove', 'n'))).toBe(false);
    expect(isSwarmEvent(event('container', 'destroy', 'c'))).toBe(false);
  });
});
