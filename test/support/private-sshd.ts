import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private sshd for one test, inside a lab node's network namespace and on that node's address:
 * its own host key, config and authorized_keys in a temp folder (the machine's own sshd and its
 * config are untouched). Every login with the test key runs `docker system dial-stdio` against
 * the node's engine socket, as a real host's docker would against /var/run/docker.sock.
 */
export interface PrivateSshd {
  host: string;
  port: number;
  /** A known_hosts file that lists this sshd's host key for host:port. */
  knownHosts: string;
  /** The key authorized_keys accepts. */
  keyFile: string;
  /** A key it does not. */
  wrongKeyFile: string;
  stop(): Promise<void>;
}

const keygen = (file: string) =>
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e15', '-f', file]);

/** Where the sshd runs: the node's namespace (`ip netns` name) and its address there. */
export interface SshdPlace {
  netns: string;
  address: string;
}

export async function startPrivateSshd(
  port: number,
  engineSocket: string,
  place: SshdPlace,
): Promise<PrivateSshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e15-sshd-'));
  let child: ChildProcess | null = null;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const name of ['host_key', 'user_key', 'wrong_key']) keygen(path.join(dir, name));
    const dial = path.join(dir, 'dial-stdio.sh');
    fs.writeFileSync(dial, `#!/bin/sh\nexec docker -H unix://${engineSocket} system dial-stdio\n`, {
      mode: 0o755,
    });
    const publicKey = fs.readFileSync(path.join(dir, 'user_key.pub'), 'utf8').trim();
    fs.writeFileSync(
      path.join(dir, 'authorized_keys'),
      `command="${dial}",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding ${publicKey}\n`,
      { mode: 0o600 },
    );
    const config = path.join(dir, 'sshd_config');
    fs.writeFileSync(
      config,
      [
        `Port ${port}`,
        `ListenAddress ${place.address}`,
        `HostKey ${path.join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    // NOTE: sshd's privilege separation needs this runtime folder (made by its service otherwise).
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const hostKey = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ');
    fs.writeFileSync(
      path.join(dir, 'known_hosts'),
      `[${place.address}]:${port} ${hostKey[0]} ${hostKey[1]}\n`,
    );
    child = spawn(
      'ip',
      ['netns', 'exec', place.netns, '/usr/sbin/sshd', '-D', '-e', '-f', config],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForPort(place.address, port, () =>
      child?.exitCode !== null ? stderr || 'sshd exited' : null,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: place.address,
    port,
    knownHosts: path.join(dir, 'known_hosts'),
    keyFile: path.join(dir, 'user_key'),
    wrongKeyFile: path.join(dir, 'wrong_key'),
    stop,
  };
}

async function waitForPort(host: string, port: number, failed: () => string | null): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const problem = failed();
    if (problem) throw new Error(`sshd did not start: ${problem}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
