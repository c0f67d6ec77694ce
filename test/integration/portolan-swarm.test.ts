import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineHealth } from '@/lib/engines/health';
import type { Topology } from '@/lib/topology/types';

import { dockerFor, labEngineSpecs, waitFor } from '../support/lab-engines';
import { removeLabStack } from '../support/lab-stack';
import { startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * deploy/portolan-stack.yml on the lab swarm with two dashboard replicas (stack `d15-…`), and
 * what a swarm does to it: an agent stopped and restarted by the swarm, the dashboard service
 * removed and deployed again under running agents, a fifth node joining and leaving
 * (`lab add-node node-5`). Slow (minutes): run it alone. The times it measures are printed
 * (`[portolan-swarm] …`), not asserted.
 */
const run = promisify(execFile);
const stack = `d15-swarm-${Date.now().toString(36)}`;
const EXTRA = 'node-5';
const specs = labEngineSpecs();
const byName = new Map(specs.map((spec) => [spec.name, dockerFor(spec)]));
const manager = byName.get('node-1')!;
const managerSocket = specs[0]?.address.kind === 'unix' ? specs[0].address.socketPath : '';
let urls: string[] = [];
let token = '';
let direct: LiveHarness;
let extraAdded = false;

const report = (what: string, ms: number) =>
  console.log(`[portolan-swarm] ${what}: ${(ms / 1000).toFixed(1)} s`);

function lab(args: string[], env: Record<string, string> = {}) {
  return run('bash', ['scripts/lab/lab.sh', ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 25 * 60_000,
  });
}

async function deploy() {
  const { stdout } = await lab(['deploy-portolan'], {
    PORTOLAN_STACK: stack,
    PORTOLAN_REPLICAS: '2',
  });
  const logins = [...stdout.matchAll(/(http:\/\/[0-9.]+:\d+)\/\?token=(\S+)/g)];
  if (logins.length !== 2) throw new Error(`expected two login URLs in: ${stdout}`);
  urls = logins.map((login) => login[1]!);
  token = logins[0]![2]!;
}

async function get<T>(url: string, route: string, headers: Record<string, string> = {}) {
  const answer = await fetch(`${url}${route}`, {
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
  if (answer.status !== 200) throw new Error(`GET ${route}: ${answer.status}`);
  return (await answer.json()) as T;
}
const topologyOf = (url: string) => get<Topology>(url, '/api/topology');
const healthOf = async (url: string) =>
  (await get<{ engines: EngineHealth[] }>(url, '/api/health')).engines;

/** What a graph holds, without versions or timings: every element id per collection. */
function shape(topology: Topology) {
  return JSON.stringify({
    engines: Object.keys(topology.engines).sort(),
    nodes: Object.keys(topology.nodes).sort(),
    networks: Object.keys(topology.networks).sort(),
    containers: Object.keys(topology.containers).sort(),
    services: Object.keys(topology.services).sort(),
    tasks: Object.keys(topology.tasks).sort(),
  });
}

/** Ids in one shape and not the other, for a failure message. */
function shapeDifference(replica: string, fresh: string): string {
  const [a, b] = [JSON.parse(replica), JSON.parse(fresh)] as Record<string, string[]>[];
  return Object.keys(b!)
    .flatMap((collection) => [
      ...a!
        [collection]!.filter((id) => !b![collection]!.includes(id))
        .map((id) => `only the replica: ${collection}/${id}`),
      ...b!
        [collection]!.filter((id) => !a![collection]!.includes(id))
        .map((id) => `only the fresh read: ${collection}/${id}`),
    ])
    .slice(0, 10)
    .join('; ');
}

/** Every replica's graph has the same elements as a fresh read of every swarm engine's socket. */
async function replicasAgreeWithDirect(what: string, timeoutMs = 90_000) {
  let last = '';
  await waitFor(
    what,
    async () => {
      const fresh = shape(await direct.freshTopology());
      for (const url of urls) {
        const replica = shape(await topologyOf(url));
        if (replica !== fresh) {
          last = `${url}: ${shapeDifference(replica, fresh)}`;
          return false;
        }
      }
      return true;
    },
    timeoutMs,
    500,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${last}`);
  });
}

const agentContainers = async (docker: Docker) =>
  (
    await docker.listContainers({
      filters: { label: [`com.docker.swarm.service.name=${stack}_agent`] },
    })
  ).map((container) => container.Id);

async function serviceLogs(service: string): Promise<string> {
  const { stdout, stderr } = await run('/usr/bin/docker', [
    '-H',
    `unix://${managerSocket}`,
    'service',
    'logs',
    '--raw',
    `${stack}_${service}`,
  ]);
  return stdout + stderr;
}

beforeAll(async () => {
  await deploy();
  // NOTE: the stack's agents cover the swarm's nodes; node-4 (standalone) is not one of them.
  const inSwarm = await Promise.all(
    specs.map(async (spec) => {
      const info = (await dockerFor(spec).info()) as { Swarm?: { LocalNodeState?: string } };
      return info.Swarm?.LocalNodeState === 'active' ? [spec] : [];
    }),
  );
  direct = await startLiveHarness(inSwarm.flat());
}, 30 * 60_000);

afterAll(async () => {
  await direct?.close();
  if (extraAdded) await lab(['remove-node', EXTRA]).catch(() => undefined);
  await removeLabStack(stack);
}, 10 * 60_000);

describe('two dashboard replicas', () => {
  it('each reads the agents itself: both graphs equal a fresh read of every socket', async () => {
    expect(urls).toHaveLength(2);
    for (const url of urls) {
      const names = (await healthOf(url)).map((engine) => engine.name).sort();
      expect(names).toEqual(['node-1', 'node-2', 'node-3']);
    }
    await replicasAgreeWithDirect('both replicas and the direct read to agree');
  });

  it('a login on one replica is a session on the other (the token is a shared secret)', async () => {
    const login = await fetch(`${urls[0]}/?token=${token}`, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toMatch(/^portolan_session=/);
    const other = await fetch(`${urls[1]}/api/topology`, { headers: { cookie: cookie! } });
    expect(other.status).toBe(200);
  });

  it("writes each audit line to the service's logs as JSON, too", async () => {
    const name = `d15-audit-${Date.now().toString(36)}`;
    const created = await fetch(`${urls[1]}/api/networks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name,
        driver: 'bridge',
        engine: 'node-1',
        labels: { 'portolan.test': 'true' },
      }),
    });
    try {
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      let logs = '';
      const line = await waitFor(
        'the audit line in docker service logs',
        async () => {
          logs = await serviceLogs('dashboard');
          return logs
            .split('\n')
            .find(
              (text) =>
                text.includes('"msg":"audit"') && (text.includes(name) || text.includes(id)),
            );
        },
        60_000,
        1_000,
      ).catch((error: Error) => {
        const audit = logs.split('\n').filter((text) => text.includes('audit'));
        throw new Error(`${error.message}; audit lines: ${audit.slice(-3).join(' | ') || 'none'}`);
      });
      const record = JSON.parse(line.slice(line.indexOf('{'))) as {
        audit: { action: string; result: string };
      };
      expect(record.audit).toMatchObject({ action: 'POST /api/networks', result: 'ok' });
    } finally {
      await manager
        .getNetwork(name)
        .remove()
        .catch(() => undefined);
    }
  });
});

describe('the agents under a changing swarm', () => {
  it(
    'outlive their dashboard: the service removed, the next one reads them',
    async () => {
      const before = await Promise.all(
        ['node-2', 'node-3'].map((name) => agentContainers(byName.get(name)!)),
      );
      await run('/usr/bin/docker', [
        '-H',
        `unix://${managerSocket}`,
        'service',
        'rm',
        `${stack}_dashboard`,
      ]);
      await waitFor(
        'the dashboards gone',
        async () =>
          (
            await manager.listContainers({
              filters: { label: [`com.docker.swarm.service.name=${stack}_dashboard`] },
            })
          ).length === 0,
        60_000,
        500,
      );
      const alone = await Promise.all(
        ['node-2', 'node-3'].map((name) => agentContainers(byName.get(name)!)),
      );
      expect(alone).toEqual(before);
      await deploy();
      await replicasAgreeWithDirect('the new dashboards to read every node again');
      const after = await Promise.all(
        ['node-2', 'node-3'].map((name) => agentContainers(byName.get(name)!)),
      );
      expect(after).toEqual(before);
    },
    15 * 60_000,
  );

  it(
    'an agent stopped on a worker: its node is stale at once, and recovers when the swarm restarts it',
    async () => {
      const worker = byName.get('node-2')!;
      const [agent] = await agentContainers(worker);
      expect(agent).toBeDefined();
      const stoppedAt = Date.now();
      await worker.getContainer(agent!).stop({ t: 5 });
      await waitFor(
        'node-2 marked stale',
        async () => (await topologyOf(urls[0]!)).engines['node-2']?.stale === true,
        30_000,
        50,
      );
      report('agent stopped → node-2 stale', Date.now() - stoppedAt);
      // What node-2 held stays on the map, marked stale, while its agent is away.
      const held = Object.values((await topologyOf(urls[0]!)).containers).filter(
        (container) => container.engine === 'node-2',
      );
      expect(held.length).toBeGreaterThan(0);
      await waitFor(
        'node-2 live again',
        async () => {
          const engine = (await topologyOf(urls[0]!)).engines['node-2'];
          return engine?.reachable === true && engine.stale === false;
        },
        120_000,
        200,
      );
      report('agent stopped → node-2 live again (swarm restart)', Date.now() - stoppedAt);
      const [restarted] = await agentContainers(worker);
      expect(restarted).not.toBe(agent);
      await replicasAgreeWithDirect('after the restart, both replicas equal a fresh read');
    },
    5 * 60_000,
  );

  it(
    'a node that joins gets an agent and appears without a restart; it leaves and disappears',
    async () => {
      const joinStarted = Date.now();
      extraAdded = true;
      await lab(['add-node', EXTRA]);
      const joinedAt = Date.now();
      report(`lab add-node ${EXTRA}`, joinedAt - joinStarted);
      for (const url of urls) {
        await waitFor(
          `${EXTRA} read through its agent at ${url}`,
          async () =>
            (await healthOf(url)).some((engine) => engine.name === EXTRA && engine.reachable),
          180_000,
          250,
        );
      }
      report(`${EXTRA} joined → read by both replicas`, Date.now() - joinedAt);
      const topology = await topologyOf(urls[0]!);
      const node = Object.values(topology.nodes).find((candidate) => candidate.hostname === EXTRA);
      expect(node).toMatchObject({ kind: 'swarm', engine: EXTRA });
      expect(node).not.toHaveProperty('unread');
      // its own containers, through its agent: the agent's container itself
      expect(Object.values(topology.containers).some((c) => c.engine === EXTRA)).toBe(true);

      const leaveStarted = Date.now();
      await lab(['remove-node', EXTRA]);
      extraAdded = false;
      for (const url of urls) {
        await waitFor(
          `${EXTRA} gone from ${url}`,
          async () => {
            const [health, now] = [await healthOf(url), await topologyOf(url)];
            return (
              !health.some((engine) => engine.name === EXTRA) &&
              !Object.values(now.nodes).some((candidate) => candidate.hostname === EXTRA)
            );
          },
          120_000,
          250,
        );
      }
      report(`lab remove-node ${EXTRA} → gone from both replicas`, Date.now() - leaveStarted);
      await replicasAgreeWithDirect('after the node left, both replicas equal a fresh read');
    },
    15 * 60_000,
  );
});
