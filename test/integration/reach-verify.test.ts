import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * "Can A reach B?" checked live (#14): connection attempts from inside A on the lab, set against
 * the prediction — a pair that connects, a pair on networks that share nothing, and a port no one
 * listens on (the path is there, the service is not).
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
const SERVE_CMD = ['sh', '-c', 'trap "exit 0" TERM; httpd -f -p 8080 -h / & wait $!'];

let harness: LiveHarness;
let docker: Docker;
const made = { containers: [] as string[], networks: [] as string[] };
const names = { front: uniqueName('rv-front'), back: uniqueName('rv-back') };
const ids: Record<string, string> = {};

interface Verified {
  verdict: string;
  verified: {
    agrees: boolean | null;
    explanation: string;
    probes: { address: string; port: number; outcome: string; tool: string | null }[];
  };
}

async function run(name: string, network: string, cmd: string[]) {
  const container = await docker.createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: cmd,
    Labels: TEST_LABELS,
    HostConfig: { NetworkMode: network },
  });
  made.containers.push(container.id);
  await container.start();
  return container.id;
}

beforeAll(async () => {
  harness = await startLiveHarness(labEngineSpecs());
  docker = dockerFor(labEngineSpecs()[0]!);
  for (const network of [names.front, names.back]) {
    const created = await docker.createNetwork({ Name: network, Labels: TEST_LABELS });
    made.networks.push(created.id);
  }
  ids.server = await run(uniqueName('rv-server'), names.front, SERVE_CMD);
  ids.client = await run(uniqueName('rv-client'), names.front, SLEEP_CMD);
  ids.stranger = await run(uniqueName('rv-stranger'), names.back, SLEEP_CMD);
  await waitFor(
    'the three containers running in the topology',
    () =>
      [ids.server, ids.client, ids.stranger].every(
        (id) => harness.hub.snapshot().containers[id ?? '']?.state === 'running',
      ),
    20_000,
  );
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
});

async function verify(from: string, to: string, port: number): Promise<Verified> {
  const response = await harness.api(
    `/api/reach?from=container:${from}&to=container:${to}&port=${port}&verify=1`,
  );
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as Verified;
}

describe('reach, verified live', () => {
  it('a pair on a shared network connects, as predicted', async () => {
    const answer = await verify(ids.client!, ids.server!, 8080);
    expect(answer.verdict).toBe('direct');
    expect(answer.verified.agrees).toBe(true);
    expect(answer.verified.probes[0]).toMatchObject({ port: 8080, outcome: 'open', tool: 'nc' });
  });

  it('a pair that shares no network does not connect, as predicted', async () => {
    const answer = await verify(ids.stranger!, ids.server!, 8080);
    expect(answer.verdict).toBe('unreachable');
    expect(answer.verified.probes.length).toBeGreaterThan(0);
    expect(answer.verified.probes.every((probe) => probe.outcome !== 'open')).toBe(true);
    expect(answer.verified.agrees).toBe(true);
  });

  it('a port no one listens on: the path is predicted, the connection is refused, and it says why', async () => {
    const answer = await verify(ids.client!, ids.server!, 9090);
    expect(answer.verdict).toBe('direct');
    expect(answer.verified.probes[0]?.outcome).toBe('refused');
    expect(answer.verified.agrees).toBe(false);
    expect(answer.verified.explanation).toContain('nothing listens on port 9090');
  });

  it('a live check needs a port, and is audited as a process started in A', async () => {
    const response = await harness.api(
      `/api/reach?from=container:${ids.client}&to=container:${ids.server}&verify=1`,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { fields: Record<string, string> }).fields.port).toContain(
      'name the port',
    );
    expect(
      harness.audit
        .recent()
        .some((entry) => entry.action.startsWith('GET /api/reach?') && entry.result === 'ok'),
    ).toBe(true);
  });
});
