import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Topology } from '@/lib/topology/types';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * The containers API against the lab: run on a chosen engine with networks, aliases and port
 * mappings; start, stop, restart, remove; the topology follows; bad input creates nothing; the
 * engine's 404 and 409 pass through. Everything made is labelled portolan.test=true.
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
const SECRET = 'c0rrect-horse-battery';

let harness: LiveHarness;
const docker: Record<string, Docker> = {};
const made = {
  containers: [] as [string, string][],
  networks: [] as [string, string][],
  services: [] as string[],
};
const hostPort = 40_000 + Math.floor(Math.random() * 1_000);

const topology = (): Topology => harness.hub.snapshot();

function engine(name: string): Docker {
  const found = docker[name];
  if (!found) throw new Error(`no engine ${name} in the lab`);
  return found;
}

/** The harness's API, waiting out the server's rate limit for changes (burst 30, then 5/s). */
async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  for (;;) {
    const response = await harness.api(path, init);
    if (response.status !== 429) return response;
    const seconds = Number(response.headers.get('retry-after') ?? 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

async function call(method: 'POST' | 'DELETE', path: string, body?: unknown) {
  const response = await api(path, { method, ...(body === undefined ? {} : { json: body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function run(body: Record<string, unknown>) {
  const answer = await call('POST', '/api/containers', { labels: TEST_LABELS, ...body });
  if (answer.status === 201) {
    made.containers.push([answer.body.engine as string, answer.body.id as string]);
  }
  return answer;
}

async function makeNetwork(on: string): Promise<{ id: string; name: string }> {
  const name = uniqueName('ctr-net');
  const network = await engine(on).createNetwork({
    Name: name,
    Driver: 'bridge',
    Labels: TEST_LABELS,
    CheckDuplicate: true,
  });
  made.networks.push([on, network.id]);
  await waitFor(`network ${name} in the topology`, () => topology().networks[network.id]);
  return { id: network.id, name };
}

async function shownState(id: string, state: string) {
  await waitFor(`container ${id} ${state} in the topology`, async () => {
    const shown = topology().containers[id]?.state;
    if (shown !== state) return false;
    const engineName = topology().containers[id]?.engine ?? '';
    const inspect = await engine(engineName).getContainer(id).inspect();
    return inspect.State.Status === state;
  });
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  for (const spec of specs) docker[spec.name] = dockerFor(spec);
  harness = await startLiveHarness(specs);
  await waitFor(
    'every lab engine live',
    () => {
      const engines = Object.values(topology().engines);
      return engines.length === specs.length && engines.every((candidate) => candidate.reachable);
    },
    30_000,
  );
});

afterAll(async () => {
  for (const id of made.services) {
    await engine('node-1')
      .getService(id)
      .remove()
      .catch(() => undefined);
  }
  for (const [on, id] of made.containers) {
    await engine(on)
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const [on, id] of made.networks) {
    await engine(on)
      .getNetwork(id)
      .remove()
      .catch(() => undefined);
  }
  await harness?.close();
});

describe('POST /api/containers and the per-container actions', () => {
  const name = uniqueName('box');
  let id = '';

  it('runs a container on a worker with two networks, aliases and a port mapping', async () => {
    const [front, back] = [await makeNetwork('node-2'), await makeNetwork('node-2')];
    const answer = await run({
      engine: 'node-2',
      name,
      image: 'busybox:latest',
      command: SLEEP_CMD,
      env: [`SECRET=${SECRET}`],
      networks: [
        { network: front.name, aliases: ['front-alias'] },
        { network: back.id, aliases: ['back-alias', 'db'] },
      ],
      ports: [{ target: 80, published: hostPort }],
      restartPolicy: { condition: 'on-failure', maxAttempts: 2 },
      limits: { cpus: 0.5, memoryMb: 32 },
      stopGracePeriodSeconds: 1,
    });
    expect(answer).toMatchObject({
      status: 201,
      body: { name, engine: 'node-2', state: 'running', warnings: [] },
    });
    id = answer.body.id as string;

    await shownState(id, 'running');
    const container = await waitFor('both endpoints in the topology', () => {
      const shown = topology().containers[id];
      return shown?.endpoints.length === 2 ? shown : null;
    });
    expect(container.node).toBe(topology().engines['node-2']?.node);
    expect(container.labels).toMatchObject({
      'portolan.test': 'true',
      'com.portolan.managed': 'true',
    });
    const aliases = Object.fromEntries(
      container.endpoints.map((endpoint) => [endpoint.network, endpoint.aliases]),
    );
    expect(aliases).toEqual({ [front.id]: ['front-alias'], [back.id]: ['back-alias', 'db'] });
    expect(container.ports).toContainEqual(
      expect.objectContaining({ hostPort, containerPort: 80, protocol: 'tcp' }),
    );
    await waitFor('the bridge ingress path', () =>
      Object.values(topology().ingress).some(
        (path) => path.kind === 'bridge' && path.container === id && path.published === hostPort,
      ),
    );

    // What the engine got: the allow-listed fields and nothing else.
    const inspect = await engine('node-2').getContainer(id).inspect();
    expect(inspect.HostConfig).toMatchObject({
      NetworkMode: front.id,
      Privileged: false,
      NanoCpus: 5e8,
      Memory: 32 * 1024 * 1024,
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
    });
    expect(inspect.HostConfig.Binds ?? null).toBeNull();
    expect(inspect.HostConfig.CapAdd ?? null).toBeNull();
    expect((inspect.Config as { StopTimeout?: number }).StopTimeout).toBe(1);
    expect(JSON.stringify(topology())).not.toContain(SECRET);
  });

  it('refuses a host port already mapped on that engine, naming the container, and creates nothing', async () => {
    const other = uniqueName('box-clash');
    const answer = await run({
      engine: 'node-2',
      name: other,
      image: 'busybox:latest',
      ports: [{ target: 8080, published: hostPort }],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.fields).toEqual({
      'ports.0.published': `Port ${hostPort}/tcp is already mapped by container ${name} on this engine.`,
    });
    const elsewhere = await run({
      engine: 'node-3',
      name: other,
      image: 'busybox:latest',
      command: SLEEP_CMD,
      ports: [{ target: 8080, published: hostPort }],
      start: false,
    });
    expect(elsewhere).toMatchObject({ status: 201, body: { engine: 'node-3', state: 'created' } });
    const removed = await call('DELETE', `/api/containers/${other}?engine=node-3`);
    expect(removed).toEqual({
      status: 200,
      body: { id: elsewhere.body.id, name: other, engine: 'node-3' },
    });
  });

  it('stops, starts and restarts it; the topology follows', async () => {
    const stop = await call('POST', `/api/containers/${name}/stop`, { timeoutSeconds: 1 });
    expect(stop).toEqual({ status: 200, body: { id, name, engine: 'node-2', state: 'exited' } });
    await shownState(id, 'exited');

    const again = await call('POST', `/api/containers/${name}/stop`);
    expect(again.body.state).toBe('exited');

    const start = await call('POST', `/api/containers/${id}/start`);
    expect(start.body).toMatchObject({ id, state: 'running' });
    await shownState(id, 'running');

    const before = (await engine('node-2').getContainer(id).inspect()).State.StartedAt;
    const restart = await call('POST', `/api/containers/${id.slice(0, 12)}/restart`, {
      timeoutSeconds: 1,
    });
    expect(restart.body).toMatchObject({ id, state: 'running' });
    const after = (await engine('node-2').getContainer(id).inspect()).State.StartedAt;
    expect(after).not.toBe(before);
    await shownState(id, 'running');
  });

  it('passes the engine 409 through for removing a running container, then force-removes it', async () => {
    const refused = await call('DELETE', `/api/containers/${name}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/cannot remove a running container/i);

    const removed = await call('DELETE', `/api/containers/${name}?force=true`);
    expect(removed).toEqual({ status: 200, body: { id, name, engine: 'node-2' } });
    await waitFor('the container gone from the topology', () => !topology().containers[id]);
  });

  it('passes 404 through for containers no engine has', async () => {
    const missing = uniqueName('ghost');
    for (const [method, path] of [
      ['POST', `/api/containers/${missing}/start`],
      ['POST', `/api/containers/${missing}/stop`],
      ['POST', `/api/containers/${missing}/restart`],
      ['DELETE', `/api/containers/${missing}`],
    ] as const) {
      const answer = await call(method, path);
      expect(answer, `${method} ${path}`).toEqual({
        status: 404,
        body: { error: `No such container: ${missing}` },
      });
    }
    const unknownEngine = await call('POST', `/api/containers/${missing}/start?engine=node-9`);
    expect(unknownEngine.status).toBe(404);
  });
});

describe('defaults, images and swarm tasks', () => {
  it('runs on the first reachable engine when none is named', async () => {
    const answer = await run({ image: 'busybox:latest', command: SLEEP_CMD, start: false });
    expect(answer).toMatchObject({ status: 201, body: { engine: 'node-1', state: 'created' } });
    expect(answer.body.name).toMatch(/^[a-z]+_[a-z]+$/);
    const removed = await call('DELETE', `/api/containers/${answer.body.id as string}`);
    expect(removed.status).toBe(200);
  });

  it('lists the images each engine holds', async () => {
    const response = await api('/api/images');
    expect(response.status).toBe(200);
    const { engines } = (await response.json()) as {
      engines: { engine: string; reachable: boolean; images: { tags: string[] }[] }[];
    };
    expect(engines.map((entry) => entry.engine)).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
    for (const entry of engines) {
      expect(entry.reachable).toBe(true);
      expect(entry.images.flatMap((image) => image.tags)).toContain('busybox:latest');
    }
  });

  it('refuses to act on a swarm task’s container', async () => {
    const service = (await engine('node-1').createService({
      Name: uniqueName('ctr-task'),
      Labels: TEST_LABELS,
      TaskTemplate: {
        ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, StopGracePeriod: 1e9 },
        Placement: { Constraints: ['node.role==manager'] },
      },
      Mode: { Replicated: { Replicas: 1 } },
    })) as { id: string };
    made.services.push(service.id);
    const task = await waitFor(
      'the task container in the topology',
      () =>
        Object.values(topology().containers).find(
          (container) => container.service === service.id && container.state === 'running',
        ),
      60_000,
      100,
    );
    for (const [method, path] of [
      ['POST', `/api/containers/${task.id}/stop`],
      ['POST', `/api/containers/${task.id}/restart`],
      ['DELETE', `/api/containers/${task.id}?force=true`],
    ] as const) {
      const answer = await call(method, path);
      expect(answer.status, `${method} ${path}`).toBe(409);
      expect(answer.body.error).toMatch(/the swarm manages it/);
    }
    expect((await engine('node-1').getContainer(task.id).inspect()).State.Status).toBe('running');
  });
});

describe('bad input', () => {
  it('gets 400 with one message per field, and no container exists afterwards', async () => {
    const runId = uniqueName('bad');
    const base = {
      engine: 'node-1',
      name: `${runId}-x`,
      image: 'busybox:latest',
      labels: { 'portolan.bad-run': runId },
    };
    const cases: [string, unknown, string][] = [
      ['a one-letter name', { ...base, name: 'x' }, 'name'],
      ['a name with a slash', { ...base, name: `${runId}/x` }, 'name'],
      ['no image', { ...base, image: undefined }, 'image'],
      ['an image no engine has', { ...base, image: 'portolan/never-pulled:1' }, 'image'],
      ['an unknown engine', { ...base, engine: 'node-9' }, 'engine'],
      ['port 0', { ...base, ports: [{ target: 0 }] }, 'ports.0.target'],
      ['port 65536', { ...base, ports: [{ target: 80, published: 65536 }] }, 'ports.0.published'],
      ['a bad host IP', { ...base, ports: [{ target: 80, hostIp: 'all' }] }, 'ports.0.hostIp'],
      ['env without =', { ...base, env: ['X'] }, 'env.0'],
      ['privileged', { ...base, privileged: true }, 'privileged'],
      ['HostConfig', { ...base, HostConfig: { Binds: ['/:/host'] } }, 'HostConfig'],
      ['the host network', { ...base, networks: [{ network: 'host' }] }, 'networks.0.network'],
      [
        'an alias on bridge',
        { ...base, networks: [{ network: 'bridge', aliases: ['a'] }] },
        'networks.0.aliases',
      ],
      [
        'an unknown network',
        { ...base, networks: [{ network: uniqueName('nonet') }] },
        'networks.0.network',
      ],
      [
        'a non-attachable overlay',
        { ...base, networks: [{ network: 'secure' }] },
        'networks.0.network',
      ],
      [
        'a bad restart policy',
        { ...base, restartPolicy: { condition: 'sometimes' } },
        'restartPolicy.condition',
      ],
    ];
    for (const [what, body, field] of cases) {
      const answer = await call('POST', '/api/containers', body);
      expect(answer.status, what).toBe(400);
      expect(Object.keys(answer.body.fields as object), what).toContain(field);
    }
    const stop = await call('POST', `/api/containers/${runId}/stop`, { timeoutSeconds: 999 });
    expect(stop).toMatchObject({
      status: 400,
      body: { fields: { timeoutSeconds: expect.any(String) } },
    });
    const force = await call('DELETE', `/api/containers/${runId}?force=yes`);
    expect(force.status).toBe(400);

    for (const name of Object.keys(docker)) {
      const left = await engine(name).listContainers({
        all: true,
        filters: { label: [`portolan.bad-run=${runId}`] },
      });
      expect(left, name).toEqual([]);
    }
  });
});
