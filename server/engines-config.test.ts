import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, it } from 'vitest';

import { resolveEngines } from './engines-config';

/** The CLI-made store of server/docker/context-store.test.ts; its current context is e15-unix. */
const store = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'docker/__fixtures__/docker-config',
);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-e15-home-'));
const empty = { HOME: home, DOCKER_CONFIG: path.join(home, 'no-docker-config') };

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const names = (vars: Parameters<typeof resolveEngines>[0]) => {
  const result = resolveEngines(vars, false);
  return result.ok ? result.value.map((spec) => spec.name) : result.error;
};

describe('resolveEngines: which engines, as the docker CLI picks them', () => {
  it('PORTOLAN_ENGINES first, contexts read from the store', () => {
    const result = resolveEngines(
      { DOCKER_CONFIG: store, PORTOLAN_ENGINES: 'context:e15-unix,b=context:e15-skip+v' },
      false,
    );
    expect(result.ok && result.value.map((spec) => [spec.name, spec.address.kind])).toEqual([
      ['e15-unix', 'unix'],
      ['b', 'tcp'],
    ]);
    expect(names({ ...empty, PORTOLAN_ENGINES: 'context:e15-unix' })).toMatch(
      /^PORTOLAN_ENGINES: context "e15-unix": not in /,
    );
  });

  it('then DOCKER_HOST, then DOCKER_CONTEXT or the current context, then the default socket', () => {
    expect(names({ DOCKER_CONFIG: store, DOCKER_HOST: 'unix:///h.sock' })).toEqual(['local']);
    expect(names({ DOCKER_CONFIG: store, DOCKER_CONTEXT: 'e15-ssh' })).toEqual(['e15-ssh']);
    expect(names({ DOCKER_CONFIG: store })).toEqual(['e15-unix']);
    expect(names({ DOCKER_CONFIG: store, DOCKER_CONTEXT: 'default' })).toEqual(['local']);
    const fallback = resolveEngines(empty, false);
    expect(fallback.ok && fallback.value).toEqual([
      { name: 'local', address: { kind: 'unix', socketPath: '/var/run/docker.sock' } },
    ]);
    expect(names({ DOCKER_CONFIG: store, DOCKER_CONTEXT: 'gone' })).toMatch(
      /^DOCKER_CONTEXT: context "gone": not in /,
    );
  });

  it('gives ssh:// engines the SSH agent and the key file to log in with', () => {
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), 'not really a key');
    const result = resolveEngines(
      { ...empty, SSH_AUTH_SOCK: '/run/agent.sock', PORTOLAN_ENGINES: 'a=ssh://me@h,b=unix:///b' },
      false,
    );
    expect(result.ok && result.value).toEqual([
      {
        name: 'a',
        address: {
          kind: 'ssh',
          user: 'me',
          host: 'h',
          port: 22,
          identity: {
            agentSocket: '/run/agent.sock',
            keyFile: path.join(home, '.ssh', 'id_rsa'),
            knownHosts: path.join(home, '.ssh', 'known_hosts'),
          },
        },
      },
      { name: 'b', address: { kind: 'unix', socketPath: '/b' } },
    ]);
    const named = resolveEngines(
      {
        ...empty,
        PORTOLAN_SSH_KEY: fileURLToPath(import.meta.url),
        PORTOLAN_SSH_KNOWN_HOSTS: '/etc/portolan/known_hosts',
        DOCKER_HOST: 'ssh://h',
      },
      false,
    );
    expect(named.ok && named.value[0]?.address).toMatchObject({
      identity: {
        agentSocket: null,
        keyFile: fileURLToPath(import.meta.url),
        knownHosts: '/etc/portolan/known_hosts',
      },
    });
  });
});
