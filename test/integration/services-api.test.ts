import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SwarmService, SwarmTask } from '@/lib/docker/engine-api';
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
 * The services API against the three-node lab: what it creates shows up in the live topology
 * exactly as the Engine API reports it, bad input creates nothing, and the engine's 404/409 pass
 * through. Every object is labelled portolan.test=true and removed in afterAll.
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
const CONVERGE_MS = 60_000;
const SECRET = 'sw0rdfish-not-for-logs';

let harness: LiveHarness;
let manager: Docker;
let overlay: { id: string; name: string };
const made = { services: [] as string[], networks: [] as string[] };
const published = 30_000 + Math.floor(Math.random() * 2_000);

const topology = (): Topology => harness.hub.snapshot();

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/**
 * The harness's API, waiting out the server's rate limit for changes (burst 30, then 5/s): this
 * file makes more changes than that on purpose.
 */
async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  for (;;) {
    const response = await harness.api(path, init);
    if (response.status !== 429) return response;
    const seconds = Number(response.headers.get('retry-after') ?? 1);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

async function post(path: string, body?: unknown) {
  const response = await api(path, {
    method: 'POST',
    ...(body === undefined ? {} : { json: body }),
  });
  return { status: response.status, body: await json(response) };
}

async function createService(body: Record<string, unknown>) {
  const answer = await post('/api/services', { labels: TEST_LABELS, ...body });
  if (answer.status === 201) made.services.push(answer.body.id as string);
  return answer;
}

async function engineTasks(serviceId: string): Promise<SwarmTask[]> {
  return (await manager.listTasks({ filters: { service: [serviceId] } })) as SwarmTask[];
}

/**
 * Waits until the engine runs exactly `replicas` tasks (none still starting or stopping) and the
 * topology shows the same: replicas {desired, running} and the same running tasks on the same nodes.
 */
async function converged(serviceId: string, replicas: number) {
  let last = '';
  await waitFor(
    `service ${serviceId} at ${replicas} running tasks, in the engine and the topology`,
    async () => {
      const tasks = await engineTasks(serviceId);
      const running = tasks.filter(
        (task) => task.DesiredState === 'running' && task.Status.State === 'running',
      );
      const moving = tasks.some(
        (task) =>
          (task.DesiredState === 'running' && task.Status.State !== 'running') ||
          (task.DesiredState !== 'running' && ['running', 'starting'].includes(task.Status.State)),
      );
      const service = topology().services[serviceId];
      const shown = Object.values(topology().tasks)
        .filter(
          (task) =>
            task.service === serviceId &&
            task.desiredState === 'running' &&
            task.state === 'running',
        )
        .map((task) => `${task.id}@${task.node}`)
        .sort();
      const expected = running.map((task) => `${task.ID}@${task.NodeID}`).sort();
      last = `engine ${running.length} running${moving ? ' (moving)' : ''}, topology ${JSON.stringify(service?.replicas)} with ${shown.length} running tasks`;
      return (
        running.length === replicas &&
        !moving &&
        service?.replicas.desired === replicas &&
        service.replicas.running === replicas &&
        JSON.stringify(shown) === JSON.stringify(expected)
      );
    },
    CONVERGE_MS,
    100,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (last: ${last})`);
  });
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  const [nodeOne] = specs;
  if (!nodeOne) throw new Error('the lab has three engines');
  manager = dockerFor(nodeOne);
  harness = await startLiveHarness(specs);
  await waitFor(
    'every lab engine live',
    () => {
      const engines = Object.values(topology().engines);
      return engines.length === specs.length && engines.every((engine) => engine.reachable);
    },
    30_000,
  );
  const name = uniqueName('svc-ovl');
  const network = await manager.createNetwork({
    Name: name,
    Driver: 'overlay',
    Attachable: true,
    Labels: TEST_LABELS,
    CheckDuplicate: true,
  });
  overlay = { id: network.id, name };
  made.networks.push(network.id);
  await waitFor('the overlay in the topology', () => topology().networks[network.id]);
});

afterAll(async () => {
  for (const id of made.services) {
    await manager
      .getService(id)
      .remove()
      .catch(() => undefined);
  }
  if (made.services.length > 0 && manager) {
    await waitFor(
      'the test services gone',
      async () => {
        const tasks = (await manager.listTasks()) as SwarmTask[];
        return tasks.every((task) => !made.services.includes(task.ServiceID));
      },
      30_000,
      200,
    ).catch(() => undefined);
  }
  for (const id of made.networks) {
    await waitFor(
      `network ${id} removed`,
      () =>
        manager
          .getNetwork(id)
          .remove()
          .then(() => true)
          .catch((error: { statusCode?: number }) => error.statusCode === 404),
      30_000,
      200,
    ).catch(() => undefined);
  }
  await harness?.close();
});

describe('POST /api/services', () => {
  let serviceId = '';
  const name = uniqueName('svc');

  it('creates a replicated service on an overlay with a published port: its VIP and ingress path appear', async () => {
    const answer = await createService({
      name,
      image: 'busybox:latest',
      command: SLEEP_CMD,
      replicas: 1,
      networks: [{ network: overlay.name, aliases: ['svc-alias'] }],
      ports: [{ target: 80, published }],
      env: [`SECRET=${SECRET}`, 'STAGE=one'],
      stopGracePeriodSeconds: 1,
    });
    expect(answer).toMatchObject({ status: 201, body: { name, warnings: [] } });
    serviceId = answer.body.id as string;

    await converged(serviceId, 1);
    const service = topology().services[serviceId];
    expect(service).toMatchObject({
      name,
      mode: { kind: 'replicated', replicas: 1 },
      endpointMode: 'vip',
      envKeys: ['SECRET', 'STAGE'],
      labels: { 'portolan.test': 'true', 'com.portolan.managed': 'true' },
      ports: [{ target: 80, published, protocol: 'tcp', mode: 'ingress' }],
    });
    expect(service?.vips.some((vip) => vip.network === overlay.id)).toBe(true);
    await waitFor('the ingress path with its task', () => {
      const path = topology().ingress[`ingress:${serviceId}:${published}/tcp`];
      return path?.kind === 'ingress' && path.vip !== null && path.tasks.length === 1;
    });

    // What the engine got: only the allow-listed fields, plus Portolan's label.
    const inspect = (await manager.getService(serviceId).inspect()) as SwarmService & {
      Spec: { TaskTemplate: { ContainerSpec: Record<string, unknown> } };
    };
    expect(inspect.Spec.Labels).toEqual({
      'portolan.test': 'true',
      'com.portolan.managed': 'true',
    });
    expect(inspect.Spec.TaskTemplate.ContainerSpec).toMatchObject({
      Image: 'busybox:latest',
      Command: SLEEP_CMD,
      StopGracePeriod: 1e9,
      Labels: { 'com.portolan.managed': 'true' },
    });
    expect(inspect.Spec.TaskTemplate.Networks).toEqual([
      { Target: overlay.id, Aliases: ['svc-alias'] },
    ]);
    expect(JSON.stringify(topology())).not.toContain(SECRET);
  });

  it('shows the service for the update form with env keys only', async () => {
    const response = await api(`/api/services/${name}`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({
      id: serviceId,
      name,
      managed: true,
      mode: 'replicated',
      replicas: 1,
      envKeys: ['SECRET', 'STAGE'],
      ports: [{ target: 80, published, protocol: 'tcp', mode: 'ingress' }],
      canRollBack: false,
    });
  });

  it('refuses a port another service publishes, naming it, and creates nothing', async () => {
    const other = uniqueName('svc-clash');
    const answer = await createService({
      name: other,
      image: 'busybox:latest',
      ports: [{ target: 8080 }, { target: 80, published }],
    });
    expect(answer.status).toBe(409);
    expect(answer.body.fields).toEqual({
      'ports.1.published': `Port ${published}/tcp is already published by service ${name}.`,
    });
    await expect(manager.getService(other).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('scales 1 → 6 → 2, and the topology follows the tasks the engine runs', async () => {
    const up = await post(`/api/services/${name}/scale`, { replicas: 6 });
    expect(up).toEqual({
      status: 200,
      body: { id: serviceId, name, replicas: 6, previousReplicas: 1 },
    });
    await converged(serviceId, 6);
    const path = topology().ingress[`ingress:${serviceId}:${published}/tcp`];
    expect(path?.kind === 'ingress' ? path.tasks.length : 0).toBe(6);

    const down = await post(`/api/services/${serviceId}/scale`, { replicas: 2 });
    expect(down.body).toMatchObject({ replicas: 2, previousReplicas: 6 });
    await converged(serviceId, 2);
  });

  it('applies concurrent scale requests one after the other (re-read on "update out of sequence")', async () => {
    const before = (await manager.getService(serviceId).inspect()) as SwarmService;
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() => post(`/api/services/${serviceId}/scale`, { replicas: 2 })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const after = (await manager.getService(serviceId).inspect()) as SwarmService;
    // NOTE: Version.Index is the swarm store's index: each accepted update moves it at least once
    // (other changes in the swarm move it too).
    expect((after.Version?.Index ?? 0) - (before.Version?.Index ?? 0)).toBeGreaterThanOrEqual(4);
    await converged(serviceId, 2);
  });

  it('updates env and ports as a rolling update, then rolls back', async () => {
    const moved = published === 31_999 ? 30_000 : published + 1;
    const update = await post(`/api/services/${name}/update`, {
      envAdd: ['STAGE=two', 'EXTRA=1'],
      envRemove: ['SECRET'],
      ports: [{ target: 80, published: moved }],
      updateConfig: { parallelism: 1 },
    });
    expect(update).toMatchObject({ status: 200, body: { id: serviceId, name, warnings: [] } });
    await waitFor(
      'the update completed in the topology',
      () => {
        const service = topology().services[serviceId];
        return (
          service?.updateStatus?.state === 'completed' &&
          service.ports[0]?.published === moved &&
          topology().ingress[`ingress:${serviceId}:${moved}/tcp`] !== undefined
        );
      },
      CONVERGE_MS,
      100,
    );
    expect(topology().services[serviceId]?.envKeys).toEqual(['EXTRA', 'STAGE']);
    expect(topology().ingress[`ingress:${serviceId}:${published}/tcp`]).toBeUndefined();
    await converged(serviceId, 2);
    const inspect = (await manager.getService(serviceId).inspect()) as {
      Spec: { TaskTemplate: { ContainerSpec: { Env: string[] } } };
    };
    expect(inspect.Spec.TaskTemplate.ContainerSpec.Env).toEqual(['STAGE=two', 'EXTRA=1']);

    const rollback = await post(`/api/services/${name}/rollback`);
    expect(rollback).toEqual({ status: 200, body: { id: serviceId, name } });
    await waitFor(
      'the rollback completed in the topology',
      () => {
        const service = topology().services[serviceId];
        return (
          service?.updateStatus?.state === 'rollback_completed' &&
          service.ports[0]?.published === published &&
          service.envKeys.join() === 'SECRET,STAGE'
        );
      },
      CONVERGE_MS,
      100,
    );
    await converged(serviceId, 2);
  });

  it('passes the engine 404 and 409 through', async () => {
    const missing = uniqueName('nope');
    for (const [method, path, body] of [
      ['POST', `/api/services/${missing}/scale`, { replicas: 1 }],
      ['POST', `/api/services/${missing}/update`, { replicas: 1 }],
      ['POST', `/api/services/${missing}/rollback`, undefined],
      ['DELETE', `/api/services/${missing}`, undefined],
      ['GET', `/api/services/${missing}`, undefined],
    ] as const) {
      const response = await api(path, {
        method,
        ...(body === undefined ? {} : { json: body }),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await json(response)).toEqual({ error: `service ${missing} not found` });
    }
    const duplicate = await createService({ name, image: 'busybox:latest' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatch(/name conflicts with an existing object/);
  });

  it('removes the service; the topology drops it and its ingress path', async () => {
    const response = await api(`/api/services/${name}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ id: serviceId, name });
    await waitFor('the service gone from the topology', () => {
      const now = topology();
      return (
        now.services[serviceId] === undefined &&
        now.ingress[`ingress:${serviceId}:${published}/tcp`] === undefined
      );
    });
    await expect(manager.getService(serviceId).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('services the swarm cannot place, global services, rollbacks without history', () => {
  it('a constraint that cannot be met leaves the task pending with the engine’s reason', async () => {
    const name = uniqueName('svc-pending');
    const answer = await createService({
      name,
      image: 'busybox:latest',
      command: SLEEP_CMD,
      constraints: ['node.labels.nope==1'],
      stopGracePeriodSeconds: 1,
    });
    expect(answer.status).toBe(201);
    const id = answer.body.id as string;
    const engineTask = await waitFor('the engine to give up placing the task', async () => {
      const [task] = await engineTasks(id);
      return task?.Status.State === 'pending' && task.Status.Err ? task : null;
    });
    expect(engineTask.Status.Err).toMatch(/no suitable node/);
    await waitFor('the pending task and its reason in the topology', () => {
      const task = topology().tasks[engineTask.ID];
      return (
        task?.state === 'pending' &&
        task.desiredState === 'running' &&
        task.node === null &&
        task.error === engineTask.Status.Err
      );
    });
    // NOTE: the pending task is one meant to run that does not run yet: starting.
    expect(topology().services[id]?.replicas).toEqual({
      desired: 1,
      running: 0,
      starting: 1,
      stopping: 0,
    });

    const rollback = await post(`/api/services/${id}/rollback`);
    expect(rollback).toEqual({
      status: 409,
      body: { error: `${name} has no previous version to roll back to.` },
    });
  });

  it('a global service runs one task per node and is not scaled', async () => {
    const name = uniqueName('svc-global');
    const answer = await createService({
      name,
      image: 'busybox:latest',
      command: SLEEP_CMD,
      mode: 'global',
      endpointMode: 'dnsrr',
      networks: [{ network: overlay.id }],
      stopGracePeriodSeconds: 1,
    });
    expect(answer.status).toBe(201);
    const id = answer.body.id as string;
    await converged(id, 3);
    const nodes = Object.values(topology().tasks)
      .filter((task) => task.service === id && task.desiredState === 'running')
      .map((task) => task.node)
      .sort();
    // one per swarm node: the standalone node-4 is not in the swarm
    const swarmNodes = Object.values(topology().nodes).filter((node) => node.kind === 'swarm');
    expect(swarmNodes).toHaveLength(3);
    expect(nodes).toEqual(swarmNodes.map((node) => node.id).sort());
    expect(topology().services[id]).toMatchObject({ mode: { kind: 'global' }, vips: [] });

    const scale = await post(`/api/services/${id}/scale`, { replicas: 2 });
    expect(scale.status).toBe(409);
    expect(scale.body.error).toMatch(/global service/);
    const update = await post(`/api/services/${id}/update`, { replicas: 2 });
    expect(update.status).toBe(409);
    const removed = await api(`/api/services/${id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
  });
});

describe('bad input', () => {
  it('gets 400 with one message per field, and no service exists afterwards', async () => {
    const run = uniqueName('bad');
    const base = { name: `${run}-x`, image: 'busybox:latest', labels: { 'portolan.bad-run': run } };
    const cases: [string, unknown, string][] = [
      ['no name', { ...base, name: undefined }, 'name'],
      ['a name with a dot', { ...base, name: `${run}.x` }, 'name'],
      ['no image', { ...base, image: undefined }, 'image'],
      ['a bad image', { ...base, image: 'Not An Image' }, 'image'],
      ['1001 replicas', { ...base, replicas: 1001 }, 'replicas'],
      ['-1 replicas', { ...base, replicas: -1 }, 'replicas'],
      ['replicas on a global service', { ...base, mode: 'global', replicas: 3 }, 'replicas'],
      ['port 0', { ...base, ports: [{ target: 0 }] }, 'ports.0.target'],
      ['port 70000', { ...base, ports: [{ target: 80, published: 70000 }] }, 'ports.0.published'],
      ['sctp', { ...base, ports: [{ target: 80, protocol: 'sctp' }] }, 'ports.0.protocol'],
      ['mode ingres', { ...base, ports: [{ target: 80, mode: 'ingres' }] }, 'ports.0.mode'],
      ['env without =', { ...base, env: ['NOPE'] }, 'env.0'],
      ['a bad endpoint mode', { ...base, endpointMode: 'lb' }, 'endpointMode'],
      ['a bad constraint', { ...base, constraints: ['node.role=worker'] }, 'constraints.0'],
      ['privileged', { ...base, privileged: true }, 'privileged'],
      ['a bind mount', { ...base, mounts: [{ source: '/', target: '/host' }] }, 'mounts'],
      [
        'capabilities in a port',
        { ...base, ports: [{ target: 80, capAdd: ['ALL'] }] },
        'ports.0.capAdd',
      ],
      ['a reserved label', { ...base, labels: { 'com.docker.x': '1' } }, 'labels.com.docker.x'],
      [
        'an unknown network',
        { ...base, networks: [{ network: uniqueName('nonet') }] },
        'networks.0.network',
      ],
      [
        'the ingress network',
        { ...base, networks: [{ network: 'ingress' }] },
        'networks.0.network',
      ],
      ['a local bridge', { ...base, networks: [{ network: 'bridge' }] }, 'networks.0.network'],
      ['a body that is not an object', [base], '_'],
    ];
    for (const [what, body, field] of cases) {
      const answer = await post('/api/services', body);
      expect(answer.status, what).toBe(400);
      expect(Object.keys(answer.body.fields as object), what).toContain(field);
      expect(typeof answer.body.error, what).toBe('string');
    }
    const notJson = await api('/api/services', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(notJson.status).toBe(400);
    const notTyped = await api('/api/services', { method: 'POST', body: 'name=x' });
    expect(notTyped.status).toBe(400);

    const scale = await post(`/api/services/${run}/scale`, { replicas: 1001 });
    expect(scale).toMatchObject({
      status: 400,
      body: { fields: { replicas: expect.any(String) } },
    });
    const update = await post(`/api/services/${run}/update`, {});
    expect(update.status).toBe(400);
    const rollback = await post(`/api/services/${run}/rollback`, { to: 'v1' });
    expect(rollback).toMatchObject({ status: 400, body: { fields: { to: 'Unknown field: to' } } });

    const left = await manager.listServices({ filters: { label: [`portolan.bad-run=${run}`] } });
    expect(left).toEqual([]);
    const names = (await manager.listServices()).map((service) => service.Spec?.Name ?? '');
    expect(names.filter((candidate) => candidate.startsWith(run))).toEqual([]);
  });
});

describe('POST /api/swarm/init (refusals only: the lab stays as it is)', () => {
  it('offers the addresses an engine can advertise', async () => {
    const response = await api('/api/swarm/addresses?engine=node-1');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ engine: 'node-1', swarmState: 'active' });
    expect(body.addresses).toContain('10.213.0.11');
  });

  it('refuses bad input, a foreign address, and an engine already in a swarm', async () => {
    const cases: [unknown, number, string | null][] = [
      [{ engine: 'node-9', advertiseAddr: '10.213.0.11' }, 400, 'engine'],
      [{ engine: 'node-1', advertiseAddr: 'not-an-ip' }, 400, 'advertiseAddr'],
      [{ engine: 'node-1', advertiseAddr: '127.0.0.1' }, 400, 'advertiseAddr'],
      [{ engine: 'node-1' }, 400, 'advertiseAddr'],
      [
        { engine: 'node-1', advertiseAddr: '10.213.0.11', forceNewCluster: true },
        400,
        'forceNewCluster',
      ],
      [{ engine: 'node-1', advertiseAddr: '198.51.100.7' }, 400, 'advertiseAddr'],
      [{ engine: 'node-1', advertiseAddr: '10.213.0.11' }, 409, null],
    ];
    for (const [body, status, field] of cases) {
      const answer = await post('/api/swarm/init', body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      if (field) expect(Object.keys(answer.body.fields as object)).toContain(field);
      else expect(answer.body.error).toMatch(/already part of a swarm/);
    }
    const info = (await manager.info()) as { Swarm: { LocalNodeState: string } };
    expect(info.Swarm.LocalNodeState).toBe('active');
  });
});
