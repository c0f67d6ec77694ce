import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sortIps } from '@/lib/discovery/model';
import { taskPhase } from '@/lib/topology/tasks';
import type { Topology, TopologyContainer, TopologyService } from '@/lib/topology/types';
import { toGraph } from '@/lib/view/graph';
import { DEFAULT_LAYERS } from '@/lib/view/model';
import { lookupManyInContainer } from '@/server/docker/exec';

import { dockerFor, labEngineSpecs, uniqueName, waitFor } from '../support/lab-engines';
import { startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * A stack as people deploy it, against the real lab: `docker stack deploy` of a compose file
 * (two overlays, a service on both with 2 replicas and a published port, a dnsrr service with a
 * compose alias), a service created with `--network name=N,alias=A`, and a scale-down inside a
 * long stop grace period. For every task container and every name (short names, full
 * `<stack>_<service>` names, `tasks.` forms, aliases, an unknown name), `/api/resolve` must equal
 * what nslookup at 127.0.0.11 inside the container gets; during the scale-down, at each step.
 */
const run = promisify(execFile);
const STACK = uniqueName('stk').replace(/-/g, '');
const KV = `${STACK}-kv`;
const SLOW = `${STACK}-slow`;
const GRACE_S = 30;
const PORT = 20_000 + Math.floor(Math.random() * 9_000);
const UNKNOWN = `no-such-${STACK}`;
const LOOP = "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done";
// NOTE: a task that ignores SIGTERM stays up for its whole grace period once told to stop.
const DEAF = 'trap "" TERM; while :; do sleep 1; done';

const COMPOSE = `version: "3.8"
services:
  front:
    image: busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    networks: [edge, core]
    ports: ["${PORT}:80"]
    deploy: { replicas: 2, labels: { portolan.test: "true" } }
  cache:
    image: busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    networks: { core: { aliases: [redis] } }
    deploy: { replicas: 2, endpoint_mode: dnsrr, labels: { portolan.test: "true" } }
  api:
    image: busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    networks: [edge]
    deploy: { replicas: 1, labels: { portolan.test: "true" } }
networks:
  edge: { driver: overlay, labels: { portolan.test: "true" } }
  core: { driver: overlay, labels: { portolan.test: "true" } }
`;

/** Every service this file makes, and how many tasks each runs before the scale-down. */
const REPLICAS: Record<string, number> = {
  [`${STACK}_front`]: 2,
  [`${STACK}_cache`]: 2,
  [`${STACK}_api`]: 1,
  [KV]: 1,
  [SLOW]: 3,
};

let harness: LiveHarness;
let dockers: Map<string, Docker>;
let managerSocket: string;
let workDir: string;

const docker = (...args: string[]) =>
  run('/usr/bin/docker', ['-H', `unix://${managerSocket}`, ...args], { timeout: 60_000 });

const serviceNamed = (topology: Topology, name: string): TopologyService | undefined =>
  Object.values(topology.services).find((service) => service.name === name);

/** Every task of this file's services runs, and its container is in the topology. */
function deployed(topology: Topology): boolean {
  return Object.entries(REPLICAS).every(([name, replicas]) => {
    const service = serviceNamed(topology, name);
    if (!service) return false;
    const running = Object.values(topology.tasks).filter(
      (task) => task.service === service.id && taskPhase(task) === 'running',
    );
    return (
      running.length === replicas &&
      running.every((task) => task.containerId && topology.containers[task.containerId])
    );
  });
}

/** The running containers of this file's tasks, by name. */
function taskContainers(topology: Topology): TopologyContainer[] {
  const ours = new Set(Object.keys(REPLICAS).map((name) => serviceNamed(topology, name)?.id ?? ''));
  return Object.values(topology.containers)
    .filter((container) => container.state === 'running' && ours.has(container.service ?? ''))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function predicted(from: string, name: string): Promise<string[]> {
  const query = new URLSearchParams({ from, name });
  const response = await harness.api(`/api/resolve?${query.toString()}`);
  expect(response.status, `${from} ${name}`).toBe(200);
  return sortIps(((await response.json()) as { answers: string[] }).answers);
}

interface Pair {
  container: TopologyContainer;
  name: string;
  live: string[];
  predicted: string[];
}

/** For each container and name: the live lookup, then /api/resolve (after it, as things move). */
async function sweep(containers: TopologyContainer[], names: string[]): Promise<Pair[]> {
  const pairs: Pair[] = [];
  await Promise.all(
    containers.map(async (container) => {
      const engine = dockers.get(container.engine)!;
      const live = await lookupManyInContainer(engine, container.id, names, { parallel: 25 });
      for (const name of names) {
        pairs.push({
          container,
          name,
          live: sortIps(live.get(name)?.answers ?? []),
          predicted: await predicted(container.id, name),
        });
      }
    }),
  );
  return pairs;
}

const differ = (pair: Pair) => pair.live.join(',') !== pair.predicted.join(',');
const show = (pair: Pair) =>
  `${pair.container.name} ${pair.name}: predicted [${pair.predicted}] live [${pair.live}]`;

beforeAll(async () => {
  const specs = labEngineSpecs();
  const manager = specs.find((spec) => spec.name === 'node-1')!;
  if (manager.address.kind !== 'unix') throw new Error('the lab engines listen on unix sockets');
  managerSocket = manager.address.socketPath;
  dockers = new Map(specs.map((spec) => [spec.name, dockerFor(spec)]));
  harness = await startLiveHarness(specs);
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-stack-'));
  const compose = path.join(workDir, 'compose.yml');
  fs.writeFileSync(compose, COMPOSE);
  await docker('stack', 'deploy', '--resolve-image', 'never', '-c', compose, STACK);
  await waitFor('the stack networks', () => serviceNamed(harness.hub.snapshot(), `${STACK}_api`));
  const common = ['service', 'create', '-d', '--label', 'portolan.test=true'];
  await docker(
    ...common,
    ...['--name', KV, '--network', `name=${STACK}_core,alias=kv,alias=store`],
    ...['busybox:latest', 'sh', '-c', LOOP.replace('$$', '$')],
  );
  await docker(
    ...common,
    ...['--name', SLOW, '--replicas', '3', '--stop-grace-period', `${GRACE_S}s`],
    ...['--network', `name=${STACK}_core,alias=slowpoke`, 'busybox:latest', 'sh', '-c', DEAF],
  );
  await waitFor('every task running', () => deployed(harness.hub.snapshot()), 90_000, 250);
}, 180_000);

afterAll(async () => {
  await docker('service', 'rm', KV, SLOW).catch(() => undefined);
  await docker('stack', 'rm', STACK).catch(() => undefined);
  // NOTE: the stopping tasks would hold the networks for their whole grace period: remove them.
  for (const engine of dockers.values()) {
    const containers = await engine
      .listContainers({ all: true, filters: { name: [STACK] } })
      .catch(() => []);
    for (const info of containers)
      await engine
        .getContainer(info.Id)
        .remove({ force: true })
        .catch(() => undefined);
  }
  await waitFor(
    'the stack networks removed',
    async () => {
      const { stdout } = await docker('network', 'ls', '-q', '--filter', `name=${STACK}_`);
      if (stdout.trim() === '') return true;
      await docker('network', 'rm', `${STACK}_edge`, `${STACK}_core`).catch(() => undefined);
      return false;
    },
    60_000,
    1_000,
  ).catch(() => undefined);
  fs.rmSync(workDir ?? '', { recursive: true, force: true });
  await harness?.close();
}, 120_000);

describe('a stack deployed with docker stack deploy', () => {
  it('reads the aliases per network: the compose short names, and --network alias=', () => {
    const topology = harness.hub.snapshot();
    const core = Object.values(topology.networks).find((n) => n.name === `${STACK}_core`)!;
    const edge = Object.values(topology.networks).find((n) => n.name === `${STACK}_edge`)!;
    expect(serviceNamed(topology, `${STACK}_cache`)?.aliases).toEqual([
      { network: core.id, aliases: ['redis', 'cache'] },
    ]);
    expect(serviceNamed(topology, `${STACK}_front`)?.aliases).toEqual(
      [core.id, edge.id].sort().map((network) => ({ network, aliases: ['front'] })),
    );
    expect(serviceNamed(topology, KV)?.aliases).toEqual([
      { network: core.id, aliases: ['kv', 'store'] },
    ]);
  });

  it('answers /api/resolve as nslookup inside every task container, for every name', async () => {
    const short = ['front', 'cache', 'api', 'redis', 'kv', 'store', 'slowpoke'];
    const full = [`${STACK}_front`, `${STACK}_cache`, `${STACK}_api`, KV, SLOW];
    const names = [...short, ...full, ...[...short, ...full].map((n) => `tasks.${n}`), UNKNOWN];
    const containers = taskContainers(harness.hub.snapshot());
    expect(containers).toHaveLength(9);
    const pairs = await sweep(containers, names);
    expect(pairs).toHaveLength(containers.length * names.length);
    // NOTE: a pair that disagrees is asked once more (a task may have moved meanwhile).
    const again = await Promise.all(
      pairs.filter(differ).map(async (pair) => (await sweep([pair.container], [pair.name]))[0]!),
    );
    expect(again.filter(differ).map(show)).toEqual([]);
    const answered = pairs.filter((pair) => pair.live.length > 0);
    expect(answered.length).toBeGreaterThan(100);
    // aliases answered as the engine does: in vip mode the VIP, in dnsrr mode the tasks
    const fromFront = (name: string) =>
      pairs.find((p) => p.container.name.startsWith(`${STACK}_front.`) && p.name === name)!;
    expect(fromFront('redis').live).toHaveLength(2);
    expect(fromFront('kv').live).toEqual(fromFront(KV).live);
    expect(fromFront('tasks.kv').live).toHaveLength(1);
    expect(fromFront('tasks.kv').live).not.toEqual(fromFront('kv').live);
    expect(fromFront(UNKNOWN).live).toEqual([]);
  }, 120_000);
});

describe('a scale-down inside the stop grace period', () => {
  it('shows the stopping tasks, and tasks.<service> predictions equal the engine at each step', async () => {
    const probe = taskContainers(harness.hub.snapshot()).find((c) =>
      c.name.startsWith(`${STACK}_front.`),
    )!;
    const names = [`tasks.${SLOW}`, 'tasks.slowpoke', SLOW, 'slowpoke'];
    const agree = async (what: string, check: (pairs: Pair[]) => boolean) =>
      waitFor(
        what,
        async () => {
          const pairs = await sweep([probe], names);
          return !pairs.some(differ) && check(pairs) ? pairs : false;
        },
        20_000,
        500,
      );
    const tasksOf = () => {
      const topology = harness.hub.snapshot();
      const slow = serviceNamed(topology, SLOW)!;
      return Object.values(topology.tasks).filter((task) => task.service === slow.id);
    };
    const live = (pairs: Pair[], name: string) => pairs.find((pair) => pair.name === name)!.live;

    // 1. three running tasks
    const before = await agree('three tasks', (p) => live(p, `tasks.${SLOW}`).length === 3);
    const vip = live(before, SLOW);
    expect(vip).toHaveLength(1);

    // 2. scaled to one: two tasks told to stop, still running inside their grace period
    const scaledAt = Date.now();
    await docker('service', 'scale', '-d', `${SLOW}=1`);
    await waitFor(
      'two stopping tasks in the topology',
      () => tasksOf().filter((task) => taskPhase(task) === 'stopping').length === 2,
      15_000,
      100,
    );
    const during = await agree('the stopping tasks out of tasks.', (p) => {
      const stopping = tasksOf().filter((task) => taskPhase(task) === 'stopping');
      return stopping.length === 2 && live(p, `tasks.${SLOW}`).length === 1;
    });
    expect(Date.now() - scaledAt).toBeLessThan(GRACE_S * 1000);
    expect(live(during, 'tasks.slowpoke')).toEqual(live(during, `tasks.${SLOW}`));
    expect(live(during, SLOW)).toEqual(vip);
    const topology = harness.hub.snapshot();
    const slow = serviceNamed(topology, SLOW)!;
    expect(slow.replicas).toMatchObject({ desired: 1, running: 1, stopping: 2 });
    for (const task of tasksOf().filter((t) => taskPhase(t) === 'stopping'))
      expect(topology.containers[task.containerId ?? '']?.state).toBe('running');
    const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
    const drawn = graph.nodes.filter((node) => node.kind === 'task' && node.service === slow.id);
    expect(drawn.filter((node) => node.tags.includes('stopping'))).toHaveLength(2);
    expect(graph.nodes.find((node) => node.id === slow.id)?.lines[0]).toBe(
      '1/1 running · 2 stopping · VIP',
    );

    // 3. the grace period over: the stopped tasks are gone, one remains
    await waitFor(
      'the stopped tasks gone',
      () => tasksOf().filter((task) => taskPhase(task) !== 'ended').length === 1,
      (GRACE_S + 30) * 1000,
      500,
    );
    const after = await agree('one task', (p) => live(p, `tasks.${SLOW}`).length === 1);
    expect(live(after, SLOW)).toEqual(vip);
    expect(serviceNamed(harness.hub.snapshot(), SLOW)?.replicas).toMatchObject({
      running: 1,
      stopping: 0,
    });
  }, 120_000);
});
