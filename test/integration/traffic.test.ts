import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TrafficConversation, TrafficSample } from '@/lib/traffic/types';

import { TEST_LABELS, dockerFor, labEngineSpecs, waitFor } from '../support/lab-engines';
import { startLiveHarness, type LiveHarness, type RecordingClient } from '../support/live-harness';

/**
 * Traffic on the lab: two busybox containers of our own on a bridge of our own, one serving HTTP
 * on port 80, the other calling it by name every 0.5 s. The sampler (reading the host's /proc)
 * must name the conversation with the right direction, names, port and network; leave out the DNS
 * lookups; report endpoint bytes that agree with the container's own counters; and stop when its
 * last watcher leaves.
 */
const net = `t16-tr-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const serverName = `${net}-srv`;
const clientName = `${net}-cli`;
const STOPPABLE = (script: string) => ['sh', '-c', `trap "exit 0" TERM; ${script}`];

let harness: LiveHarness;
let docker: Docker;
const made: { containers: string[]; network: string | null } = { containers: [], network: null };

async function run(name: string, cmd: string[]) {
  const container = await docker.createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: cmd,
    Labels: TEST_LABELS,
    HostConfig: { NetworkMode: net, Init: true },
  });
  made.containers.push(container.id);
  await container.start();
  return container.id;
}

/** A socket.io client watching the traffic layer, keeping the samples it gets. */
async function watcher() {
  const client: RecordingClient = await harness.connect();
  const samples: TrafficSample[] = [];
  client.socket.on('traffic:sample', (sample) => samples.push(sample));
  client.socket.emit('traffic:watch');
  return { client, samples, last: () => samples.at(-1) };
}

const between = (sample: TrafficSample | undefined, from: string, to: string) =>
  sample?.conversations.find(
    (conversation: TrafficConversation) =>
      conversation.from.name === from && conversation.to.name === to,
  );

beforeAll(async () => {
  const spec = labEngineSpecs().find((candidate) => candidate.name === 'node-1');
  if (!spec) throw new Error('no node-1 in the lab');
  docker = dockerFor(spec);
  const network = await docker.createNetwork({ Name: net, Driver: 'bridge', Labels: TEST_LABELS });
  made.network = network.id;
  harness = await startLiveHarness(labEngineSpecs());
  await run(
    serverName,
    STOPPABLE('mkdir -p /www && echo hello > /www/index.html && httpd -f -p 80 -h /www & wait'),
  );
  await run(
    clientName,
    STOPPABLE(`while :; do wget -q -O /dev/null http://${serverName}/ ; sleep 0.5 & wait $!; done`),
  );
  await waitFor(
    'both containers running in the topology',
    () =>
      Object.values(harness.hub.snapshot().containers).filter(
        (c) => (c.name === serverName || c.name === clientName) && c.state === 'running',
      ).length === 2,
    30_000,
  );
});

afterAll(async () => {
  await harness?.close();
  for (const id of made.containers) {
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  if (made.network) {
    await docker
      .getNetwork(made.network)
      .remove()
      .catch(() => undefined);
  }
});

describe('traffic sampling on the lab', () => {
  it('samples nothing until someone watches', () => {
    expect(harness.traffic.status()).toMatchObject({ running: false, watchers: 0, samples: 0 });
  });

  it('sees client → server on port 80/tcp on our network, with names and ids, within 2 s', async () => {
    const watching = await watcher();
    const started = Date.now();
    const conversation = await waitFor(
      'the client → server conversation',
      () => between(watching.last(), clientName, serverName),
      10_000,
    );
    const seenAfterMs = Date.now() - started;
    const topology = harness.hub.snapshot();
    const server = Object.values(topology.containers).find((c) => c.name === serverName);
    const client = Object.values(topology.containers).find((c) => c.name === clientName);
    expect(conversation).toMatchObject({
      from: { kind: 'container', id: client?.id, name: clientName },
      to: { kind: 'container', id: server?.id, name: serverName, ip: server?.endpoints[0]?.ipv4 },
      network: { id: made.network, name: net },
      port: 80,
      protocol: 'tcp',
    });
    expect(conversation.connections).toBeGreaterThan(0);
    // NOTE: the client calls every 0.5 s and the sampler reads every 1 s; TIME_WAIT keeps each call.
    expect(seenAfterMs).toBeLessThan(2_000 + 1_000);
    // The reverse direction is never drawn, nor the name lookups to 127.0.0.11.
    const sample = watching.last();
    expect(between(sample, serverName, clientName)).toBeUndefined();
    expect(sample?.conversations.filter((c) => c.port === 53)).toEqual([]);
    expect(sample?.engines.find((engine) => engine.engine === 'node-1')).toMatchObject({
      observable: true,
      reason: null,
    });
    watching.client.close();
  });

  it('counts connections over the last minute, growing as calls go on', async () => {
    const watching = await watcher();
    const first = await waitFor('a first count', () =>
      between(watching.last(), clientName, serverName),
    );
    await waitFor(
      'more connections counted',
      () =>
        (between(watching.last(), clientName, serverName)?.connections ?? 0) > first.connections,
      10_000,
    );
    watching.client.close();
  });

  it('gives endpoint throughput from the very counters the container reads itself', async () => {
    const watching = await watcher();
    // NOTE: the first sample after sampling (re)starts has no previous reading: rates 0.
    const rates = await waitFor('rates of the server endpoint after two samples', () =>
      watching
        .last()
        ?.endpoints.find((e) => e.containerName === serverName && e.rxBytesPerSecond > 0),
    );
    expect(rates).toMatchObject({ interface: 'eth0', networkName: net });
    expect(rates.rxBytesPerSecond).toBeGreaterThan(0);
    expect(rates.txBytesPerSecond).toBeGreaterThan(0);
    expect(rates.rxPacketsPerSecond).toBeGreaterThan(0);
    // NOTE: the calls never stop, so agreement is shown by bracketing: a sample taken after one
    // read inside the container and before another must lie between the two, for both counters.
    const before = await readInside(serverName);
    const afterBefore = Date.now();
    const sampled = await waitFor('a sample taken after the first read', () => {
      const sample = watching.last();
      return sample && sample.at > afterBefore
        ? sample.endpoints.find((e) => e.containerName === serverName)
        : null;
    });
    const after = await readInside(serverName);
    expect(sampled.rxBytes).toBeGreaterThanOrEqual(before.rx);
    expect(sampled.rxBytes).toBeLessThanOrEqual(after.rx);
    expect(sampled.txBytes).toBeGreaterThanOrEqual(before.tx);
    expect(sampled.txBytes).toBeLessThanOrEqual(after.tx);
    watching.client.close();
  });

  it('reports rates within 10% of the rates the container’s own counters give over ~20 s', async () => {
    const watching = await watcher();
    const samples: TrafficSample[] = [];
    watching.client.socket.on('traffic:sample', (sample) => samples.push(sample));
    const inside = async () => {
      const before = Date.now();
      const counters = await readInside(serverName);
      return { ...counters, at: (before + Date.now()) / 2 };
    };
    const start = await inside();
    await waitFor('20 s of samples', () => (samples.at(-1)?.at ?? 0) > start.at + 20_000, 40_000);
    const end = await inside();
    const seconds = (end.at - start.at) / 1000;
    // NOTE: each sample's rate covers the interval since the one before: weight by it.
    const within = samples.filter((sample) => sample.at > start.at && sample.at <= end.at);
    const server = (sample: TrafficSample) =>
      sample.endpoints.find((e) => e.containerName === serverName && e.interface === 'eth0');
    let weighted = { rx: 0, tx: 0, ms: 0 };
    for (const [i, sample] of within.entries()) {
      const previous = i === 0 ? null : within[i - 1];
      const rates = server(sample);
      if (!previous || !rates) continue;
      const ms = sample.at - previous.at;
      weighted = {
        rx: weighted.rx + rates.rxBytesPerSecond * ms,
        tx: weighted.tx + rates.txBytesPerSecond * ms,
        ms: weighted.ms + ms,
      };
    }
    expect(weighted.ms).toBeGreaterThan(15_000);
    const reported = { rx: weighted.rx / weighted.ms, tx: weighted.tx / weighted.ms };
    const measured = { rx: (end.rx - start.rx) / seconds, tx: (end.tx - start.tx) / seconds };
    expect(measured.rx).toBeGreaterThan(0);
    expect(Math.abs(reported.rx - measured.rx) / measured.rx).toBeLessThanOrEqual(0.1);
    expect(Math.abs(reported.tx - measured.tx) / measured.tx).toBeLessThanOrEqual(0.1);
    watching.client.close();
  });

  it('stops sampling when the last watcher leaves, and runs while one is left', async () => {
    const one = await watcher();
    const two = await watcher();
    await waitFor('sampling', () => harness.traffic.status().running && two.samples.length > 0);
    one.client.close();
    await waitFor('one watcher left', () => harness.traffic.status().watchers === 1);
    const before = harness.traffic.status().samples;
    await waitFor('two more samples with one watcher left', () =>
      harness.traffic.status().samples >= before + 2 ? true : null,
    );
    expect(harness.traffic.status()).toMatchObject({ running: true, watchers: 1 });
    two.client.socket.emit('traffic:unwatch');
    await waitFor('the sampler to stop', () => !harness.traffic.status().running, 5_000);
    await waitFor('the client to be gone', () => harness.traffic.status().watchers === 0);
    expect(harness.traffic.status().running).toBe(false);
    two.client.close();
  });

  it('answers GET /api/traffic for scripts with names, ids, port and counts', async () => {
    const response = await harness.api('/api/traffic');
    expect(response.status).toBe(200);
    const first = (await response.json()) as TrafficSample;
    expect(first.intervalMs).toBe(1_000);
    // NOTE: the request itself starts the sampler; the conversation shows from the next samples.
    const seen = await waitFor('the conversation through the API', async () => {
      const answer = (await (await harness.api('/api/traffic')).json()) as TrafficSample;
      return between(answer, clientName, serverName);
    });
    expect(seen).toMatchObject({ port: 80, protocol: 'tcp', network: { name: net } });
    expect(typeof seen.firstSeen).toBe('number');
    expect(seen.lastSeen).toBeGreaterThanOrEqual(seen.firstSeen);
    const anonymous = await fetch(`${harness.url}/api/traffic`);
    expect(anonymous.status).toBe(401);
  });
});

/** The server's eth0 counters as the container itself reads them. */
async function readInside(name: string): Promise<{ rx: number; tx: number }> {
  const exec = await docker.getContainer(name).exec({
    Cmd: [
      'sh',
      '-c',
      'cat /sys/class/net/eth0/statistics/rx_bytes /sys/class/net/eth0/statistics/tx_bytes',
    ],
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ Detach: false, Tty: true });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const [rx, tx] = Buffer.concat(chunks).toString('utf8').trim().split(/\s+/).map(Number);
  return { rx: rx ?? 0, tx: tx ?? 0 };
}
