import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineSpec } from '@/lib/config/engine-address';

import { TEST_LABELS, dockerFor, labEngineSpecs, waitFor } from '../support/lab-engines';
import { startLiveHarness, withoutVersion, type LiveHarness } from '../support/live-harness';
import { startPrivateSshd, type PrivateSshd } from '../support/private-sshd';

/**
 * An ssh:// engine, the docker CLI's way: a private sshd on 127.0.0.1:3343 whose logins run
 * `docker system dial-stdio` against lab node-2. The dashboard reads node-2 over SSH exactly as
 * over its unix socket, follows its events, and a key the server refuses is an engine error.
 */
const SSH_PORT = 3343;
const node2 = labEngineSpecs().find((spec) => spec.name === 'node-2') as EngineSpec;
const docker = dockerFor(node2);
let sshd: PrivateSshd;
let overSsh: LiveHarness;
let overSocket: LiveHarness;
const made: string[] = [];

const sshSpec = (keyFile: string): EngineSpec => ({
  name: 'node-2',
  address: {
    kind: 'ssh',
    user: 'root',
    host: '127.0.0.1',
    port: SSH_PORT,
    identity: { agentSocket: null, keyFile },
  },
});

beforeAll(async () => {
  if (node2.address.kind !== 'unix') throw new Error('node-2 is not a unix socket');
  sshd = await startPrivateSshd(SSH_PORT, node2.address.socketPath);
  overSsh = await startLiveHarness([sshSpec(sshd.keyFile)]);
  overSocket = await startLiveHarness([node2]);
});

afterAll(async () => {
  for (const id of made) {
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  await overSsh?.close();
  await overSocket?.close();
  await sshd?.stop();
});

describe('an ssh:// engine', () => {
  it('is read over SSH as it is over its socket', async () => {
    await waitFor(
      'node-2 live over SSH',
      () => overSsh.hub.health()[0]?.reachable === true,
      60_000,
    );
    expect(overSsh.hub.health()[0]).toMatchObject({
      address: `ssh://root@127.0.0.1:${SSH_PORT}`,
      hostname: 'node-2',
    });
    // NOTE: others' tests may change node-2 meanwhile: compare two reads made together.
    await waitFor(
      'the same graph over SSH and over the socket',
      async () => {
        const [ssh, socket] = await Promise.all([
          overSsh.freshTopology(),
          overSocket.freshTopology(),
        ]);
        return (
          JSON.stringify(withoutVersion(ssh)) === JSON.stringify(withoutVersion(socket)) &&
          Object.keys(ssh.containers).length > 0
        );
      },
      60_000,
      200,
    );
  });

  it('follows node-2’s events over SSH', async () => {
    const name = `e15-ssh-${Date.now().toString(36)}`;
    const container = await docker.createContainer({
      name,
      Image: 'busybox:latest',
      Cmd: ['sleep', '300'],
      Labels: TEST_LABELS,
      HostConfig: { Init: true },
    });
    made.push(container.id);
    await container.start();
    await waitFor(
      'the container on the map read over SSH',
      () => Object.values(overSsh.hub.snapshot().containers).some((c) => c.name === name),
      60_000,
    );
    await container.remove({ force: true });
    await waitFor(
      'the container gone from the map read over SSH',
      () => !Object.values(overSsh.hub.snapshot().containers).some((c) => c.name === name),
      60_000,
    );
  });

  it('a key the server refuses is an engine error that says so, not a crash', async () => {
    const refused = await startLiveHarness([sshSpec(sshd.wrongKeyFile)]);
    try {
      const health = await waitFor(
        'the refusal',
        () => {
          const engine = refused.hub.health()[0];
          return engine?.error && engine.error !== 'Connecting…' ? engine : null;
        },
        60_000,
      );
      expect(health.reachable).toBe(false);
      expect(health.error).toMatch(/^SSH refused the login at ssh:\/\/root@127\.0\.0\.1:3343/);
      expect(overSsh.hub.health()[0]?.reachable).toBe(true);
    } finally {
      await refused.close();
    }
  });
});
