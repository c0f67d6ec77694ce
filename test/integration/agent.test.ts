import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { unreadNodeReason } from '@/lib/agent/discovery';
import type { EngineSpec } from '@/lib/config/engine-address';
import { AGENT_CLIENT_NAME, createAgentServer } from '@/server/agent/agent';
import { followAgents } from '@/server/agent/discovery';
import { createLiveCore } from '@/server/core';
import { createDockerClient } from '@/server/docker/client';
import { execInContainer } from '@/server/docker/exec';
import { createLogger, type LogFields } from '@/server/logger';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';

/**
 * `portolan agent` in front of node-2's engine, with certificates made by `npm run -s certs`:
 * mutual TLS, the allow-list, and a dashboard core that reads node-2 only through it.
 */
const node2 = labEngineSpecs().find((spec) => spec.name === 'node-2') as EngineSpec;
const docker = dockerFor(node2);
const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-agent-certs-'));
const logged: { msg: string; fields: LogFields }[] = [];
const logger = createLogger('info', {}, (line) => {
  const record = JSON.parse(line) as LogFields & { msg: string };
  logged.push({ msg: record.msg, fields: record });
});
let server: https.Server;
let port = 0;

const read = (file: string) => fs.readFileSync(path.join(certs, file));

/** One HTTPS call to the agent; `withCert` presents the dashboard's client certificate. */
function call(method: string, url: string, withCert: boolean) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        ca: read('dashboard/ca.pem'),
        ...(withCert ? { cert: read('dashboard/cert.pem'), key: read('dashboard/key.pem') } : {}),
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** Starts the agent (again, on the same port once it has one). */
async function startAgent() {
  if (node2.address.kind !== 'unix') throw new Error('node-2 is not a unix socket');
  server = createAgentServer({
    socketPath: node2.address.socketPath,
    tls: { ca: read('agent/ca.pem'), cert: read('agent/cert.pem'), key: read('agent/key.pem') },
    clientName: AGENT_CLIENT_NAME,
    logger,
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}

/** Stops it as `portolan agent` does on SIGTERM: open streams are ended too. */
async function stopAgent() {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  fs.rmSync(certs, { recursive: true, force: true });
  execFileSync('bash', ['scripts/certs.sh', certs], { stdio: 'pipe' });
  await startAgent();
});

afterAll(async () => {
  if (server.listening) await stopAgent();
  fs.rmSync(certs, { recursive: true, force: true });
});

describe('portolan agent', () => {
  it('refuses a client without the dashboard certificate, and logs it', async () => {
    await expect(call('GET', '/v1.41/_ping', false)).rejects.toThrow();
    await waitFor('the refusal in the log', () =>
      logged.some(
        (entry) => entry.msg === 'refused' && String(entry.fields.reason).includes('TLS'),
      ),
    );
  });

  it('answers the dashboard on the allow-list and refuses the rest with 403, logged', async () => {
    expect(await call('GET', '/v1.41/_ping', true)).toEqual({ status: 200, body: 'OK' });
    const info = await call('GET', '/v1.41/info', true);
    expect(info.status).toBe(200);
    expect((JSON.parse(info.body) as { Name: string }).Name).toBe('node-2');
    for (const [method, url] of [
      ['GET', '/v1.41/secrets'],
      ['POST', '/v1.41/containers/x/kill'],
      ['GET', '/v1.41/containers/x/logs'],
      ['POST', '/v1.41/images/create?fromImage=busybox'],
      ['POST', '/v1.41/swarm/leave'],
    ] as const) {
      const answer = await call(method, url, true);
      expect(answer.status, `${method} ${url}`).toBe(403);
      expect(answer.body).toContain('allow-list');
    }
    expect(
      logged.some((entry) => entry.msg === 'refused' && entry.fields.path === '/v1.41/secrets'),
    ).toBe(true);
  });

  it('a dashboard reading node-2 only through the agent sees its containers live', async () => {
    const name = uniqueName('agent');
    const tls = { verify: true, certPath: path.join(certs, 'dashboard') };
    const spec: EngineSpec = {
      name: 'node-2',
      address: { kind: 'tcp', host: '127.0.0.1', port, tls: true },
    };
    const core = createLiveCore([spec], tls, createLogger('warn'));
    core.start();
    try {
      await waitFor(
        'node-2 reachable through the agent',
        () => core.hub.health().some((engine) => engine.name === 'node-2' && engine.reachable),
        60_000,
      );
      const container = await docker.createContainer({
        name,
        Image: 'busybox:latest',
        Cmd: ['sh', '-c', 'trap exit TERM; sleep 600 & wait'],
        Labels: TEST_LABELS,
      });
      try {
        await container.start();
        const seen = await waitFor(
          'the new container on the map',
          () =>
            Object.values(core.hub.snapshot().containers).find(
              (item) => item.name === name && item.state === 'running',
            ),
          30_000,
        );
        expect(seen.engine).toBe('node-2');
        // Every container node-2 runs is there, read through the agent.
        const direct = await docker.listContainers({ all: true });
        const mapped = new Set(Object.values(core.hub.snapshot().containers).map((c) => c.name));
        for (const item of direct) expect(mapped).toContain(item.Names[0]?.slice(1));
        // A live check's exec (hijacked HTTP upgrade) goes through the agent too.
        const exec = await execInContainer(
          createDockerClient(spec, tls),
          container.id,
          ['echo', 'via-agent'],
          10_000,
        );
        expect(exec).toMatchObject({ exitCode: 0, timedOut: false });
        expect(exec.output).toContain('via-agent');
      } finally {
        await container.remove({ force: true }).catch(() => undefined);
      }
    } finally {
      core.stop();
    }
  });

  it('a dashboard given only the manager: node-2 says why its containers are not visible, until its agent is found', async () => {
    const manager = labEngineSpecs().find((spec) => spec.name === 'node-1') as EngineSpec;
    const tls = { verify: true, certPath: path.join(certs, 'dashboard') };
    const agents = [{ name: 'localhost', port }];
    const core = createLiveCore([manager], tls, createLogger('warn'), {
      unreadReason: unreadNodeReason(agents),
    });
    core.start();
    const node2Host = () =>
      Object.values(core.hub.snapshot().nodes).find((node) => node.hostname === 'node-2');
    let discovery: { stop(): void } | null = null;
    try {
      const unread = await waitFor(
        'node-2 unread',
        () => node2Host()?.kind === 'swarm' && node2Host(),
        60_000,
      );
      expect(unread).toMatchObject({
        engine: null,
        unread: expect.stringMatching(`^No agent answers for this node at localhost:${port}:`),
      });
      // its swarm tasks still show, from the manager
      const tasks = Object.values(core.hub.snapshot().tasks);
      expect(tasks.some((task) => task.node === unread.id)).toBe(true);

      // Found after start (no restart): read as node-2, by its host name.
      const foundFrom = Date.now();
      discovery = followAgents(
        { agents, engines: [manager], tls },
        core,
        [],
        createLogger('warn'),
        200,
      );
      await waitFor(
        'node-2 read through its agent',
        () => core.hub.health().some((engine) => engine.name === 'node-2' && engine.reachable),
        30_000,
      );
      console.log(`[agent] found after start in ${Date.now() - foundFrom} ms`);
      expect(node2Host()).toMatchObject({ engine: 'node-2' });
      expect(node2Host()).not.toHaveProperty('unread');

      // The agent stops: node-2 stale at once, what it held kept; back when the agent is.
      const held = Object.values(core.hub.snapshot().containers).filter(
        (c) => c.engine === 'node-2',
      );
      const stoppedAt = Date.now();
      await stopAgent();
      await waitFor(
        'node-2 stale',
        () => core.hub.snapshot().engines['node-2']?.stale === true,
        30_000,
        10,
      );
      console.log(`[agent] stopped → node-2 stale in ${Date.now() - stoppedAt} ms`);
      expect(
        Object.values(core.hub.snapshot().containers).filter((c) => c.engine === 'node-2'),
      ).toHaveLength(held.length);
      await startAgent();
      await waitFor(
        'node-2 live again',
        () => core.hub.snapshot().engines['node-2']?.stale === false,
        60_000,
      );
    } finally {
      discovery?.stop();
      await core.stop();
    }
  });
});
