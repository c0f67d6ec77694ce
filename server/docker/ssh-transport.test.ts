import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import { Server, utils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SSH_CHANNELS_PER_ENGINE, createSshHttpAgent } from './ssh-transport';

/**
 * The transport against an in-process SSH server on loopback whose every `exec` is a byte pipe to
 * a local HTTP server, as `docker system dial-stdio` is to the engine's socket. It counts the
 * sessions (execs) asked for and the most open at once.
 */
const hostKey = utils.generateKeyPairSync('ed25519');
const userKey = utils.generateKeyPairSync('ed25519');
let engine: http.Server;
let sshd: Server;
let sshPort = 0;
const sessions = { started: 0, open: 0, mostOpen: 0 };

beforeAll(async () => {
  engine = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ path: request.url }));
  });
  await new Promise<void>((resolve) => engine.listen(0, '127.0.0.1', resolve));
  const enginePort = (engine.address() as AddressInfo).port;
  sshd = new Server({ hostKeys: [hostKey.private] }, (client) => {
    client
      .on('authentication', (context) => context.accept())
      .on('ready', () => {
        client.on('session', (accept) => {
          accept().once('exec', (acceptExec) => {
            const stream = acceptExec();
            sessions.started += 1;
            sessions.open += 1;
            sessions.mostOpen = Math.max(sessions.mostOpen, sessions.open);
            const pipe = net.connect(enginePort, '127.0.0.1');
            stream.pipe(pipe).pipe(stream);
            pipe.once('close', () => {
              sessions.open -= 1;
              stream.exit(0);
              stream.end();
            });
            stream.once('close', () => pipe.destroy());
          });
        });
      })
      .on('error', () => undefined);
  });
  await new Promise<void>((resolve) => sshd.listen(0, '127.0.0.1', resolve));
  sshPort = (sshd.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => sshd.close(resolve));
  await new Promise((resolve) => engine.close(resolve));
});

function getter(agent: http.Agent) {
  return (path: string) =>
    new Promise<unknown>((resolve, reject) => {
      http
        .get({ agent, host: 'docker', path }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject);
    });
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

const agentFor = () =>
  createSshHttpAgent({
    host: '127.0.0.1',
    port: sshPort,
    username: 'portolan',
    privateKey: userKey.private,
  });

describe('HTTP over SSH channels', () => {
  it('keeps a channel for the next request: ten requests in a row start one session', async () => {
    const agent = agentFor();
    const get = getter(agent);
    const before = sessions.started;
    try {
      for (let i = 0; i < 10; i++) expect(await get(`/ping/${i}`)).toEqual({ path: `/ping/${i}` });
      expect(sessions.started - before).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it(`answers a burst of 40 requests with at most ${SSH_CHANNELS_PER_ENGINE} sessions, each answer its own`, async () => {
    const agent = agentFor();
    const get = getter(agent);
    const before = sessions.started;
    sessions.mostOpen = sessions.open;
    try {
      const paths = Array.from({ length: 40 }, (_, i) => `/containers/${i}/json`);
      const answers = await Promise.all(paths.map(get));
      expect(answers).toEqual(paths.map((path) => ({ path })));
      expect(sessions.started - before).toBeLessThanOrEqual(SSH_CHANNELS_PER_ENGINE);
      expect(sessions.mostOpen).toBeLessThanOrEqual(SSH_CHANNELS_PER_ENGINE);
      // A second burst reuses the channels the first one opened.
      const again = sessions.started;
      await Promise.all(paths.map(get));
      expect(sessions.started).toBe(again);
    } finally {
      agent.destroy();
    }
  });

  it('a channel the host closes leaves the pool; the next request opens another', async () => {
    const agent = agentFor();
    const get = getter(agent);
    try {
      await get('/first');
      const before = sessions.started;
      // NOTE: the engine closing its end (a restart) ends the channel, as dial-stdio exits then.
      engine.closeAllConnections();
      await until(() => Object.values(agent.freeSockets).every((free) => !free?.length));
      expect(await get('/second')).toEqual({ path: '/second' });
      expect(sessions.started - before).toBe(1);
    } finally {
      agent.destroy();
    }
  });
});
