import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EngineSpec } from '@/lib/config/engine-address';
import { jsonEqual } from '@/lib/topology/json-equal';

import { describeDifference } from '../support/convergence';
import { labNode } from '../support/lab-control';
import { TEST_LABELS, dockerFor, labEngineSpecs, waitFor } from '../support/lab-engines';
import { startLiveHarness, withoutVersion, type LiveHarness } from '../support/live-harness';
import { startPrivateSshd, type PrivateSshd } from '../support/private-sshd';

/**
 * An ssh:// engine, the docker CLI's way: a private sshd in lab node-2's namespace, on node-2's
 * address, port 3343, whose logins run `docker system dial-stdio` against node-2's engine. The
 * dashboard reads node-2 over SSH exactly as over its unix socket and follows its events; a key
 * the server refuses, and a host key that is not in known_hosts, are engine errors that say so.
 */
const SSH_PORT = 3343;
const node2 = labEngineSpecs().find((spec) => spec.name === 'node-2') as EngineSpec;
const docker = dockerFor(node2);
let sshd: PrivateSshd;
let overSsh: LiveHarness;
let overSocket: LiveHarness;
const made: string[] = [];

const sshSpec = (
  keyFile: string,
  knownHosts = sshd.knownHosts,
  agentSocket: string | null = null,
): EngineSpec => ({
  name: 'node-2',
  address: {
    kind: 'ssh',
    user: 'root',
    host: sshd.host,
    port: SSH_PORT,
    identity: { agentSocket, keyFile, knownHosts },
  },
});

/**
 * A private ssh-agent holding a passphrase-protected copy of the test key, as a user's agent
 * holds their encrypted ~/.ssh/id_ed25519 (ssh-add reads the passphrase through SSH_ASKPASS).
 */
function startSshAgent(dir: string, keyFile: string) {
  const encrypted = path.join(dir, 'id_ed25519');
  fs.copyFileSync(keyFile, encrypted);
  fs.chmodSync(encrypted, 0o600);
  execFileSync('ssh-keygen', ['-q', '-p', '-f', encrypted, '-P', '', '-N', 'e15-passphrase']);
  const askpass = path.join(dir, 'askpass.sh');
  fs.writeFileSync(askpass, '#!/bin/sh\necho e15-passphrase\n', { mode: 0o700 });
  const socket = path.join(dir, 'agent.sock');
  const started = execFileSync('ssh-agent', ['-s', '-a', socket], { encoding: 'utf8' });
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started)?.[1]);
  const env = { ...process.env, SSH_AUTH_SOCK: socket, SSH_AGENT_PID: String(pid) };
  const stop = () => {
    execFileSync('ssh-agent', ['-k'], { env, stdio: 'ignore' });
  };
  try {
    execFileSync('ssh-add', ['-q', encrypted], {
      env: { ...env, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'e15' },
      stdio: 'ignore',
    });
  } catch (error) {
    stop();
    throw error;
  }
  return { socket, encrypted, stop };
}

/** A running container of the test's own on node-2 (removed after the file). */
async function runSleeper(name: string) {
  const container = await docker.createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: ['sleep', '300'],
    Labels: TEST_LABELS,
    HostConfig: { Init: true },
  });
  made.push(container.id);
  await container.start();
  return container;
}

/** Waits for a harness's one engine to report an error other than "Connecting…". */
async function engineError(harness: LiveHarness) {
  return waitFor(
    'the engine error',
    () => {
      const engine = harness.hub.health()[0];
      return engine?.error && engine.error !== 'Connecting…' ? engine : null;
    },
    60_000,
  );
}

beforeAll(async () => {
  if (node2.address.kind !== 'unix') throw new Error('node-2 is not a unix socket');
  sshd = await startPrivateSshd(SSH_PORT, node2.address.socketPath, {
    netns: 'portolan-node-2',
    address: labNode('node-2').ip,
  });
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
    // NOTE: a container of the test's own, so node-2 holds one whatever the swarm placed there
    // (after other tests' drains and restarts it may hold none, and the check below needs one).
    await runSleeper(`e15-ssh-same-${Date.now().toString(36)}`);
    await waitFor(
      'node-2 live over SSH',
      () => overSsh.hub.health()[0]?.reachable === true,
      60_000,
    );
    expect(overSsh.hub.health()[0]).toMatchObject({
      address: `ssh://root@${sshd.host}:${SSH_PORT}`,
      hostname: 'node-2',
    });
    // NOTE: others' tests may change node-2 meanwhile: compare two reads made together.
    let difference = '';
    await waitFor(
      'the same graph over SSH and over the socket',
      async () => {
        const [ssh, socket] = await Promise.all([
          overSsh.freshTopology(),
          overSocket.freshTopology(),
        ]);
        // NOTE: key order is not compared: the engine lists networks in no fixed order, so two
        // reads build their records in different orders (found here: no element differed).
        const same = jsonEqual(withoutVersion(ssh), withoutVersion(socket));
        if (!same) difference = describeDifference(ssh, socket).replace(/streamed/g, 'over SSH');
        return same && Object.keys(ssh.containers).length > 0;
      },
      60_000,
      200,
    ).catch((error: Error) => {
      // NOTE: the last difference says which element and field.
      throw new Error(
        `${error.message}; last difference (fresh = over the socket):\n${difference}`,
      );
    });
  });

  it('follows node-2’s events over SSH', async () => {
    const name = `e15-ssh-${Date.now().toString(36)}`;
    const container = await runSleeper(name);
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

  it('logs in through the SSH agent when the key file on disk is encrypted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e15-agent-'));
    let agent: ReturnType<typeof startSshAgent> | null = null;
    let viaAgent: LiveHarness | null = null;
    try {
      agent = startSshAgent(dir, sshd.keyFile);
      // NOTE: the usual setup: SSH_AUTH_SOCK set and ~/.ssh/id_ed25519 present but encrypted.
      viaAgent = await startLiveHarness([sshSpec(agent.encrypted, sshd.knownHosts, agent.socket)]);
      const harness = viaAgent;
      await waitFor(
        'node-2 live through the SSH agent',
        () => {
          const engine = harness.hub.health()[0];
          if (engine?.reachable) return true;
          throw new Error(engine?.error ?? 'no engine'); // said on a timeout
        },
        60_000,
      );
      expect(Object.keys(harness.hub.snapshot().containers).length).toBeGreaterThan(0);
    } finally {
      await viaAgent?.close();
      agent?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a key the server refuses is an engine error that says so, not a crash', async () => {
    const refused = await startLiveHarness([sshSpec(sshd.wrongKeyFile)]);
    try {
      const health = await engineError(refused);
      expect(health.reachable).toBe(false);
      expect(health.error).toMatch(`SSH refused the login at ssh://root@${sshd.host}:3343`);
      expect(overSsh.hub.health()[0]?.reachable).toBe(true);
    } finally {
      await refused.close();
    }
  });

  it('a host whose key is not in known_hosts is refused before any login, and says why', async () => {
    const empty = path.join(os.tmpdir(), `e15-known-hosts-${process.pid}`);
    fs.writeFileSync(empty, '');
    const unknown = await startLiveHarness([sshSpec(sshd.keyFile, empty)]);
    try {
      const health = await engineError(unknown);
      expect(health.reachable).toBe(false);
      expect(health.error).toMatch(
        `The SSH host key of ssh://root@${sshd.host}:3343 is not trusted`,
      );
    } finally {
      await unknown.close();
      fs.rmSync(empty, { force: true });
    }
  });
});
