import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to loopback, port 3000 and the local docker socket', () => {
    const result = loadConfig({ NODE_ENV: 'production' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      engines: [{ name: 'local', address: { kind: 'unix', socketPath: '/var/run/docker.sock' } }],
      readonly: false,
      token: null,
      development: false,
    });
  });

  it('reads DOCKER_HOST over tcp with TLS as the docker CLI does', () => {
    const result = loadConfig({
      DOCKER_HOST: 'tcp://10.1.2.3:2376',
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
    });
    expect(result.ok && result.value.engines[0]?.address).toEqual({
      kind: 'tcp',
      host: '10.1.2.3',
      port: 2376,
      tls: true,
    });
    expect(result.ok && result.value.tls).toEqual({ verify: true, certPath: '/certs' });
  });

  it('prefers PORTOLAN_ENGINES over DOCKER_HOST', () => {
    const result = loadConfig({
      DOCKER_HOST: 'unix:///ignored.sock',
      PORTOLAN_ENGINES: 'a=unix:///a.sock,b=unix:///b.sock',
    });
    expect(result.ok && result.value.engines.map((engine) => engine.name)).toEqual(['a', 'b']);
  });

  it('keeps 7 days and 512 MB of history unless told otherwise, or none when turned off', () => {
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.value.history).toEqual({
      maxAgeMs: 7 * 86_400_000,
      maxBytes: 512 * 1024 * 1024,
    });
    const custom = loadConfig({ PORTOLAN_HISTORY_DAYS: '0.5', PORTOLAN_HISTORY_MB: '2' });
    expect(custom.ok && custom.value.history).toEqual({
      maxAgeMs: 43_200_000,
      maxBytes: 2 * 1024 * 1024,
    });
    const off = loadConfig({ PORTOLAN_HISTORY: '0' });
    expect(off.ok && off.value.history).toBeNull();
  });

  it('reads how engine links are watched, with 0 turning the periodic reconcile off', () => {
    const result = loadConfig({
      PORTOLAN_KEEPALIVE_MS: '1000',
      PORTOLAN_PING_TIMEOUT_MS: '750',
      PORTOLAN_RECONCILE_MS: '0',
    });
    expect(result.ok && result.value.liveness).toEqual({
      keepaliveMs: 1000,
      pingTimeoutMs: 750,
      reconcileMs: 0,
    });
    const defaults = loadConfig({});
    expect(defaults.ok && defaults.value.liveness).toEqual({
      keepaliveMs: 5000,
      pingTimeoutMs: 5000,
      reconcileMs: 300000,
    });
  });

  it('treats empty variables as unset', () => {
    const result = loadConfig({ PORT: '', DOCKER_HOST: '', PORTOLAN_READONLY: '' });
    expect(result.ok && result.value.port).toBe(3000);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORTOLAN_READONLY: 'maybe' }, 'PORTOLAN_READONLY'],
    [{ PORTOLAN_TOKEN: 'short' }, 'PORTOLAN_TOKEN: must be at least 16 characters'],
    [{ PORTOLAN_ENGINES: 'x' }, 'PORTOLAN_ENGINES: "x": expected name=URL'],
    [{ DOCKER_HOST: 'ssh://me:pw@host' }, 'DOCKER_HOST: "ssh://me:pw@host": no password'],
    [{ PORTOLAN_SSH_KEY: '/nonexistent/e15/key' }, 'PORTOLAN_SSH_KEY: cannot read'],
    [{ PORTOLAN_HISTORY_DAYS: '0' }, 'PORTOLAN_HISTORY_DAYS: must be a positive number of days'],
    [{ PORTOLAN_HISTORY_MB: '0.5' }, 'PORTOLAN_HISTORY_MB: must be at least 1 (MB)'],
    [{ PORTOLAN_KEEPALIVE_MS: '10' }, 'PORTOLAN_KEEPALIVE_MS'],
    [{ PORTOLAN_RECONCILE_MS: '-1' }, 'PORTOLAN_RECONCILE_MS'],
  ])('names the variable and the reason for %j', (env, message) => {
    const result = loadConfig(env);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.join('\n')).toContain(message);
  });

  it('reads tokens from files (swarm secrets) and agents from PORTOLAN_AGENTS', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'token'), 'operator-token-from-a-file\n');
      const result = loadConfig({
        PORTOLAN_TOKEN_FILE: path.join(dir, 'token'),
        PORTOLAN_AGENTS: 'tasks.portolan_agent:9323',
      });
      expect(result.ok && result.value.token).toBe('operator-token-from-a-file');
      expect(result.ok && result.value.agents).toEqual([
        { name: 'tasks.portolan_agent', port: 9323 },
      ]);
      const missing = loadConfig({ PORTOLAN_VIEWER_TOKEN_FILE: path.join(dir, 'absent') });
      expect(missing.ok ? null : missing.error[0]).toMatch(
        /^PORTOLAN_VIEWER_TOKEN_FILE: cannot read/,
      );
      expect(loadConfig({ PORTOLAN_AGENTS: 'http://x' }).ok).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
