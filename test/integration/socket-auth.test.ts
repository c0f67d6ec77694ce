import type Docker from 'dockerode';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SOCKET_PATH } from '@/lib/realtime/protocol';

import { dockerFor, labEngineSpecs, runSleeper, waitFor } from '../support/lab-engines';
import { TEST_TOKENS, startLiveHarness, type LiveHarness } from '../support/live-harness';

/**
 * A script connects to socket.io the conventional way, `io(url, { auth: { token } })`, with no
 * cookie and no Origin (Node's client sends none): accepted with its token's role, a wrong token
 * refused; a browser's Origin and cookie rules are unchanged.
 */
let harness: LiveHarness;
let sleeper: { docker: Docker; id: string } | null = null;

beforeAll(async () => {
  const specs = labEngineSpecs().filter((spec) => spec.name === 'node-2');
  // NOTE: a container of the file's own, so the snapshot holds one whatever the swarm placed on
  // node-2 (after other files' restarts it may hold none).
  const docker = specs[0] ? dockerFor(specs[0]) : null;
  if (!docker) throw new Error('the lab has no node-2');
  sleeper = { docker, id: await runSleeper(docker, 'sa') };
  harness = await startLiveHarness(specs);
  const id = sleeper.id;
  await waitFor('node-2 read with the test container', () => harness.hub.snapshot().containers[id]);
});

afterAll(async () => {
  await harness?.close();
  await sleeper?.docker
    .getContainer(sleeper.id)
    .remove({ force: true })
    .catch(() => undefined);
});

/** Connects as a script would; resolves with the socket once the snapshot came, or the refusal. */
function connect(
  options: { auth?: Record<string, unknown>; extraHeaders?: Record<string, string> },
  transport: 'websocket' | 'polling' = 'websocket',
) {
  return new Promise<{ socket: Socket | null; refusal: string | null; containers: number }>(
    (resolve) => {
      const socket = connectClient(harness.url, {
        path: SOCKET_PATH,
        transports: [transport],
        reconnection: false,
        ...options,
      });
      socket.once('topology:snapshot', ({ topology }: { topology: { containers: object } }) =>
        resolve({ socket, refusal: null, containers: Object.keys(topology.containers).length }),
      );
      socket.once('connect_error', (error: Error) => {
        socket.close();
        resolve({ socket: null, refusal: error.message, containers: 0 });
      });
    },
  );
}

async function roleOf(socket: Socket | null) {
  const sockets = await harness.gateway.fetchSockets();
  return sockets.find((each) => each.id === socket?.id)?.data.role ?? null;
}

describe('socket.io handshake auth: { token }', () => {
  it('accepts a script with the viewer or the operator token, in its role', async () => {
    for (const [token, role] of [
      [TEST_TOKENS.viewer, 'viewer'],
      [TEST_TOKENS.operator, 'operator'],
    ] as const) {
      for (const transport of ['websocket', 'polling'] as const) {
        const { socket, refusal, containers } = await connect({ auth: { token } }, transport);
        expect(refusal, `${role} over ${transport}`).toBeNull();
        expect(containers).toBeGreaterThan(0);
        expect(await roleOf(socket)).toBe(role);
        socket?.close();
      }
    }
  });

  it('refuses a wrong, empty or non-string token, and no token at all', async () => {
    for (const auth of [
      { token: 'wrong-token-0123456789abcdef' },
      { token: '' },
      { token: 12 },
      {},
    ]) {
      const { refusal } = await connect({ auth });
      expect(refusal, JSON.stringify(auth)).toBe('token required');
    }
  });

  it('a wrong handshake token is not rescued by a good bearer header', async () => {
    const { refusal } = await connect({
      auth: { token: 'wrong-token-0123456789abcdef' },
      extraHeaders: { authorization: `Bearer ${TEST_TOKENS.operator}` },
    });
    expect(refusal).toBe('token required');
  });

  it('keeps browsers to our own Origin, even with the right token', async () => {
    const foreign = await connect({
      auth: { token: TEST_TOKENS.operator },
      extraHeaders: { origin: 'http://evil.example' },
    });
    // NOTE: refused at the upgrade: the client sees only that the WebSocket failed.
    expect(foreign.refusal).not.toBeNull();
    expect(foreign.socket).toBeNull();
    const own = await connect({
      auth: { token: TEST_TOKENS.viewer },
      extraHeaders: { origin: harness.url },
    });
    expect(own.refusal).toBeNull();
    own.socket?.close();
  });

  it('does not let a cookie alone open a socket without an Origin', async () => {
    const login = await fetch(`${harness.url}/?token=${TEST_TOKENS.viewer}`, {
      redirect: 'manual',
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/=/);
    const bare = await connect({ extraHeaders: { cookie } });
    expect(bare.refusal).toBe('token required');
    const fromPage = await connect({ extraHeaders: { cookie, origin: harness.url } });
    expect(fromPage.refusal).toBeNull();
    fromPage.socket?.close();
  });
});
