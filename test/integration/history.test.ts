import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
import {
  startLiveHarness,
  type LiveHarness,
  type RecordingClient,
  allEnginesLive,
} from '../support/live-harness';

/**
 * History on the lab: changes made with the Engine API are recorded as the hub streams them; the
 * topology rebuilt for any moment equals what a client held then, also after the server restarts
 * (which is recorded as a gap, not papered over).
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
/** Longer than a patch takes from the hub to a local client. */
const QUIET_MS = 400;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-history-it-'));
let harness: LiveHarness;
let client: RecordingClient;
let docker: Docker;
const made = { containers: [] as string[], networks: [] as string[] };

/** Counts the patches a client receives, so a capture can tell whether one was in flight. */
function patchCounter(recording: RecordingClient) {
  let count = 0;
  recording.socket.on('topology:patch', () => (count += 1));
  return () => count;
}

/**
 * A moment and the topology the client held at it, taken when no patch arrives for QUIET_MS
 * after it: then every patch the server recorded up to that moment had reached the client.
 */
async function capture(recording: RecordingClient, patches: () => number) {
  return waitFor(
    'a quiet moment to capture',
    async () => {
      const before = patches();
      const at = Date.now();
      const topology = recording.topology;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      return patches() === before && topology ? { at, topology } : null;
    },
    60_000,
    0,
  );
}

async function topologyAt(at: number): Promise<Topology> {
  const response = await harness.api(`/api/topology?at=${new Date(at).toISOString()}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Topology;
}

async function startHarness() {
  harness = await startLiveHarness(labEngineSpecs(), { history: { dir } });
  client = await harness.connect();
  await allEnginesLive(client, labEngineSpecs().length);
  return patchCounter(client);
}

beforeAll(async () => {
  const [manager] = labEngineSpecs();
  if (!manager) throw new Error('the lab has three engines');
  docker = dockerFor(manager);
});

afterAll(async () => {
  for (const id of made.containers) {
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const id of made.networks)
    await docker
      .getNetwork(id)
      .remove()
      .catch(() => undefined);
  await harness?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('history on the lab', () => {
  const moments: { label: string; at: number; topology: Topology }[] = [];
  let networkId = '';
  let networkName = '';

  it('rebuilds every captured moment exactly as the client held it', async () => {
    const patches = await startHarness();
    moments.push({ label: 'before', ...(await capture(client, patches)) });

    networkName = `h17-${uniqueName('hx')}`;
    const network = await docker.createNetwork({
      Name: networkName,
      Driver: 'bridge',
      Labels: TEST_LABELS,
      CheckDuplicate: true,
    });
    networkId = network.id;
    made.networks.push(network.id);
    await waitFor('the network on the map', () => client.topology?.networks[network.id]);
    moments.push({ label: 'network made', ...(await capture(client, patches)) });

    const container = await docker.createContainer({
      name: `h17-${uniqueName('hx')}`,
      Image: 'busybox:latest',
      Cmd: SLEEP_CMD,
      Labels: TEST_LABELS,
      HostConfig: { NetworkMode: networkName },
    });
    made.containers.push(container.id);
    await container.start();
    await waitFor(
      'the container running on the map',
      () => client.topology?.containers[container.id]?.state === 'running',
    );
    moments.push({ label: 'container running', ...(await capture(client, patches)) });

    await container.remove({ force: true });
    await network.remove();
    await waitFor(
      'both gone from the map',
      () => !client.topology?.networks[network.id] && !client.topology?.containers[container.id],
    );
    moments.push({ label: 'both removed', ...(await capture(client, patches)) });

    for (const moment of moments) {
      expect(await topologyAt(moment.at), moment.label).toEqual(moment.topology);
    }
    expect(moments[0]?.topology.networks[networkId]).toBeUndefined();
    expect(moments[1]?.topology.networks[networkId]?.name).toBe(networkName);
  });

  it('lists the changes between two moments with the events behind them', async () => {
    const from = new Date(moments[0]?.at ?? 0).toISOString();
    const to = new Date(moments.at(-1)?.at ?? 0).toISOString();
    const response = await harness.api(`/api/history?from=${from}&to=${to}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      changes: {
        kind: string;
        ops?: { op: string; collection: string; id: string; name?: string }[];
        events?: { type: string; action: string; id: string }[];
      }[];
      truncated: boolean;
    };
    expect(body.truncated).toBe(false);
    const changes = body.changes.filter((change) => change.kind === 'change');
    const added = changes.find((change) =>
      change.ops?.some((op) => op.op === 'upsert' && op.id === networkId),
    );
    expect(added?.ops).toContainEqual({
      op: 'upsert',
      collection: 'networks',
      id: networkId,
      name: networkName,
    });
    expect(added?.events).toContainEqual(
      expect.objectContaining({ type: 'network', action: 'create', id: networkId }),
    );
    const removed = changes.find((change) =>
      change.ops?.some((op) => op.op === 'remove' && op.id === networkId),
    );
    expect(removed?.events).toContainEqual(
      expect.objectContaining({ type: 'network', action: 'destroy', id: networkId }),
    );

    const range = (await (await harness.api('/api/history/range?buckets=10')).json()) as {
      from: string;
      changes: number;
      gaps: { reason: string }[];
      density: { counts: number[] };
    };
    expect(Date.parse(range.from)).toBeLessThanOrEqual(moments[0]?.at ?? 0);
    expect(range.changes).toBeGreaterThanOrEqual(changes.length);
    expect(range.density.counts.reduce((sum, count) => sum + count, 0)).toBe(range.changes);
    expect(range.gaps.filter((gap) => gap.reason === 'restart')).toEqual([]);
  });

  it('compares two past moments field by field through the API', async () => {
    const iso = (index: number) => new Date(moments[index]?.at ?? 0).toISOString();
    const compare = async (from: number, to: number) => {
      const response = await harness.api(`/api/history/compare?from=${iso(from)}&to=${iso(to)}`);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as {
        added: { collection: string; id: string; name: string }[];
        removed: { collection: string; id: string }[];
      };
    };
    const made = await compare(0, 1);
    expect(made.added).toContainEqual({ collection: 'networks', id: networkId, name: networkName });
    expect(made.removed).toEqual([]);
    const gone = await compare(1, 3);
    expect(gone.removed).toContainEqual(expect.objectContaining({ id: networkId }));
    const wrong = await harness.api(`/api/history/compare?from=${iso(1)}&to=yesterday`);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { fields: { to: string } }).fields.to).toBeTruthy();
  });

  it('refuses a malformed moment, one before the kept range and one in the future, naming the range', async () => {
    for (const at of [
      'yesterday',
      '2026-13-45T00:00:00Z',
      '2020-01-01T00:00:00Z',
      new Date(Date.now() + 3_600_000).toISOString(),
    ]) {
      const response = await harness.api(`/api/topology?at=${encodeURIComponent(at)}`);
      expect(response.status, at).toBe(400);
      const body = (await response.json()) as { error: string; fields: { at: string } };
      expect(body.fields.at, at).toBeTruthy();
    }
    const before = (await (await harness.api('/api/topology?at=2020-01-01T00:00:00Z')).json()) as {
      fields: { at: string };
    };
    expect(before.fields.at).toMatch(/history is kept from \d{4}-.*Z to now/);
  });

  it('after a restart records a gap, answers 404 inside it, and still rebuilds the moments before it', async () => {
    const stoppedAt = Date.now();
    await harness.close();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const restartedAt = Date.now();
    await startHarness();
    const range = await waitFor(
      'the restart gap',
      async () => {
        const body = (await (await harness.api('/api/history/range')).json()) as {
          gaps: { from: string; to: string | null; reason: string }[];
        };
        return body.gaps.find((gap) => gap.reason === 'restart');
      },
      30_000,
    );
    // NOTE: the first server stopped cleanly: the gap starts when it stopped, not at its last patch.
    expect(Date.parse(range.from)).toBeGreaterThanOrEqual(stoppedAt);
    expect(Date.parse(range.from)).toBeLessThan(restartedAt);
    expect(Date.parse(range.to ?? '')).toBeGreaterThanOrEqual(restartedAt);
    const inside = await harness.api(
      `/api/topology?at=${new Date(restartedAt - 200).toISOString()}`,
    );
    expect(inside.status).toBe(404);
    expect(((await inside.json()) as { error: string }).error).toMatch(/not running/);
    for (const moment of moments) {
      expect(await topologyAt(moment.at), moment.label).toEqual(moment.topology);
    }
  });
});
