import http from 'node:http';

import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import {
  TEST_TOKENS,
  startLiveHarness,
  type LiveHarness,
  type RecordingClient,
} from '../support/live-harness';

/**
 * The dashboard holds root on the Docker host: nothing is served without a token, changes need an
 * operator from the same origin, read-only mode refuses every change, and every change is audited.
 * Covers every route the server mounts, so a new route cannot slip past.
 */
let harness: LiveHarness;
let readonly: LiveHarness;

/** A concrete path for a route pattern: every capture group becomes `x`. */
function samplePath(pattern: RegExp): string {
  return pattern.source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\([^)]*\)/g, 'x')
    .replaceAll('\\/', '/');
}

function socketRefused(url: string, headers: Record<string, string>) {
  return new Promise<string>((resolve) => {
    const socket = connectClient(url, {
      transports: ['websocket'],
      extraHeaders: headers,
      reconnection: false,
    });
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (error) => {
      socket.close();
      resolve(`refused: ${error.message}`);
    });
  });
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  harness = await startLiveHarness(specs);
  readonly = await startLiveHarness(specs, { readonly: true });
});

afterAll(async () => {
  await harness?.close();
  await readonly?.close();
});

describe('access', () => {
  it('every route refuses a missing or wrong token with 401', async () => {
    expect(harness.routes.length).toBeGreaterThan(3);
    for (const route of harness.routes) {
      const path = samplePath(route.pattern);
      const attempts: Record<string, string>[] = [
        {},
        { authorization: 'Bearer wrong-token-0123456789' },
      ];
      for (const headers of attempts) {
        const response = await fetch(`${harness.url}${path}`, { method: route.method, headers });
        expect(response.status, `${route.method} ${path}`).toBe(401);
      }
    }
    const page = await fetch(`${harness.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('needs its access token');
  });

  it('refuses a forged Host header (DNS rebinding) before anything else', async () => {
    // NOTE: fetch may not set Host; a raw request can, as a rebinding attacker's browser would.
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.get(
        `${harness.url}/api/health`,
        { headers: { host: 'attacker.example', authorization: `Bearer ${TEST_TOKENS.operator}` } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
    });
    expect(status).toBe(421);
  });

  it('the socket.io handshake needs the token and our own Origin', async () => {
    const url = harness.url;
    expect(await socketRefused(url, { origin: url })).toMatch(/^refused/);
    expect(
      await socketRefused(url, { origin: url, authorization: 'Bearer wrong-token-0123456789' }),
    ).toMatch(/^refused/);
    expect(
      await socketRefused(url, {
        origin: 'http://evil.example',
        authorization: `Bearer ${TEST_TOKENS.viewer}`,
      }),
    ).toMatch(/^refused/);
    expect(
      await socketRefused(url, { origin: url, authorization: `Bearer ${TEST_TOKENS.viewer}` }),
    ).toBe('connected');
  });

  it('a login URL becomes an HttpOnly SameSite=Strict cookie that opens the API', async () => {
    const login = await fetch(`${harness.url}/?token=${TEST_TOKENS.viewer}`, {
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const session = await fetch(`${harness.url}/api/session`, {
      headers: { cookie: cookie.split(';')[0] ?? '' },
    });
    expect(await session.json()).toEqual({ role: 'viewer', readonly: false, canMutate: false });
  });

  it('changes need an operator from the same origin; refusals are audited', async () => {
    // NOTE: signing out is the one non-GET route any role may use (from the dashboard's origin).
    const mutations = harness.routes.filter((route) => route.method !== 'GET' && !route.signsOut);
    expect(mutations.length).toBeGreaterThan(0);
    for (const route of mutations) {
      const path = samplePath(route.pattern);
      const viewer = await harness.api(path, {
        method: route.method,
        headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` },
        json: {},
      });
      expect(viewer.status, `viewer ${route.method} ${path}`).toBe(403);
      const foreign = await harness.api(path, {
        method: route.method,
        headers: { origin: 'http://evil.example' },
        json: {},
      });
      expect(foreign.status, `foreign origin ${route.method} ${path}`).toBe(403);
    }
    const entries = harness.audit.recent();
    expect(entries.length).toBeGreaterThanOrEqual(mutations.length * 2);
    expect(entries.at(-1)).toMatchObject({ role: 'operator', result: 'refused', status: 403 });
  });

  it('read-only mode refuses every change, even from an operator', async () => {
    for (const route of readonly.routes.filter(
      (candidate) => candidate.method !== 'GET' && !candidate.signsOut,
    )) {
      const response = await readonly.api(samplePath(route.pattern), {
        method: route.method,
        json: {},
      });
      expect(response.status, `${route.method} ${route.pattern}`).toBe(403);
      expect(((await response.json()) as { error: string }).error).toContain('read-only');
    }
  });
});

describe('many browsers', () => {
  it('200 socket.io clients all reach the same version', async () => {
    const clients: RecordingClient[] = [];
    for (let start = 0; start < 200; start += 25) {
      clients.push(...(await Promise.all(Array.from({ length: 25 }, () => harness.connect()))));
    }
    await waitFor(
      'every engine live',
      () => harness.hub.health().every((engine) => engine.reachable),
      30_000,
    );
    const docker = dockerFor(labEngineSpecs()[0]!);
    const network = await docker.createNetwork({ Name: uniqueName('fanout'), Labels: TEST_LABELS });
    try {
      await waitFor(
        'all 200 clients showing the new network, at the hub version',
        () => {
          const version = harness.hub.snapshot().version;
          return clients.every(
            (client) =>
              client.topology?.version === version &&
              client.topology.networks[network.id] !== undefined,
          );
        },
        20_000,
      );
      expect(clients.every((client) => client.gaps.length === 0)).toBe(true);
    } finally {
      await network.remove();
      for (const client of clients) client.close();
    }
  });
});
