import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { diffTopology, type TopologyPatch } from '@/lib/topology/diff';
import { jsonEqual } from '@/lib/topology/json-equal';
import type { TopologyContainer } from '@/lib/topology/types';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  pruneTestObjects,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import {
  startLiveHarness,
  withoutVersion,
  type LiveHarness,
  type RecordingClient,
} from '../support/live-harness';

/**
 * The live path end to end against the real lab: Docker events → sessions → hub → socket.io →
 * a client applying patches. After every change, the client's graph must equal a graph built from
 * a fresh full inventory of all three engines within 2 s.
 */
const CONVERGE_MS = 2_000;
/** After a failure, how long to look on, to say whether it was late or lost. */
const LATE_LOOK_MS = 20_000;
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

let harness: LiveHarness;
let client: RecordingClient;
let manager: Docker;
let worker: Docker;
const made = {
  services: [] as string[],
  containers: [] as [Docker, string][],
  networks: [] as string[],
};

async function expectConverged(what: string) {
  let lastDiff = '';
  await waitFor(
    `${what}: streamed graph equal to a fresh inventory`,
    async () => {
      const fresh = await harness.freshTopology();
      const equal = jsonEqual(withoutVersion(client.topology), withoutVersion(fresh));
      if (!equal && client.topology) {
        const streamed = client.topology;
        lastDiff = diffTopology(streamed, fresh)
          .slice(0, 5)
          .map((op) => {
            if (op.op !== 'upsert')
              return op.op === 'reset' ? 'reset' : `${op.op} ${op.collection}/${op.id}`;
            const before: unknown = streamed[op.collection][op.id];
            return `${op.op} ${op.collection}/${op.id}: streamed ${JSON.stringify(before)} fresh ${JSON.stringify(op.value)}`;
          })
          .join(', ');
      }
      return equal;
    },
    CONVERGE_MS,
    25,
  ).catch(async (error: Error) => {
    // NOTE: still failed; whether it converges later tells a slow path from a missed event.
    const started = Date.now();
    const later = await waitFor(
      `${what}: converged late`,
      async () =>
        jsonEqual(withoutVersion(client.topology), withoutVersion(await harness.freshTopology())),
      LATE_LOOK_MS,
      100,
    ).then(
      () => `converged ${Date.now() - started} ms after the bound`,
      () => `still different ${LATE_LOOK_MS} ms after the bound`,
    );
    throw new Error(`${error.message} (differences: ${lastDiff}; ${later})`);
  });
}

/** A network of the test's own on node-1 (removed after the file). */
async function makeNetwork(name: string, driver: 'bridge' | 'overlay', attachable = false) {
  const network = await manager.createNetwork({
    Name: uniqueName(name),
    Driver: driver,
    Attachable: attachable,
    Labels: TEST_LABELS,
    CheckDuplicate: true,
  });
  made.networks.push(network.id);
  return network;
}

/** A task still on its way to what the swarm wants (starting, or stopping). */
function isMoving(task: { DesiredState?: string; Status?: { State?: string } }): boolean {
  const state = task.Status?.State ?? '';
  return task.DesiredState === 'running'
    ? state !== 'running'
    : ['running', 'starting'].includes(state);
}

async function serviceTasksSettled(serviceId: string, replicas: number) {
  await waitFor(
    `service ${serviceId} to run ${replicas} tasks`,
    async () => {
      const tasks = await manager.listTasks({ filters: { service: [serviceId] } });
      const live = tasks.filter((task) => task.DesiredState === 'running');
      return live.length === replicas && !tasks.some(isMoving);
    },
    60_000,
    100,
  );
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  const [nodeOne, nodeTwo] = specs;
  if (!nodeOne || !nodeTwo) throw new Error('the lab has three engines');
  manager = dockerFor(nodeOne);
  worker = dockerFor(nodeTwo);
  for (const spec of specs) await pruneTestObjects(dockerFor(spec), spec === nodeOne);
  harness = await startLiveHarness(specs);
  client = await harness.connect();
  await waitFor(
    'every lab engine live',
    () =>
      client.health.length === specs.length && client.health.every((engine) => engine.reachable),
  );
  await expectConverged('start');
});

afterAll(async () => {
  await harness?.close();
  for (const id of made.services)
    await manager
      .getService(id)
      .remove()
      .catch(() => undefined);
  for (const [docker, id] of made.containers) {
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const id of made.networks)
    await manager
      .getNetwork(id)
      .remove()
      .catch(() => undefined);
});

describe('the streamed topology follows the engines', () => {
  it('container run, stop and rm on a worker', async () => {
    const container = await worker.createContainer({
      name: uniqueName('box'),
      Image: 'busybox:latest',
      Cmd: SLEEP_CMD,
      Labels: TEST_LABELS,
    });
    made.containers.push([worker, container.id]);
    await container.start();
    await expectConverged('container run');
    expect(client.topology?.containers[container.id]?.state).toBe('running');

    await container.stop({ t: 1 });
    await expectConverged('container stop');
    expect(client.topology?.containers[container.id]?.state).toBe('exited');

    await container.remove();
    await expectConverged('container rm');
    expect(client.topology?.containers[container.id]).toBeUndefined();
  });

  it('a container that stops stays on its networks at every step, as its inspect says', async () => {
    const network = await makeNetwork('stopnet', 'bridge');
    const container = await manager.createContainer({
      name: uniqueName('stopper'),
      Image: 'busybox:latest',
      Cmd: SLEEP_CMD,
      Labels: TEST_LABELS,
      HostConfig: { NetworkMode: (await network.inspect()).Name },
    });
    made.containers.push([manager, container.id]);
    await container.start();
    await expectConverged('a container on its network');
    // NOTE: a stop sends `die`, then a `disconnect` per network; the inspect keeps the networks.
    const shown: string[][] = [];
    const watch = (patch: TopologyPatch) => {
      for (const op of patch.ops)
        if (op.op === 'upsert' && op.collection === 'containers' && op.id === container.id)
          shown.push((op.value as TopologyContainer).endpoints.map((e) => e.network));
    };
    client.socket.on('topology:patch', watch);
    try {
      await container.stop({ t: 1 });
      await expectConverged('container stop');
    } finally {
      client.socket.off('topology:patch', watch);
    }
    expect(client.topology?.containers[container.id]?.state).toBe('exited');
    expect(shown.length).toBeGreaterThan(0);
    for (const networks of shown) expect(networks).toContain(network.id);
  });

  it('network create, connect, disconnect and rm', async () => {
    const network = await makeNetwork('net', 'bridge');
    await expectConverged('network create');
    expect(client.topology?.networks[network.id]?.driver).toBe('bridge');

    const container = await manager.createContainer({
      name: uniqueName('peer'),
      Image: 'busybox:latest',
      Cmd: SLEEP_CMD,
      Labels: TEST_LABELS,
    });
    made.containers.push([manager, container.id]);
    await container.start();
    await network.connect({ Container: container.id, EndpointConfig: { Aliases: ['peer-alias'] } });
    await expectConverged('network connect');
    const endpoint = client.topology?.containers[container.id]?.endpoints.find(
      (candidate) => candidate.network === network.id,
    );
    expect(endpoint?.aliases).toContain('peer-alias');
    expect(endpoint?.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    await network.disconnect({ Container: container.id });
    await expectConverged('network disconnect');
    await container.remove({ force: true });
    await network.remove();
    await expectConverged('network rm');
    expect(client.topology?.networks[network.id]).toBeUndefined();
  });

  it('service create, scale, update and rm, with its VIP and ingress path', async () => {
    const overlay = await makeNetwork('ovl', 'overlay', true);
    const published = 30_000 + Math.floor(Math.random() * 2_000);
    const spec = {
      Name: uniqueName('svc'),
      Labels: TEST_LABELS,
      TaskTemplate: {
        ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, StopGracePeriod: 1e9 },
        Networks: [{ Target: overlay.id }],
      },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: {
        Ports: [{ Protocol: 'tcp' as const, TargetPort: 80, PublishedPort: published }],
      },
    };
    const created = (await manager.createService(spec)) as { id?: string; ID?: string };
    const serviceId = created.id ?? created.ID ?? '';
    made.services.push(serviceId);
    await serviceTasksSettled(serviceId, 1);
    await expectConverged('service create');
    const service = client.topology?.services[serviceId];
    expect(service?.replicas).toEqual({ desired: 1, running: 1, starting: 0, stopping: 0 });
    expect(service?.vips.some((vip) => vip.network === overlay.id)).toBe(true);
    expect(
      Object.values(client.topology?.ingress ?? {}).some(
        (path) => path.kind === 'ingress' && path.published === published,
      ),
    ).toBe(true);

    const update = async (change: (current: typeof spec) => typeof spec) => {
      const current = await manager.getService(serviceId).inspect();
      await manager
        .getService(serviceId)
        .update({ version: current.Version.Index, ...change(current.Spec) });
    };
    await update((current) => ({ ...current, Mode: { Replicated: { Replicas: 3 } } }));
    await serviceTasksSettled(serviceId, 3);
    await expectConverged('service scale');
    expect(client.topology?.services[serviceId]?.replicas).toEqual({
      desired: 3,
      running: 3,
      starting: 0,
      stopping: 0,
    });

    await update((current) => ({
      ...current,
      TaskTemplate: {
        ...current.TaskTemplate,
        ContainerSpec: { ...current.TaskTemplate.ContainerSpec, Env: ['STAGE=updated'] },
      },
    }));
    await serviceTasksSettled(serviceId, 3);
    await expectConverged('service update');
    expect(client.topology?.services[serviceId]?.envKeys).toEqual(['STAGE']);

    await manager.getService(serviceId).remove();
    await waitFor(
      'the service and its task containers gone from every engine',
      async () => {
        const fresh = await harness.freshTopology();
        return Object.values(fresh.containers).every((c) => c.service !== serviceId);
      },
      30_000,
      100,
    );
    await expectConverged('service rm');
    expect(client.topology?.services[serviceId]).toBeUndefined();
  });

  it('node drain and activate', async () => {
    const nodes = await manager.listNodes();
    const target = nodes.find((node) => node.Description?.Hostname === 'node-3');
    if (!target) throw new Error('node-3 is not in the swarm');
    // NOTE: a global service of the test's own, on an overlay, so the drain always moves a task
    // (replicated ones need not be on node-3) and the overlay leaves node-3 and comes back.
    const overlay = await makeNetwork('drainnet', 'overlay');
    const created = (await manager.createService({
      Name: uniqueName('everywhere'),
      Labels: TEST_LABELS,
      TaskTemplate: {
        ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, StopGracePeriod: 1e9 },
        Networks: [{ Target: overlay.id }],
      },
      Mode: { Global: {} },
    })) as { id?: string; ID?: string };
    const serviceId = created.id ?? created.ID ?? '';
    made.services.push(serviceId);
    const onTarget = async () =>
      (await manager.listTasks({ filters: { service: [serviceId], node: [target.ID] } })).filter(
        (task) => task.DesiredState === 'running',
      );
    await waitFor(
      'the global service running on node-3',
      async () => (await onTarget()).some((task) => task.Status?.State === 'running'),
      60_000,
      100,
    );
    await expectConverged('a global service on every node');
    const setAvailability = async (availability: 'drain' | 'active') => {
      const current = await manager.getNode(target.ID).inspect();
      await manager
        .getNode(target.ID)
        .update({ version: current.Version.Index, ...current.Spec, Availability: availability });
    };
    try {
      await setAvailability('drain');
      // NOTE: the swarm marks node-3's tasks for shutdown a moment after the node's event, and
      // no event says so: the graph must follow from that moment, not match the state before.
      await waitFor('the drain acted on node-3', async () => (await onTarget()).length === 0);
      await expectConverged('node drain: tasks told to shut down');
      expect(client.topology?.nodes[target.ID]).toMatchObject({ availability: 'drain' });
      await waitFor(
        'the overlay gone from node-3',
        async () =>
          !(await harness.freshTopology()).networks[overlay.id]?.nodes.includes(target.ID),
        30_000,
        100,
      );
      // NOTE: checked once the swarm has settled: the drain moves the seed's tasks too, and while
      // their containers start elsewhere the check above has shown the path mid-move (CI once saw
      // a new task container's addresses 1.6 s past the bound on a loaded machine).
      await waitFor(
        'every task settled',
        async () => !(await manager.listTasks()).some(isMoving),
        60_000,
        100,
      );
      await expectConverged('node drain: tasks moved and the overlay gone from the node');
    } finally {
      await setAvailability('active');
    }
    await waitFor(
      'the global task back on node-3',
      async () => (await onTarget()).some((task) => task.Status?.State === 'running'),
      60_000,
      100,
    );
    await expectConverged('node activate');
    expect(client.topology?.nodes[target.ID]).toMatchObject({ availability: 'active' });
    expect(client.topology?.networks[overlay.id]?.nodes).toContain(target.ID);
  });

  it('streams one unbroken chain of versions', () => {
    expect(client.gaps).toEqual([]);
    const patches = client.steps.filter((step) => step.kind === 'patch');
    expect(patches.length).toBeGreaterThan(0);
    for (let i = 1; i < client.steps.length; i++) {
      const step = client.steps[i];
      const previous = client.steps[i - 1];
      if (step?.kind === 'patch') expect(step.from).toBe(previous?.to);
    }
  });
});
