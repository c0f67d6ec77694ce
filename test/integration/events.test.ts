import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';

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
 * The event view's server side: real docker commands reach every client as normalized events
 * within a second; a newly connected page gets the recent ones at once; older history comes from
 * the engine by time range.
 */
let harness: LiveHarness;
let client: RecordingClient;
let manager: Docker;
let worker: Docker;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  const specs = labEngineSpecs();
  manager = dockerFor(specs[0]!);
  worker = dockerFor(specs[1]!);
  harness = await startLiveHarness(specs);
  client = await harness.connect();
  await allEnginesLive(client, specs.length);
});

afterAll(async () => {
  await harness?.close();
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

const find = (events: DockerEvent[], match: Partial<DockerEvent>) =>
  events.find((event) =>
    Object.entries(match).every(([key, value]) => event[key as keyof DockerEvent] === value),
  );

describe('docker events, live', () => {
  it('arrive within a second with the fields that matter', async () => {
    const networkName = uniqueName('evnet');
    const network = await manager.createNetwork({ Name: networkName, Labels: TEST_LABELS });
    cleanup.push(() => network.remove());
    const created = await waitFor(
      'network create event',
      () => find(client.events, { type: 'network', action: 'create', name: networkName }),
      1_000,
      10,
    );
    expect(created).toMatchObject({ engine: 'node-1', id: network.id });

    const containerName = uniqueName('evbox');
    const container = await worker.createContainer({
      name: containerName,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', 'exit 3'],
      Labels: TEST_LABELS,
    });
    cleanup.push(() => container.remove({ force: true }));
    await container.start();
    const died = await waitFor(
      'container die event with its exit code',
      () => find(client.events, { type: 'container', action: 'die', id: container.id }),
      1_000,
      10,
    );
    expect(died).toMatchObject({ engine: 'node-2', name: containerName });
    expect(died.attributes.exitCode).toBe('3');
    expect(died.attributes['portolan.test']).toBe('true');
  });

  it('are there at once for a page opened later', async () => {
    const name = uniqueName('evlate');
    const network = await manager.createNetwork({ Name: name, Labels: TEST_LABELS });
    cleanup.push(() => network.remove());
    await waitFor(
      'the event, live',
      () => find(client.events, { name, action: 'create' }),
      1_000,
      10,
    );
    const late = await harness.connect();
    expect(find(late.recent, { name, action: 'create', type: 'network' })).toBeDefined();
    const times = late.recent.map((event) => event.timeNano);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('older history is read from the engine by time range', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const name = uniqueName('evhist');
    const network = await manager.createNetwork({ Name: name, Labels: TEST_LABELS });
    cleanup.push(() => network.remove());
    await waitFor('the event, live', () => find(client.events, { name }), 1_000, 10);
    const until = Math.ceil(Date.now() / 1000) + 1;
    const response = await harness.api(`/api/events?since=${since}&until=${until}&engine=node-1`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { source: string; events: DockerEvent[] };
    expect(body.source).toBe('engine');
    expect(find(body.events, { name, action: 'create', type: 'network' })).toBeDefined();

    const bad = await harness.api('/api/events?since=10&until=5');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: Record<string, string> }).fields.since).toBeDefined();
  });
});
