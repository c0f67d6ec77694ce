import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sortIps } from '@/lib/discovery/model';
import type { Topology, TopologyContainer } from '@/lib/topology/types';
import { lookupManyInContainer } from '@/server/docker/exec';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * The compose project the lab seeds on node-4, a standalone engine outside the swarm, deployed
 * with Debian's docker-compose v1 (scripts/lab/compose/pantry.yml): front and api on the project
 * networks `back` and `default`, api with the alias `catalog` on `back` and on the external
 * network `shared`, probe a sidecar in api's namespace (`network_mode: service:api`), front
 * publishing 8081. For every container of the project, the sidecar included, and every name,
 * `/api/resolve` must equal what nslookup at 127.0.0.11 inside it gets.
 */
const PROJECT = 'pantry';
const NODE = 'node-4';
const CONTAINERS = ['pantry_api_1', 'pantry_front_1', 'pantry_probe_1'];
const UNKNOWN = 'no-such-name-pantry';
const NAMES = [
  'front',
  'api',
  'probe',
  'catalog',
  ...CONTAINERS,
  'tasks.api',
  'front.pantry_back',
  'api.pantry_default',
  UNKNOWN,
];

let harness: LiveHarness;
let dockers: Map<string, Docker>;

function project(topology: Topology): TopologyContainer[] {
  return Object.values(topology.containers)
    .filter((c) => c.composeProject === PROJECT && c.engine === NODE && c.state === 'running')
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function predicted(from: string, name: string): Promise<string[]> {
  const query = new URLSearchParams({ from, name });
  const response = await harness.api(`/api/resolve?${query.toString()}`);
  expect(response.status, `${from} ${name}`).toBe(200);
  return sortIps(((await response.json()) as { answers: string[] }).answers);
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  expect(specs.map((spec) => spec.name)).toContain(NODE);
  dockers = new Map(specs.map((spec) => [spec.name, dockerFor(spec)]));
  harness = await startLiveHarness(specs);
  await waitFor(
    'the seeded compose project on node-4 in the live topology',
    () => {
      const topology = harness.hub.snapshot();
      const swarmHosts = Object.values(topology.nodes).filter((node) => node.kind === 'swarm');
      return project(topology).length === CONTAINERS.length && swarmHosts.length === 3;
    },
    60_000,
    200,
  );
}, 120_000);

const cleanup: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  await harness?.close();
});

async function call(method: string, url: string, json?: unknown) {
  const response = await harness.api(url, { method, ...(json === undefined ? {} : { json }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('node-4: a standalone engine with a compose project', () => {
  it('is a host of its own outside the swarm, with the project read from compose labels', () => {
    const topology = harness.hub.snapshot();
    const host = Object.values(topology.nodes).find((node) => node.engine === NODE);
    expect(host).toMatchObject({ kind: 'standalone', hostname: NODE });
    const swarmHosts = Object.values(topology.nodes).filter((node) => node.kind === 'swarm');
    expect(swarmHosts.map((node) => node.name).sort()).toEqual(['node-1', 'node-2', 'node-3']);

    const containers = project(topology);
    expect(containers.map((c) => c.name)).toEqual(CONTAINERS);
    const byName = new Map(containers.map((c) => [c.name, c]));
    const api = byName.get('pantry_api_1')!;
    const probe = byName.get('pantry_probe_1')!;
    const front = byName.get('pantry_front_1')!;
    expect(probe.networkMode).toBe(`container:${api.id}`);
    expect(probe.endpoints).toEqual([]);
    const networkName = (c: TopologyContainer) => c.endpoints.map((e) => e.networkName).sort();
    expect(networkName(api)).toEqual(['pantry_back', 'pantry_default', 'shared']);
    expect(networkName(front)).toEqual(['pantry_back', 'pantry_default']);
    expect(api.endpoints.find((e) => e.networkName === 'pantry_back')?.aliases).toContain(
      'catalog',
    );
    expect(front.ports).toContainEqual(
      expect.objectContaining({ containerPort: 80, hostPort: 8081 }),
    );
    const shared = Object.values(topology.networks).find(
      (n) => n.name === 'shared' && n.nodes.includes(host?.id ?? ''),
    );
    expect(shared?.labels['com.docker.compose.project']).toBeUndefined();
  });

  it('answers /api/resolve as nslookup inside every container, the sidecar included', async () => {
    const containers = project(harness.hub.snapshot());
    const pairs: { from: string; name: string; live: string[]; predicted: string[] }[] = [];
    for (const container of containers) {
      const live = await lookupManyInContainer(dockers.get(NODE)!, container.id, NAMES, {
        parallel: 25,
      });
      for (const name of NAMES) {
        pairs.push({
          from: container.name,
          name,
          live: sortIps(live.get(name)?.answers ?? []),
          predicted: await predicted(container.id, name),
        });
      }
    }
    expect(pairs).toHaveLength(CONTAINERS.length * NAMES.length);
    const differ = pairs.filter((p) => p.live.join(',') !== p.predicted.join(','));
    expect(differ.map((p) => `${p.from} ${p.name}: [${p.predicted}] vs [${p.live}]`)).toEqual([]);

    const answer = (from: string, name: string) =>
      pairs.find((p) => p.from === from && p.name === name)!.live;
    const api = project(harness.hub.snapshot()).find((c) => c.name === 'pantry_api_1')!;
    const back = api.endpoints.find((e) => e.networkName === 'pantry_back')!.ipv4;
    // the alias answers api's address on `back`, from front and from the sidecar alike
    expect(answer('pantry_front_1', 'catalog')).toEqual([back]);
    expect(answer('pantry_probe_1', 'catalog')).toEqual([back]);
    expect(answer('pantry_probe_1', 'front')).toEqual(answer('pantry_api_1', 'front'));
    expect(answer('pantry_front_1', 'api').length).toBeGreaterThan(0);
    expect(answer('pantry_front_1', UNKNOWN)).toEqual([]);
    expect(pairs.filter((p) => p.live.length > 0).length).toBeGreaterThan(15);
  }, 120_000);
});

describe('the API on node-4, as on the swarm nodes', () => {
  it('creates a bridge there, connects and disconnects a container, and refuses an overlay', async () => {
    const engine = dockers.get(NODE)!;
    const name = uniqueName('sk-n4');
    const created = await call('POST', '/api/networks', {
      name: `${name}-net`,
      driver: 'bridge',
      engine: NODE,
      labels: TEST_LABELS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.engine).toBe(NODE);
    const networkId = created.body.id as string;
    cleanup.push(() => engine.getNetwork(networkId).remove());

    const box = await engine.createContainer({
      name: `${name}-box`,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'],
      Labels: TEST_LABELS,
    });
    cleanup.push(() => box.remove({ force: true }));
    await box.start();
    await waitFor('the node-4 container in the live topology', () =>
      harness.hub.snapshot().containers[box.id]?.state === 'running' ? true : null,
    );

    const connected = await call('POST', `/api/networks/${networkId}/connect`, {
      container: box.id,
      aliases: ['n4-alias'],
    });
    expect(connected.status, JSON.stringify(connected.body)).toBe(200);
    expect(connected.body.engine).toBe(NODE);
    const endpoint = await waitFor('the endpoint in the live topology', () =>
      harness.hub.snapshot().containers[box.id]?.endpoints.find((e) => e.network === networkId),
    );
    expect(endpoint.aliases).toContain('n4-alias');

    const disconnected = await call('POST', `/api/networks/${networkId}/disconnect`, {
      container: box.id,
    });
    expect(disconnected.status, JSON.stringify(disconnected.body)).toBe(200);
    await waitFor('the endpoint gone from the live topology', () =>
      harness.hub.snapshot().containers[box.id]?.endpoints.every((e) => e.network !== networkId),
    );

    const overlay = await call('POST', '/api/networks', {
      name: `${name}-ovl`,
      driver: 'overlay',
      engine: NODE,
      labels: TEST_LABELS,
    });
    expect(overlay.status).toBe(400);
    expect(JSON.stringify(overlay.body)).toContain(
      'Overlay networks need swarm mode; node-4 is not in a swarm',
    );
  });
});
