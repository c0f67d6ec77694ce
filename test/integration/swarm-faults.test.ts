import { execFileSync } from 'node:child_process';

import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SwarmHostNode } from '@/lib/topology/types';

import { convergedWithFreshInventory } from '../support/convergence';
import { cutNodeLink, labNode } from '../support/lab-control';
import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import {
  startLiveHarness,
  type LiveHarness,
  type RecordingClient,
  allEnginesLive,
} from '../support/live-harness';

/**
 * Swarm membership faults (#19): a worker drained and activated, cut off from the lab network and
 * back, leaving the swarm and joining again. After each step the streamed graph equals a fresh
 * inventory with the periodic reconcile off: the hub re-reads what a node event changes. Node-3
 * is the victim; every step is undone in `finally`, and the file runs last (see the sequencer)
 * because the swarm reschedules tasks off the node while it is away.
 */
const VICTIM = 'node-3';
/** The manager notices a silent worker after its heartbeat grace (~15 s in Docker 20.10). */
const HEARTBEAT_GRACE_MS = 60_000;

let harness: LiveHarness;
let client: RecordingClient;
let manager: Docker;
let victim: Docker;
const services: string[] = [];
/** Node entries a leave left behind in the manager's list, removed even when the test fails. */
const leftNodes = new Set<string>();

async function removeNode(id: string): Promise<void> {
  await manager.getNode(id).remove({ force: true });
  leftNodes.delete(id);
}
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

function streamedNode(hostname: string): SwarmHostNode | undefined {
  const nodes = Object.values(client.topology?.nodes ?? {});
  return nodes.find(
    (node): node is SwarmHostNode => node.kind === 'swarm' && node.hostname === hostname,
  );
}

function expectUnbrokenVersions(): void {
  expect(client.gaps).toEqual([]);
  for (let i = 1; i < client.steps.length; i++) {
    const step = client.steps[i];
    if (step?.kind === 'patch') expect(step.from).toBe(client.steps[i - 1]?.to);
  }
}

async function setAvailability(nodeId: string, availability: 'active' | 'drain') {
  const node = manager.getNode(nodeId);
  const { Version, Spec } = (await node.inspect()) as {
    Version: { Index: number };
    Spec: Record<string, unknown>;
  };
  await node.update({ version: Version.Index, ...Spec, Availability: availability });
}

async function managerSays(hostname: string, state: string): Promise<void> {
  await waitFor(
    `the manager reporting ${hostname} ${state}`,
    async () => {
      const nodes = await manager.listNodes();
      return nodes.some(
        (node) =>
          (node as { Description?: { Hostname?: string } }).Description?.Hostname === hostname &&
          (node as { Status?: { State?: string } }).Status?.State === state,
      );
    },
    HEARTBEAT_GRACE_MS,
    250,
  );
}

/** A service of our own with a task on the victim, so the swarm has something to move. */
async function serviceWithTaskOnVictim(): Promise<void> {
  const service = await manager.createService({
    Name: uniqueName('sf'),
    Labels: TEST_LABELS,
    TaskTemplate: {
      ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, StopGracePeriod: 1e9 },
      Placement: { Preferences: [{ Spread: { SpreadDescriptor: 'node.hostname' } }] },
    },
    Mode: { Replicated: { Replicas: 3 } },
  });
  services.push(service.id);
  await waitFor(
    `a task of the test service running on ${VICTIM}`,
    () =>
      Object.values(client.topology?.tasks ?? {}).some(
        (task) =>
          task.service === service.id &&
          task.state === 'running' &&
          task.node !== null &&
          client.topology?.nodes[task.node]?.hostname === VICTIM,
      ),
    30_000,
  );
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  const managerSpec = specs.find((spec) => spec.name === 'node-1');
  const victimSpec = specs.find((spec) => spec.name === VICTIM);
  if (!managerSpec || !victimSpec) throw new Error('the lab has node-1 and node-3');
  manager = dockerFor(managerSpec);
  victim = dockerFor(victimSpec);
  harness = await startLiveHarness(specs, {
    liveness: { keepaliveMs: 1_000, pingTimeoutMs: 1_000, reconcileMs: 0 },
  });
  client = await harness.connect();
  await allEnginesLive(client, specs.length);
  await waitFor(`${VICTIM} ready on the map`, () => streamedNode(VICTIM)?.state === 'ready');
});

afterAll(async () => {
  await harness?.close();
  // NOTE: found on the lab: after a worker was cut off or left, a bystander worker's embedded DNS
  // can lose the VIP record of a service that had a task on it (`web` from node-2 times out while
  // `tasks.web` answers), and a forced service update does not bring it back; a restart of the
  // workers' dockerd does. Leave the lab whole for the suites after this one.
  for (const worker of ['node-2', VICTIM]) {
    execFileSync('bash', ['scripts/lab/lab.sh', 'restart', worker], {
      stdio: 'ignore',
      timeout: 120_000,
    });
  }
  for (const id of leftNodes) await removeNode(id).catch(() => undefined);
  for (const id of services) {
    await manager
      .getService(id)
      .remove()
      .catch(() => undefined);
  }
});

describe('a worker drained and activated', () => {
  it('shows the availability and where the tasks went, equal to a fresh inventory each time', async () => {
    await serviceWithTaskOnVictim();
    const nodeId = labNode(VICTIM).swarm.nodeId;
    try {
      await setAvailability(nodeId, 'drain');
      await waitFor('drain on the map', () => streamedNode(VICTIM)?.availability === 'drain');
      await convergedWithFreshInventory(harness, client, 'drained');
    } finally {
      await setAvailability(nodeId, 'active');
    }
    await waitFor('active on the map', () => streamedNode(VICTIM)?.availability === 'active');
    await convergedWithFreshInventory(harness, client, 'active again');
    expectUnbrokenVersions();
  });
});

describe('a worker cut off from the lab network', () => {
  it('is shown down as the manager reports it, and ready again when its link is back', async () => {
    await serviceWithTaskOnVictim();
    const restore = cutNodeLink(VICTIM);
    try {
      await managerSays(VICTIM, 'down');
      await waitFor('down on the map', () => streamedNode(VICTIM)?.state === 'down');
      await convergedWithFreshInventory(harness, client, 'cut off');
    } finally {
      restore();
    }
    await managerSays(VICTIM, 'ready');
    await waitFor('ready on the map', () => streamedNode(VICTIM)?.state === 'ready');
    await convergedWithFreshInventory(harness, client, 'back');
    expectUnbrokenVersions();
  });
});

describe('a worker leaving the swarm and joining again', () => {
  it('leaves the map as a node, comes back under its new id, with the old entry removed', async () => {
    const { ip } = labNode(VICTIM);
    const managerIp = labNode('node-1').ip;
    const oldId = labNode(VICTIM).swarm.nodeId;
    const token = ((await manager.swarmInspect()) as { JoinTokens: { Worker: string } }).JoinTokens
      .Worker;
    await serviceWithTaskOnVictim();
    let joined = false;
    const join = async () => {
      await victim.swarmJoin({
        ListenAddr: '0.0.0.0:2377',
        AdvertiseAddr: ip,
        RemoteAddrs: [`${managerIp}:2377`],
        JoinToken: token,
      });
      joined = true;
    };
    await victim.swarmLeave({});
    // NOTE: only now is the old entry a leftover: removed (forced) before the leave, it threw a
    // live node-3 out of the swarm, and every suite after this one ran on two nodes (CI, 07:42).
    leftNodes.add(oldId);
    try {
      await managerSays(VICTIM, 'down');
      await waitFor('the engine out of the swarm on the map', () => {
        const engine = client.topology?.engines[VICTIM];
        return engine && streamedNode(VICTIM)?.state === 'down';
      });
      await convergedWithFreshInventory(harness, client, 'left');
    } finally {
      if (!joined) await join();
    }
    await managerSays(VICTIM, 'ready');
    await removeNode(oldId);
    await waitFor(
      'one node named node-3 on the map, ready, under its new id',
      () => {
        const named = Object.values(client.topology?.nodes ?? {}).filter(
          (node): node is SwarmHostNode => node.kind === 'swarm' && node.hostname === VICTIM,
        );
        return named.length === 1 && named[0]?.state === 'ready' && named[0].id !== oldId;
      },
      30_000,
    );
    await convergedWithFreshInventory(harness, client, 'joined again');
    expectUnbrokenVersions();
  });
});
