import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCountingProxy } from '../support/counting-proxy';
import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  pruneTestObjects,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { startLiveHarness, type LiveHarness, type RecordingClient } from '../support/live-harness';

/**
 * Live, not polled: each event costs a small, constant number of Engine API requests, whatever the
 * number of containers. A proxy in front of node-1's socket counts what the server asks for.
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

let docker: Docker;
let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
let harness: LiveHarness;
let client: RecordingClient;
const filler: string[] = [];

async function addFiller(total: number) {
  const wanted = total - filler.length;
  for (let start = 0; start < wanted; start += 10) {
    const batch = Array.from({ length: Math.min(10, wanted - start) }, () =>
      docker.createContainer({
        name: uniqueName('fill'),
        Image: 'busybox:latest',
        Cmd: SLEEP_CMD,
        Labels: TEST_LABELS,
      }),
    );
    for (const container of await Promise.all(batch)) filler.push(container.id);
  }
  await waitFor(
    `${total} filler containers in the streamed graph`,
    () => filler.every((id) => client.topology?.containers[id]),
    60_000,
  );
}

/** Runs a fixed sequence of single-event changes, each waited for, and counts the reads. */
async function measure(): Promise<{
  probeEvents: string[];
  otherEvents: string[];
  reads: number;
  perEvent: number;
}> {
  const container = await docker.createContainer({
    name: uniqueName('probe'),
    Image: 'busybox:latest',
    Cmd: SLEEP_CMD,
    Labels: TEST_LABELS,
  });
  await container.start();
  const id = container.id;
  await waitFor(
    'probe running on the map',
    () => client.topology?.containers[id]?.state === 'running',
  );

  // NOTE: node-1 is the swarm manager and may report other events in the window (a task of an
  // earlier file ending, a healthcheck): they are counted with the reads they cause, and named.
  const seen: { actor: string; what: string }[] = [];
  const unsubscribe = harness.hub.subscribe({
    onEvent: (event) => seen.push({ actor: event.id, what: `${event.type} ${event.action}` }),
  });
  const since = Date.now();
  const steps: [string, () => Promise<unknown>, () => boolean][] = [
    ['pause', () => container.pause(), () => client.topology?.containers[id]?.state === 'paused'],
    [
      'unpause',
      () => container.unpause(),
      () => client.topology?.containers[id]?.state === 'running',
    ],
    [
      'rename',
      () => container.rename({ name: uniqueName('renamed') }),
      () => client.topology?.containers[id]?.name.startsWith('t-renamed') === true,
    ],
  ];
  for (const [what, act, done] of steps) {
    await act();
    // NOTE: each step shows on the map only after its read: nothing is left in flight after it.
    await waitFor(what, done, 5_000, 10);
  }
  unsubscribe();
  const reads = proxy.reads(since).length;
  const probeEvents = seen.filter((event) => event.actor === id).map((event) => event.what);
  const otherEvents = seen.filter((event) => event.actor !== id).map((event) => event.what);
  await container.remove({ force: true });
  await waitFor('probe gone from the map', () => !client.topology?.containers[id]);
  return { probeEvents, otherEvents, reads, perEvent: reads / seen.length };
}

beforeAll(async () => {
  const [nodeOne] = labEngineSpecs();
  if (!nodeOne || nodeOne.address.kind !== 'unix') throw new Error('lab node-1 not found');
  docker = dockerFor(nodeOne);
  await pruneTestObjects(docker, true);
  proxy = await startCountingProxy(nodeOne.address.socketPath);
  harness = await startLiveHarness([
    { name: 'node-1', address: { kind: 'unix', socketPath: proxy.socketPath } },
  ]);
  client = await harness.connect();
  await waitFor('node-1 live', () => client.health[0]?.reachable === true);
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
  await Promise.all(
    filler.map((id) =>
      docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
});

describe('Engine API requests per event', () => {
  it('is small and the same with 10 and with 200 containers', async () => {
    await addFiller(10);
    const small = await measure();
    await addFiller(200);
    const large = await measure();
    const probeSteps = ['container pause', 'container unpause', 'container rename'];
    expect(small.probeEvents).toEqual(probeSteps);
    expect(large.probeEvents).toEqual(probeSteps);
    // NOTE: the claim is a constant number of reads per event whatever the size, not an exact
    // count: the hub's batching merges reads differently from run to run (clean-clone run: 3 reads
    // at 10 containers, 2 at 210), which an equality turned into a random failure (#19).
    // A CI run counted 5 events where the probe made 3; the others are named if this fails.
    const others = `other events: ${small.otherEvents.join(', ')} | ${large.otherEvents.join(', ')}`;
    expect(small.perEvent, others).toBeLessThanOrEqual(3);
    expect(large.perEvent, others).toBeLessThanOrEqual(3);
  });
});
