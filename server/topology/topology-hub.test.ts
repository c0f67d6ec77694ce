import { afterEach, describe, expect, it } from 'vitest';

import type { SwarmTask } from '@/lib/docker/engine-api';
import { normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';
import { applyPatch, type TopologyPatch } from '@/lib/topology/diff';
import { labLists, type LabEngine } from '@/lib/topology/__fixtures__/lab';
import type { InventoryLists } from '@/lib/topology/inventory';

import type { EngineReader } from '../docker/engine-reader';
import { createLogger } from '../logger';
import { createTopologyHub, type TopologyHub } from './topology-hub';

/** A reader that answers from recorded lab payloads and counts every request. */
function fakeReader(engine: LabEngine) {
  const lists: InventoryLists = structuredClone(labLists(engine));
  const calls: string[] = [];
  // NOTE: like the engine, every answer is a fresh object (tests mutate `lists` between reads).
  const answer = <T>(call: string, value: T): Promise<T> => {
    calls.push(call);
    return Promise.resolve(structuredClone(value));
  };
  const reader: EngineReader = {
    info: () => answer('info', lists.info),
    version: () => answer('version', lists.version ?? null),
    inspectNetwork: (id) =>
      answer(`network ${id}`, lists.networks.find((n) => n.Id === id) ?? null),
    inspectContainer: (id) =>
      answer(`container ${id}`, lists.containers.find((c) => c.Id === id) ?? null),
    inspectNode: (id) => answer(`node ${id}`, lists.swarm?.nodes.find((n) => n.ID === id) ?? null),
    inspectService: (id) =>
      answer(`service ${id}`, lists.swarm?.services.find((s) => s.ID === id) ?? null),
    listServiceTasks: (id) =>
      answer(
        `tasks ${id}`,
        (lists.swarm?.tasks ?? []).filter((t) => t.ServiceID === id),
      ),
    inventory: () => answer('inventory', lists),
  };
  return { reader, lists, calls };
}

const quiet = createLogger('error');
let hub: TopologyHub | null = null;
afterEach(() => hub?.stop());

async function setup(engines: LabEngine[] = ['node-1', 'node-2', 'node-3'], options = {}) {
  const fakes = new Map(engines.map((engine) => [engine, fakeReader(engine)]));
  hub = createTopologyHub({
    engines: engines.map((name) => ({
      name,
      address: `unix:///${name}.sock`,
      reader: fakes.get(name)!.reader,
    })),
    logger: quiet,
    taskFollowMs: 5,
    ...options,
  });
  const patches: TopologyPatch[] = [];
  hub.subscribe({ onPatch: (patch) => patches.push(patch) });
  for (const engine of engines) {
    hub.handleLink(engine, { state: 'live', error: null, retry: null });
    hub.handleInventory(engine, structuredClone(fakes.get(engine)!.lists));
  }
  const built = hub;
  await until(() => engines.every((engine) => live(built, engine)));
  return { hub: built, fakes, patches };
}

function event(engine: LabEngine, raw: Record<string, unknown>): DockerEvent {
  const normalized = normalizeDockerEvent(engine, {
    scope: 'local',
    time: 1,
    timeNano: 1e9,
    ...raw,
  });
  if (!normalized) throw new Error('bad test event');
  return normalized;
}

/** Its read and its link are shown (they go out with the hub's next flush). */
const live = (hub: TopologyHub, engine: string) =>
  hub.snapshot().engines[engine]?.reachable === true &&
  hub.snapshot().engines[engine]?.stale === false;

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('topology hub', () => {
  it('builds one graph from three engines, versions starting at the first patch', async () => {
    const { hub, patches } = await setup();
    const topology = hub.snapshot();
    expect(Object.keys(topology.engines)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(
      Object.values(topology.services)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['blue', 'orange', 'plumb', 'vault', 'web']);
    // Every patch applies to the version before it.
    for (let i = 1; i < patches.length; i++) expect(patches[i]?.from).toBe(patches[i - 1]?.to);
  });

  it('shows engines read together, their links and held events in one rebuild', async () => {
    const { hub } = await setup();
    // NOTE: three reads and three links in one tick: one build, not one per call (at 100 engines
    // each used to rebuild everything read so far).
    expect(hub.counters().rebuilds).toBe(1);
    expect(Object.keys(hub.snapshot().engines)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('takes an engine found after start, moves it, and drops it with what it held', async () => {
    const { hub, fakes } = await setup(['node-1', 'node-3']);
    const node2 = fakeReader('node-2');
    const own = (topology = hub.snapshot()) =>
      Object.values(topology.containers).filter((c) => c.engine === 'node-2').length;
    hub.setEngine({ name: 'node-2', address: 'https://10.0.1.6:9323', reader: node2.reader });
    expect(hub.snapshot().engines['node-2']).toMatchObject({ reachable: false, stale: true });
    hub.handleLink('node-2', { state: 'live', error: null, retry: null });
    hub.handleInventory('node-2', structuredClone(node2.lists));
    await until(() => live(hub, 'node-2'));
    const held = own();
    expect(held).toBeGreaterThan(0);
    expect(hub.health().map((engine) => engine.name)).toEqual(['node-1', 'node-3', 'node-2']);
    // its agent restarted elsewhere: same name, new address, what it held shown stale meanwhile
    hub.setEngine({ name: 'node-2', address: 'https://10.0.1.9:9323', reader: node2.reader });
    expect(hub.snapshot().engines['node-2']).toMatchObject({ stale: true });
    expect(own()).toBe(held);
    expect(hub.health().find((engine) => engine.name === 'node-2')?.address).toBe(
      'https://10.0.1.9:9323',
    );
    hub.removeEngine('node-2');
    expect(hub.snapshot().engines['node-2']).toBeUndefined();
    expect(own()).toBe(0);
    expect(hub.health().map((engine) => engine.name)).toEqual(['node-1', 'node-3']);
    // its swarm node stays, from the manager
    const node2Id = fakes
      .get('node-1')!
      .lists.swarm!.nodes.find((node) => node.Description?.Hostname === 'node-2')!.ID;
    expect(hub.snapshot().nodes[node2Id]).toMatchObject({
      kind: 'swarm',
      engine: null,
      unread: expect.stringMatching(/its own containers are not visible/),
    });
  });

  it('sends a lone change at once: one read, one patch', async () => {
    const { hub, fakes, patches } = await setup();
    const node1 = fakes.get('node-1')!;
    const legacy = node1.lists.containers.find((c) => c.Name === '/legacy')!;
    legacy.State.Status = 'exited';
    legacy.State.Running = false;
    const before = patches.length;
    node1.calls.length = 0;
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'die',
        Actor: { ID: legacy.Id, Attributes: { name: 'legacy' } },
      }),
    );
    await until(() => patches.length === before + 1 && node1.calls.length > 0);
    expect(node1.calls).toEqual([`container ${legacy.Id}`]);
    const patch = patches.at(-1)!;
    expect(patch.ops).toEqual([
      expect.objectContaining({ op: 'upsert', collection: 'containers', id: legacy.Id }),
    ]);
    expect(hub.snapshot().containers[legacy.Id]?.state).toBe('exited');
  });

  it('shows what a container event says at once, before its (slow) inspect answers', async () => {
    const { hub, fakes, patches } = await setup();
    const node1 = fakes.get('node-1')!;
    const legacy = node1.lists.containers.find((c) => c.Name === '/legacy')!;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inspect = node1.reader.inspectContainer;
    node1.reader.inspectContainer = async (id) => {
      await gate;
      return inspect(id);
    };
    legacy.State.Status = 'exited';
    const before = patches.length;
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'die',
        Actor: { ID: legacy.Id, Attributes: {} },
      }),
    );
    await until(() => hub.snapshot().containers[legacy.Id]?.state === 'exited');
    expect(patches.length).toBe(before + 1);
    release();
    // The inspect agrees: no second patch.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(patches.length).toBe(before + 1);
  });

  it('shows a container start with one rebuild: the event’s state at once, the inspect’s address after', async () => {
    const { hub, fakes, patches } = await setup();
    const node1 = fakes.get('node-1')!;
    const legacy = node1.lists.containers.find((c) => c.Name === '/legacy')!;
    const bridge = node1.lists.networks.find((n) => n.Name === 'bridge')!;
    const started = structuredClone(legacy);
    // Stopped, as the engine shows it: no address on its network.
    legacy.State = { ...legacy.State, Status: 'exited', Running: false };
    legacy.NetworkSettings.Networks!.bridge!.IPAddress = '';
    hub.handleInventory('node-1', structuredClone(node1.lists));
    await until(() => hub.snapshot().containers[legacy.Id]?.state === 'exited');
    expect(hub.snapshot().containers[legacy.Id]?.endpoints[0]?.ipv4).toBeNull();

    // `docker start`: the engine says `network connect`, then `start`, within a millisecond. The
    // inspect waits (on the engine's container lock) until the state is shown.
    Object.assign(legacy, started);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inspect = node1.reader.inspectContainer;
    node1.reader.inspectContainer = async (id) => {
      await gate;
      return inspect(id);
    };
    const before = {
      patches: patches.length,
      rebuilds: hub.counters().rebuilds,
      element: hub.snapshot().containers[legacy.Id],
    };
    node1.calls.length = 0;
    hub.handleEvent(
      event('node-1', {
        Type: 'network',
        Action: 'connect',
        Actor: { ID: bridge.Id, Attributes: { name: 'bridge', container: legacy.Id } },
      }),
    );
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'start',
        Actor: { ID: legacy.Id, Attributes: { name: 'legacy' } },
      }),
    );
    await until(() => hub.snapshot().containers[legacy.Id]?.state === 'running');
    expect(patches.slice(before.patches).map((patch) => patch.ops)).toEqual([
      [
        {
          op: 'upsert',
          collection: 'containers',
          id: legacy.Id,
          value: { ...before.element, state: 'running' },
        },
      ],
    ]);
    expect(hub.counters().rebuilds).toBe(before.rebuilds);

    release();
    await until(() => hub.snapshot().containers[legacy.Id]?.endpoints[0]?.ipv4 === '172.17.1.2');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(node1.calls.sort()).toEqual([`container ${legacy.Id}`, `network ${bridge.Id}`]);
    expect(patches.length).toBe(before.patches + 2);
    expect(patches.at(-1)?.ops).toEqual([
      expect.objectContaining({ op: 'upsert', collection: 'containers', id: legacy.Id }),
    ]);
    // The event's state cost no rebuild; the inspect's one rebuild added the address.
    expect(hub.counters().rebuilds).toBe(before.rebuilds + 1);
  });

  it('corrects what a container event said when its inspect says otherwise', async () => {
    const { hub, fakes, patches } = await setup();
    const node1 = fakes.get('node-1')!;
    const legacy = node1.lists.containers.find((c) => c.Name === '/legacy')!;
    const before = patches.length;
    // `die` said exited, but by the time of the inspect a restart policy has started it again.
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'die',
        Actor: { ID: legacy.Id, Attributes: {} },
      }),
    );
    await until(() => patches.length === before + 2);
    const stateOf = (patch: TopologyPatch | undefined) => {
      const op = patch?.ops.find((each) => each.op === 'upsert' && each.id === legacy.Id);
      return op?.op === 'upsert' && 'state' in op.value ? op.value.state : null;
    };
    expect(patches.slice(before).map(stateOf)).toEqual(['exited', 'running']);
    expect(hub.snapshot().containers[legacy.Id]?.state).toBe('running');
  });

  it('spends no rebuild on reads that bring nothing new', async () => {
    const { hub, fakes } = await setup();
    const node1 = fakes.get('node-1')!;
    const client = node1.lists.containers.find((c) => c.Name === '/client')!;
    const rebuilds = hub.counters().rebuilds;
    node1.calls.length = 0;
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'health_status',
        Actor: { ID: client.Id, Attributes: {} },
      }),
    );
    await until(() => node1.calls.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hub.counters().rebuilds).toBe(rebuilds);
  });

  it('tries a failed read again instead of leaving the object stale', async () => {
    const { hub, fakes } = await setup();
    const node1 = fakes.get('node-1')!;
    const client = node1.lists.containers.find((c) => c.Name === '/client')!;
    const inspect = node1.reader.inspectContainer;
    let failures = 1;
    node1.reader.inspectContainer = async (id) => {
      if (failures-- > 0) throw new Error('GET /containers/x/json took longer than 10000 ms');
      return inspect(id);
    };
    client.State.Status = 'restarting';
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'update',
        Actor: { ID: client.Id, Attributes: {} },
      }),
    );
    for (let i = 0; i < 60 && hub.snapshot().containers[client.Id]?.state !== 'restarting'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(hub.snapshot().containers[client.Id]?.state).toBe('restarting');
  });

  it('batches a burst: at most one read per object, few patches', async () => {
    const { hub, fakes, patches } = await setup();
    const node1 = fakes.get('node-1')!;
    const ids = node1.lists.containers.slice(0, 4).map((c) => c.Id);
    const before = patches.length;
    node1.calls.length = 0;
    for (let round = 0; round < 25; round++) {
      for (const id of ids) {
        hub.handleEvent(
          event('node-1', {
            Type: 'container',
            Action: 'update',
            Actor: { ID: id, Attributes: {} },
          }),
        );
      }
    }
    await until(() => node1.calls.length >= ids.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(node1.calls.sort()).toEqual(ids.map((id) => `container ${id}`).sort());
    // Nothing changed in the payloads: no patch at all.
    expect(patches.length).toBe(before);
  });

  it('shows a drain, a scale and a disconnect at once, before their (slow) reads answer', async () => {
    const { hub, fakes } = await setup();
    const node1 = fakes.get('node-1')!;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held =
      <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
      async (...args: A) => {
        await gate;
        return read(...args);
      };
    node1.reader.inspectNode = held(node1.reader.inspectNode);
    node1.reader.inspectService = held(node1.reader.inspectService);
    node1.reader.listServiceTasks = held(node1.reader.listServiceTasks);
    node1.reader.inspectContainer = held(node1.reader.inspectContainer);
    node1.reader.inspectNetwork = held(node1.reader.inspectNetwork);
    const worker = node1.lists.swarm!.nodes.find((n) => n.Spec.Role === 'worker')!;
    const web = node1.lists.swarm!.services.find((s) => s.Spec.Name === 'web')!;
    const [id, container] = Object.entries(hub.snapshot().containers).find(
      ([, c]) => c.engine === 'node-1' && c.endpoints.length > 1,
    )!;
    const left = container.endpoints[0]!.network;
    // What the engine now says, for the reads once they answer (the label shows they did).
    const answered = { 'test.read': 'answered' };
    worker.Spec.Availability = 'drain';
    worker.Spec.Labels = answered;
    web.Spec.Mode = { Replicated: { Replicas: 7 } };
    web.Spec.Labels = answered;
    const inspect = node1.lists.containers.find((c) => c.Id === id)!;
    inspect.Config.Labels = { ...inspect.Config.Labels, ...answered };
    for (const [name, endpoint] of Object.entries(inspect.NetworkSettings.Networks ?? {}))
      if (endpoint.NetworkID === left) delete inspect.NetworkSettings.Networks![name];
    const actor = (ID: string, Attributes: Record<string, string>) => ({ ID, Attributes });
    hub.handleEvent(
      event('node-1', {
        Type: 'node',
        Action: 'update',
        Actor: actor(worker.ID, { 'availability.new': 'drain', 'availability.old': 'active' }),
      }),
    );
    hub.handleEvent(
      event('node-1', {
        Type: 'service',
        Action: 'update',
        Actor: actor(web.ID, { 'replicas.new': '7', 'replicas.old': '4' }),
      }),
    );
    hub.handleEvent(
      event('node-1', {
        Type: 'network',
        Action: 'disconnect',
        Actor: actor(left, { container: id }),
      }),
    );
    const shown = () => {
      const topology = hub.snapshot();
      const node = topology.nodes[worker.ID];
      return (
        node?.kind === 'swarm' &&
        node.availability === 'drain' &&
        topology.services[web.ID]?.replicas.desired === 7 &&
        !topology.containers[id]?.endpoints.some((e) => e.network === left)
      );
    };
    await until(shown);
    release();
    const read = (element: unknown) => JSON.stringify(element).includes('"test.read":"answered"');
    await until(() => {
      const topology = hub.snapshot();
      return [topology.nodes[worker.ID], topology.services[web.ID], topology.containers[id]].every(
        read,
      );
    });
    expect(shown()).toBe(true);
  });

  it('drops a destroyed container without reading it', async () => {
    const { hub, fakes, patches } = await setup();
    const node1 = fakes.get('node-1')!;
    const client = node1.lists.containers.find((c) => c.Name === '/client')!;
    node1.calls.length = 0;
    const before = patches.length;
    hub.handleEvent(
      event('node-1', {
        Type: 'container',
        Action: 'destroy',
        Actor: { ID: client.Id, Attributes: {} },
      }),
    );
    await until(() => patches.length === before + 1);
    expect(node1.calls).toEqual([]);
    expect(hub.snapshot().containers[client.Id]).toBeUndefined();
  });

  it('a full read that predates an event does not bring back what the event removed', async () => {
    const { hub, fakes } = await setup();
    const node1 = fakes.get('node-1')!;
    const client = node1.lists.containers.find((c) => c.Name === '/client')!;
    // A reconcile lists the container; it is destroyed before the listing arrives.
    const listedBefore = structuredClone(node1.lists);
    node1.lists.containers = node1.lists.containers.filter((c) => c.Id !== client.Id);
    const destroyed = event('node-1', {
      Type: 'container',
      Action: 'destroy',
      Actor: { ID: client.Id, Attributes: {} },
    });
    hub.handleEvent(destroyed);
    await until(() => hub.snapshot().containers[client.Id] === undefined);
    // The listing and the read its events ask for make one flush and one rebuild.
    const rebuilt = hub.counters().rebuilds;
    hub.handleInventory('node-1', structuredClone(listedBefore), [destroyed]);
    await until(() => hub.counters().rebuilds > rebuilt);
    expect(hub.snapshot().containers[client.Id]).toBeUndefined();
    // Without the events seen during the read, the listing alone brings it back.
    hub.handleInventory('node-1', structuredClone(listedBefore));
    await until(() => hub.snapshot().containers[client.Id] !== undefined);
  });

  it('follows a service’s tasks until they settle (no task events in API 1.41)', async () => {
    const { hub, fakes } = await setup();
    const node1 = fakes.get('node-1')!;
    const web = node1.lists.swarm!.services.find((s) => s.Spec.Name === 'web')!;
    const tasks = node1.lists.swarm!.tasks.filter(
      (t) => t.ServiceID === web.ID && t.DesiredState === 'running',
    );
    const starting = tasks[0] as SwarmTask;
    starting.Status.State = 'starting';
    node1.calls.length = 0;
    hub.handleEvent(
      event('node-1', {
        Type: 'service',
        Action: 'update',
        scope: 'swarm',
        Actor: { ID: web.ID, Attributes: { name: 'web' } },
      }),
    );
    await until(() => node1.calls.filter((c) => c === `tasks ${web.ID}`).length >= 3);
    starting.Status.State = 'running';
    await until(() => hub.snapshot().services[web.ID]?.replicas.running === tasks.length);
    const reads = node1.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(node1.calls.length).toBe(reads);
  });

  it('follows the tasks a drain moves, though the swarm moves them a moment after the node’s event', async () => {
    const { hub, fakes } = await setup(undefined, { nodeChangeFollowMs: 1_000 });
    const node1 = fakes.get('node-1')!;
    const swarm = node1.lists.swarm!;
    const worker = swarm.nodes.find(
      (n) => n.Spec.Role === 'worker' && swarm.tasks.some((t) => t.NodeID === n.ID),
    )!;
    const moved = swarm.tasks.filter((t) => t.NodeID === worker.ID && t.DesiredState === 'running');
    const services = [...new Set(moved.map((t) => t.ServiceID))];
    expect(moved.length).toBeGreaterThan(0);
    worker.Spec.Availability = 'drain';
    node1.calls.length = 0;
    hub.handleEvent(
      event('node-1', {
        Type: 'node',
        Action: 'update',
        scope: 'swarm',
        Actor: { ID: worker.ID, Attributes: { 'availability.new': 'drain', name: 'node-x' } },
      }),
    );
    // NOTE: the listings still say nothing moved (the swarm has not acted yet), then it acts.
    const listed = (service: string) => node1.calls.filter((c) => c === `tasks ${service}`);
    await until(() => services.every((service) => listed(service).length >= 3));
    for (const task of moved) task.DesiredState = 'shutdown';
    await until(() =>
      moved.every((task) => hub.snapshot().tasks[task.ID]?.desiredState === 'shutdown'),
    );
  });

  it('shows a task running from its container’s start even when the start beats the container’s first inspect', async () => {
    const { hub, fakes } = await setup();
    const manager = fakes.get('node-1')!;
    // A running task of `web` whose container one of the engines holds.
    const candidates = manager.lists.swarm!.tasks.filter(
      (t) => t.DesiredState === 'running' && t.Status.ContainerStatus?.ContainerID,
    );
    const found = candidates
      .map((task) => {
        const containerId = task.Status.ContainerStatus!.ContainerID!;
        const owner = [...fakes.entries()].find(([, fake]) =>
          fake.lists.containers.some((c) => c.Id === containerId),
        );
        return owner && { task, containerId, engine: owner[0], fake: owner[1] };
      })
      .find(Boolean);
    if (!found) throw new Error('no task container in the fixtures');
    const { task, containerId, engine, fake } = found;
    // The manager lists the task as starting; its container is not yet known to the hub.
    task.Status.State = 'starting';
    const container = fake.lists.containers.find((c) => c.Id === containerId)!;
    fake.lists.containers = fake.lists.containers.filter((c) => c.Id !== containerId);
    hub.handleInventory(engine, structuredClone(fake.lists));
    hub.handleInventory('node-1', structuredClone(manager.lists));
    await until(() => hub.snapshot().tasks[task.ID]?.state === 'starting');
    await until(() => hub.snapshot().containers[containerId] === undefined);
    // Created and started: the inspect answers only after the start event is in.
    fake.lists.containers = [...fake.lists.containers, container];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inspect = fake.reader.inspectContainer;
    fake.reader.inspectContainer = async (id) => {
      await gate;
      return inspect(id);
    };
    hub.handleEvent(
      event(engine, {
        Type: 'container',
        Action: 'start',
        Actor: { ID: containerId, Attributes: container.Config.Labels ?? {} },
      }),
    );
    release();
    // Running once the inspect is in, while every listing of the manager still says starting.
    await until(() => hub.snapshot().tasks[task.ID]?.state === 'running');
    expect(task.Status.State).toBe('starting');
  });

  it('re-reads a worker’s /info when the manager reports its node changed', async () => {
    const { hub, fakes } = await setup();
    const node2 = fakes.get('node-2')!;
    const nodeId = node2.lists.info.Swarm!.NodeID;
    node2.calls.length = 0;
    hub.handleEvent(
      event('node-1', {
        Type: 'node',
        Action: 'update',
        scope: 'swarm',
        Actor: { ID: nodeId, Attributes: { name: 'node-2' } },
      }),
    );
    await until(() => node2.calls.includes('info'));
  });

  it('a read hung on one engine holds back neither another engine’s change nor its own down', async () => {
    const { hub, fakes } = await setup(undefined, { stragglerMs: 100 });
    const node1 = fakes.get('node-1')!;
    const node3 = fakes.get('node-3')!;
    // NOTE: a frozen dockerd takes the request and never answers (found in CI: the read's 10 s
    // timeout held every engine's patches, and node-3's own `down`).
    node3.reader.inspectContainer = () => new Promise(() => undefined);
    const touch = (engine: LabEngine, id: string) =>
      hub.handleEvent(
        event(engine, { Type: 'container', Action: 'update', Actor: { ID: id, Attributes: {} } }),
      );
    const [first, second] = node3.lists.containers;
    touch('node-3', first!.Id);
    const legacy = node1.lists.containers.find((c) => c.Name === '/legacy')!;
    legacy.State.Status = 'paused';
    touch('node-1', legacy.Id);
    await until(() => hub.snapshot().containers[legacy.Id]?.state === 'paused');
    // A batch waiting on node-3 again: its link lost is shown at once all the same.
    touch('node-3', second!.Id);
    hub.handleLink('node-3', { state: 'down', error: 'ping timed out', retry: null });
    await new Promise((resolve) => setImmediate(resolve));
    expect(hub.snapshot().engines['node-3']).toMatchObject({ reachable: false, stale: true });
  });

  it('keeps a down engine’s elements, marked stale, and the browser model in step', async () => {
    const { hub, patches } = await setup();
    let browser = applyPatch(null, {
      from: 0,
      to: hub.snapshot().version,
      ops: [{ op: 'reset', topology: hub.snapshot() }],
    });
    const before = patches.length;
    const containers = Object.keys(hub.snapshot().containers).length;
    hub.handleLink('node-2', {
      state: 'down',
      error: 'gone',
      retry: { attempt: 1, nextInMs: 250 },
    });
    await until(() => hub.snapshot().engines['node-2']?.reachable === false);
    for (const patch of patches.slice(before)) browser = applyPatch(browser, patch);
    expect(browser.engines['node-2']).toMatchObject({
      reachable: false,
      stale: true,
      error: 'gone',
    });
    expect(Object.keys(browser.containers)).toHaveLength(containers);
    expect(browser).toEqual(hub.snapshot());
    expect(hub.health().find((engine) => engine.name === 'node-2')).toMatchObject({
      reachable: false,
      retry: { attempt: 1, nextInMs: 250 },
    });
  });
});
