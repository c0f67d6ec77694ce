import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A private sshd on 127.0.0.1 for one test: its own host key, config and authorized_keys in a temp
 * folder (the machine's own sshd and its config are untouched). Every login with the test key runs
 * `docker system dial-stdio` against the engine socket given, as a real host's docker would against
 * /var/run/docker.sock.
 */
export interface PrivateSshd {
  port: number;
  /** The key authorized_keys accepts. */
  keyFile: string;
  /** A key it does not. */
  wrongKeyFile: string;
  stop(): Promise<void>;
}

const keygen = (file: string) =>
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'e15', '-f', file]);

export async function startPrivateSshd(port: number, engineSocket: string): Promise<PrivateSshd> {
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
        'ListenAddress 127.0.0.1',
        `HostKey ${path.join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        // NOTE: docker-modem opens one SSH connection per API call, several at once.
        'MaxStartups 200',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    // NOTE: sshd's privilege separation needs this runtime folder (made by its service otherwise).
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForPort(port, () => (child?.exitCode !== null ? stderr || 'sshd exited' : null));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    keyFile: path.join(dir, 'user_key'),
    wrongKeyFile: path.join(dir, 'wrong_key'),
    stop,
  };
}

async function waitForPort(port: number, failed: () => string | null): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const problem = failed();
    if (problem) throw new Error(`sshd did not start: ${problem}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
