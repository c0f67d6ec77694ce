import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { TEST_TOKENS, startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * The holes a hostile review found (#18), one test per hole and variant, against the lab: bridge
 * names that would take over an interface of the engine, updates and rollbacks of services that
 * hold host privileges, live checks started from another page, login and logout forgery, refusal
 * floods, and an events query reaching into the future. Each refusal leaves the engine unchanged.
 *
 * NOTE: other suites use the lab at the same time; this one touches only objects it made
 * (`t-hd-…`, label portolan.test=true).
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

let harness: LiveHarness;
let node1: Docker;
const made = {
  services: [] as string[],
  networks: [] as string[],
  containers: [] as string[],
  secrets: [] as string[],
};

interface Answer {
  status: number;
  body: { error?: string; fields?: Record<string, string>; [key: string]: unknown };
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

async function post(path: string, json: unknown): Promise<Answer> {
  return answer(await harness.api(path, { method: 'POST', json }));
}

/** The bridge networks of node-1, with the interface each uses, as the engine lists them. */
async function bridgesOfNode1(): Promise<{ name: string; bridge: string; id: string }[]> {
  const networks = await node1.listNetworks();
  return networks
    .filter((network) => network.Driver === 'bridge')
    .map((network) => ({
      name: network.Name,
      id: network.Id,
      bridge:
        network.Options?.['com.docker.network.bridge.name'] ??
        (network.Name === 'bridge' ? 'docker0' : `br-${network.Id.slice(0, 12)}`),
    }));
}

beforeAll(async () => {
  harness = await startLiveHarness(labEngineSpecs(), { rateLimit: false });
  node1 = dockerFor(labEngineSpecs()[0]!);
  await waitFor('every engine read', () => harness.hub.health().every((e) => e.reachable), 30_000);
});

afterAll(async () => {
  for (const id of made.services)
    await node1
      .getService(id)
      .remove()
      .catch(() => undefined);
  for (const id of made.containers) {
    await node1
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const id of made.networks)
    await node1
      .getNetwork(id)
      .remove()
      .catch(() => undefined);
  for (const id of made.secrets)
    await node1
      .getSecret(id)
      .remove()
      .catch(() => undefined);
  await harness?.close();
});

describe('a new network cannot take over an interface of the engine', () => {
  it('refuses each existing bridge of node-1 by field, and the engine is unchanged', async () => {
    // A user bridge with a custom name, made behind Portolan's back a moment ago.
    const ownName = `hd${Math.random().toString(36).slice(2, 8)}`;
    const own = await node1.createNetwork({
      Name: uniqueName('hd-own'),
      Driver: 'bridge',
      Labels: TEST_LABELS,
      Options: { 'com.docker.network.bridge.name': ownName },
    });
    made.networks.push(own.id);
    const bridges = await bridgesOfNode1();
    const names = bridges.map((bridge) => bridge.bridge);
    expect(names).toEqual(expect.arrayContaining(['docker0', 'docker_gwbridge', ownName]));
    expect(names.some((name) => name.startsWith('br-'))).toBe(true);
    const before = (await node1.listNetworks()).map((network) => network.Id).sort();
    const gateway = async () =>
      JSON.stringify(((await node1.getNetwork('bridge').inspect()) as { IPAM: unknown }).IPAM);
    const defaultBridgeBefore = await gateway();

    for (const bridge of names) {
      const refused = await post('/api/networks', {
        name: uniqueName('hd-hijack'),
        driver: 'bridge',
        engine: 'node-1',
        subnet: '10.251.251.0/24',
        labels: TEST_LABELS,
        options: { 'com.docker.network.bridge.name': bridge },
      });
      // NOTE: seen twice in clean-clone runs: 503 "Engine node-1 is unreachable." with no link
      // loss logged; the hub's own view of node-1 is printed to tell the two apart next time.
      const view = () =>
        JSON.stringify({
          health: harness.hub.health().find((engine) => engine.name === 'node-1')?.reachable,
          topology: harness.hub.snapshot().engines['node-1'],
        });
      expect(refused.status, `${bridge}: ${JSON.stringify(refused.body)} ${view()}`).toBe(400);
      expect(refused.body.fields?.['options.com.docker.network.bridge.name'], bridge).toMatch(
        /already exists on node-1|Docker’s own interfaces/,
      );
    }
    expect((await node1.listNetworks()).map((network) => network.Id).sort()).toEqual(before);
    expect(await gateway()).toBe(defaultBridgeBefore);
  });

  it('refuses a host interface name (eth0) and a macvlan parent, and accepts a name of its own', async () => {
    for (const bridge of ['eth0', 'eth1', 'lo']) {
      const refused = await post('/api/networks', {
        name: uniqueName('hd-nic'),
        driver: 'bridge',
        engine: 'node-1',
        options: { 'com.docker.network.bridge.name': bridge },
      });
      expect(refused.status, bridge).toBe(400);
    }
    const name = uniqueName('hd-ok');
    const created = await post('/api/networks', {
      name,
      driver: 'bridge',
      engine: 'node-1',
      labels: TEST_LABELS,
      options: { 'com.docker.network.bridge.name': `pt${Math.random().toString(36).slice(2, 8)}` },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    made.networks.push(created.body.id as string);
    // The audit names what a creation made: its id, and its name for after it is gone.
    expect(harness.audit.recent().at(-1)).toMatchObject({
      action: 'POST /api/networks',
      target: created.body.id,
      targetName: name,
      result: 'ok',
    });
  });
});

describe('services that hold host privileges are neither updated nor rolled back', () => {
  async function privileged(container: Record<string, unknown>, networks?: { Target: string }[]) {
    const name = uniqueName('hd-priv');
    const created = await node1.createService({
      Name: name,
      Labels: TEST_LABELS,
      TaskTemplate: {
        ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, ...container },
        ...(networks ? { Networks: networks } : {}),
      },
      Mode: { Replicated: { Replicas: 0 } },
    } as Docker.CreateServiceOptions);
    const id = (created as { id?: string; ID?: string }).id ?? (created as { ID: string }).ID;
    made.services.push(id);
    return { id, name };
  }

  async function specOf(id: string): Promise<string> {
    return JSON.stringify(((await node1.getService(id).inspect()) as { Spec: unknown }).Spec);
  }

  it.each([
    [
      'a bind mount of a host folder',
      { Mounts: [{ Type: 'bind', Source: '/etc', Target: '/host-etc' }] },
      'host /etc at /host-etc',
    ],
    ['an added capability', { CapabilityAdd: ['CAP_NET_ADMIN'] }, 'added capability CAP_NET_ADMIN'],
    [
      'a kernel setting',
      { Sysctls: { 'net.ipv4.ip_forward': '1' } },
      'kernel setting net.ipv4.ip_forward=1',
    ],
    [
      'a volume backed by a host folder',
      {
        Mounts: [
          {
            Type: 'volume',
            Source: 'hdvol',
            Target: '/v',
            VolumeOptions: {
              DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/etc' } },
            },
          },
        ],
      },
      'on host /etc',
    ],
  ])(
    '%s: update refused with the engine unchanged; the service view lists it',
    async (_what, container, detail) => {
      const { id, name } = await privileged(container);
      const before = await specOf(id);
      const update = await post(`/api/services/${id}/update`, { command: ['id'] });
      expect(update.status).toBe(403);
      expect(update.body.error).toContain(`does not update ${name}`);
      expect(update.body.error).toContain(detail);
      expect(await specOf(id)).toBe(before);
      const view = await answer(await harness.api(`/api/services/${id}`));
      expect(view.status).toBe(200);
      expect(JSON.stringify(view.body.privileges)).toContain(detail);
    },
  );

  it('the host network: update refused', async () => {
    const { id } = await privileged({}, [{ Target: 'host' }]);
    const before = await specOf(id);
    const update = await post(`/api/services/${id}/update`, { command: ['id'] });
    expect(update.status).toBe(403);
    expect(update.body.error).toContain('host network');
    expect(await specOf(id)).toBe(before);
  });

  it('a secret: update refused', async () => {
    const secretName = uniqueName('hd-secret');
    const secret = await node1.createSecret({
      Name: secretName,
      Labels: TEST_LABELS,
      Data: Buffer.from('s3cret').toString('base64'),
    });
    const secretId = (secret as { id: string }).id;
    made.secrets.push(secretId);
    const { id } = await privileged({
      Secrets: [
        {
          SecretID: secretId,
          SecretName: secretName,
          File: { Name: 'db', UID: '0', GID: '0', Mode: 0o400 },
        },
      ],
    });
    const update = await post(`/api/services/${id}/update`, {
      command: ['cat', '/run/secrets/db'],
    });
    expect(update.status).toBe(403);
    expect(update.body.error).toContain(`secret ${secretName}`);
  });

  it('a privilege added after creation (current spec) or removed since (previous spec) blocks rollback', async () => {
    const { id } = await privileged({});
    const service = node1.getService(id);
    const plain = (await service.inspect()) as {
      Version: { Index: number };
      Spec: Record<string, unknown>;
    };
    const withMount = structuredClone(plain.Spec) as {
      TaskTemplate: { ContainerSpec: Record<string, unknown> };
    };
    withMount.TaskTemplate.ContainerSpec.Mounts = [{ Type: 'bind', Source: '/', Target: '/host' }];
    await service.update({ version: plain.Version.Index, ...withMount });
    const current = await specOf(id);
    const rollback = await post(`/api/services/${id}/rollback`, {});
    expect(rollback.status).toBe(403);
    expect(rollback.body.error).toContain('does not roll back');
    expect(await specOf(id)).toBe(current);

    // Now the mount is gone from the current spec, but the previous one still has it.
    const mounted = (await service.inspect()) as { Version: { Index: number } };
    await service.update({ version: mounted.Version.Index, ...plain.Spec });
    const cleaned = await specOf(id);
    expect(cleaned).not.toContain('/host');
    const again = await post(`/api/services/${id}/rollback`, {});
    expect(again.status).toBe(403);
    expect(again.body.error).toContain('host / at /host');
    expect(await specOf(id)).toBe(cleaned);
  });
});

describe('live checks, sessions and floods', () => {
  let cookie = '';
  let container: { id: string; name: string };

  beforeAll(async () => {
    const login = await fetch(`${harness.url}/?token=${TEST_TOKENS.operator}`, {
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const name = uniqueName('hd-exec');
    const created = await node1.createContainer({
      name,
      Image: 'busybox:latest',
      Cmd: SLEEP_CMD,
      Labels: TEST_LABELS,
      HostConfig: { NetworkMode: 'bridge' },
    });
    made.containers.push(created.id);
    await created.start();
    container = { id: created.id, name };
    await waitFor('the container in the topology, running', () =>
      harness.hub.snapshot().containers[created.id]?.state === 'running' ? true : null,
    );
  });

  /** exec_create events the engine reported for the test container since `since` (seconds). */
  async function execsSince(since: number): Promise<number> {
    const stream = (await node1.getEvents({
      since,
      until: Math.ceil(Date.now() / 1000) + 1,
      filters: { container: [container.id], event: ['exec_create'] },
    })) as unknown as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    return text.split('\n').filter((line) => line.trim()).length;
  }

  it('a live check with the session cookie from another page starts nothing and is audited', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const path = `/api/resolve?from=${container.name}&name=bridge&verify=1`;
    const attempts: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-site', 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: `http://127.0.0.1:1` },
      {},
    ];
    for (const headers of attempts) {
      const response = await fetch(`${harness.url}${path}`, { headers: { cookie, ...headers } });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      await response.body?.cancel();
    }
    const live = `/api/containers/${container.id}/resolver?live=1`;
    const resolver = await fetch(`${harness.url}${live}`, {
      headers: { cookie, 'sec-fetch-site': 'same-site' },
    });
    expect(resolver.status).toBe(403);
    expect(await execsSince(since)).toBe(0);
    const refused = harness.audit.recent().filter((e) => e.action.startsWith('GET /api/resolve'));
    expect(refused.some((e) => e.result === 'refused' && e.status === 403)).toBe(true);

    // The dashboard's own page may: the check runs (the engine reports the exec) and is audited.
    const own = await fetch(`${harness.url}${path}`, {
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status, await own.clone().text()).toBe(200);
    await own.body?.cancel();
    await waitFor('the exec reported by the engine', async () => (await execsSince(since)) > 0);
    expect(
      harness.audit
        .recent()
        .some((e) => e.action.startsWith('GET /api/resolve') && e.result === 'ok'),
    ).toBe(true);
  });

  it('a viewer flooding refused changes gets 429s, and the audit keeps one collapsed entry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) {
      const response = await harness.api('/api/networks', {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` },
        json: { name: 'x', driver: 'bridge' },
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.filter((status) => status === 403).length).toBeLessThanOrEqual(31);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(89);
    const viewer = harness.audit
      .recent()
      .filter((e) => e.role === 'viewer' && e.action === 'POST /api/networks');
    expect(viewer).toHaveLength(1);
    expect(viewer[0]?.count).toBeGreaterThanOrEqual(29);
    // The operator's own changes are not drained: a (bad) change is answered, not limited.
    const operator = await post('/api/networks', { name: '', driver: 'bridge' });
    expect(operator.status).toBe(400);
  });

  it('signing out needs the dashboard’s page; then the cookie opens nothing', async () => {
    const login = await fetch(`${harness.url}/?token=${TEST_TOKENS.viewer}`, {
      redirect: 'manual',
    });
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const foreign = await fetch(`${harness.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: session, origin: 'http://127.0.0.1:1' },
    });
    expect(foreign.status).toBe(403);
    const still = await fetch(`${harness.url}/api/session`, { headers: { cookie: session } });
    expect(still.status).toBe(200);
    const out = await fetch(`${harness.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: session, origin: harness.url },
    });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const after = await fetch(`${harness.url}/api/session`, { headers: { cookie: session } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: string }).error).toContain('session has ended');
  });

  it('a login URL loaded as an image logs nobody in; a redirect never leaves the dashboard', async () => {
    const image = await fetch(`${harness.url}/?token=${TEST_TOKENS.viewer}`, {
      redirect: 'manual',
      headers: {
        'sec-fetch-site': 'same-site',
        'sec-fetch-dest': 'image',
        'sec-fetch-mode': 'no-cors',
      },
    });
    expect(image.status).toBe(403);
    expect(image.headers.get('set-cookie')).toBeNull();
    for (const path of ['/.//evil.example/', '//evil.example/', '/%2F/evil.example/']) {
      const response = await fetch(`${harness.url}${path}?token=${TEST_TOKENS.viewer}`, {
        redirect: 'manual',
      });
      const location = response.headers.get('location') ?? '';
      expect(location, path).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, harness.url).origin).toBe(harness.url);
    }
  });

  it('every answer carries the security headers, the 401 and login pages too', async () => {
    for (const [path, init] of [
      ['/', { headers: { accept: 'text/html' } }],
      ['/api/health', {}],
      [`/?token=${TEST_TOKENS.viewer}`, { redirect: 'manual' as const }],
    ] as const) {
      const response = await fetch(`${harness.url}${path}`, init);
      expect(response.headers.get('content-security-policy'), path).toContain(
        "frame-ancestors 'none'",
      );
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      await response.body?.cancel();
    }
  });

  it('an events query reaching into the future ends now', async () => {
    const since = Math.floor(Date.now() / 1000) - 5;
    // NOTE: before the clamp the engine held the stream open until `until`: 503 after 15 s.
    const response = await harness.api(`/api/events?since=${since}&until=${since + 3600}`);
    expect(response.status).toBe(200);
    await response.json();
    const future = await harness.api(`/api/events?since=${since + 3000}&until=${since + 3600}`);
    expect(await future.json()).toEqual({ source: 'engine', events: [] });
  });
});

describe('token guessing', () => {
  it('is slowed per address after 50 wrong tokens, while a signed-in browser keeps working', async () => {
    const own = await startLiveHarness(labEngineSpecs());
    try {
      const login = await fetch(`${own.url}/?token=${TEST_TOKENS.viewer}`, { redirect: 'manual' });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const guess = await fetch(`${own.url}/api/session`, {
          headers: { authorization: `Bearer guess-${i}-0123456789abcdef` },
        });
        statuses.push(guess.status);
        await guess.body?.cancel();
      }
      expect(statuses.slice(0, 50).every((status) => status === 401)).toBe(true);
      expect(statuses.slice(50).every((status) => status === 429)).toBe(true);
      // Even the right token is not looked at from this address now…
      const right = await own.api('/api/session');
      expect(right.status).toBe(429);
      expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
      // …but the browser session (a signed cookie, not guessable) still opens the API.
      const browser = await fetch(`${own.url}/api/session`, { headers: { cookie } });
      expect(browser.status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
