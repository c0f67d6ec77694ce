import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Topology } from '@/lib/topology/types';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { removeLabStack } from '../support/lab-stack';
import { startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * deploy/portolan-stack.yml on the lab swarm (`npm run lab -- deploy-portolan`, its own stack
 * name and port): the dashboard is given only node-1's socket and reads node-2 and node-3 through
 * the agents; its graph must equal the one a dashboard given every socket directly reads.
 */
const run = promisify(execFile);
const stack = uniqueName('stack');
const port = 20_000 + Math.floor(Math.random() * 10_000);
const [, workerSpec] = labEngineSpecs();
const worker = dockerFor(workerSpec!);
const plain = uniqueName('stack-plain');
let url = '';
let token = '';
let direct: LiveHarness;

/** What a graph holds, without versions or timings: every element id per collection. */
function shape(topology: Topology) {
  return {
    engines: Object.keys(topology.engines).sort(),
    nodes: Object.keys(topology.nodes).sort(),
    networks: Object.keys(topology.networks).sort(),
    containers: Object.keys(topology.containers).sort(),
    services: Object.keys(topology.services).sort(),
  };
}

async function stackTopology(): Promise<Topology> {
  const answer = await fetch(`${url}/api/topology`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (answer.status !== 200) throw new Error(`GET /api/topology: ${answer.status}`);
  return (await answer.json()) as Topology;
}

beforeAll(async () => {
  // NOTE: builds the image first when `lab image` has not (minutes, cold); then seconds.
  const { stdout } = await run('bash', ['scripts/lab/lab.sh', 'deploy-portolan'], {
    env: { ...process.env, PORTOLAN_STACK: stack, PORTOLAN_PORT: String(port) },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 25 * 60_000,
  });
  const login = /(http:\/\/[0-9.]+:\d+)\/\?token=(\S+)/.exec(stdout);
  if (!login) throw new Error(`no login URL in: ${stdout}`);
  url = login[1]!;
  token = login[2]!;
  // NOTE: the stack's agents run on the swarm's nodes; a standalone lab engine (node-4) is not
  // one of them, so the dashboard to compare with reads the swarm's engines only.
  const inSwarm = await Promise.all(
    labEngineSpecs().map(async (spec) => {
      const info = (await dockerFor(spec).info()) as { Swarm?: { LocalNodeState?: string } };
      return info.Swarm?.LocalNodeState === 'active' ? [spec] : [];
    }),
  );
  direct = await startLiveHarness(inSwarm.flat());
  // A worker's own container, not a swarm task: only its agent can show it.
  const container = await worker.createContainer({
    name: plain,
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', 'trap exit TERM; sleep 600 & wait'],
    Labels: TEST_LABELS,
  });
  await container.start();
}, 30 * 60_000);

afterAll(async () => {
  await direct?.close();
  await worker
    .getContainer(plain)
    .remove({ force: true })
    .catch(() => undefined);
  await removeLabStack(stack);
}, 180_000);

describe('the stack file on the lab swarm', () => {
  it('reads every node through the agents: the same graph as a dashboard given every socket', async () => {
    const health = (await (
      await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { engines: { name: string; address: string; reachable: boolean }[] };
    expect(health.engines.map((engine) => engine.name).sort()).toEqual([
      'node-1',
      'node-2',
      'node-3',
    ]);
    // node-1 through its socket, the workers through their agents (TLS, by task address)
    expect(health.engines.find((engine) => engine.name === 'node-1')?.address).toMatch(/^unix:/);
    for (const name of ['node-2', 'node-3']) {
      expect(health.engines.find((engine) => engine.name === name)?.address).toMatch(/^https:/);
    }
    // NOTE: both read the same live engines; they agree once both have seen the same changes.
    await waitFor(
      'the stack dashboard and the direct one to agree',
      async () => {
        const [stacked, fresh] = [
          shape(await stackTopology()),
          shape(await direct.freshTopology()),
        ];
        return JSON.stringify(stacked) === JSON.stringify(fresh);
      },
      60_000,
      500,
    );
    const containers = Object.values((await stackTopology()).containers);
    expect(containers.find((container) => container.name === plain)?.engine).toBe(workerSpec?.name);
  });

  it('publishes no agent port outside the overlay', async () => {
    for (const address of ['10.213.0.11', '10.213.0.12', '10.213.0.13']) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect(9323, address);
        socket.setTimeout(3_000, () => (socket.destroy(), resolve(true)));
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
      });
      expect(reached, `${address}:9323`).toBe(false);
    }
  });
});
