import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { contextId, dockerConfigDir, readCurrentContext, readDockerContext } from './context-store';

/**
 * A DOCKER_CONFIG made by the real CLI (docker 20.10): `docker context create e15-unix|e15-ssh|
 * e15-tls|e15-skip+v ...` (the TLS ones with `ca=` only) and `docker context use e15-unix`.
 */
const store = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/docker-config');
const tlsDir = (name: string) => path.join(store, 'contexts/tls', contextId(name), 'docker');

describe('the docker CLI context store', () => {
  it('finds a context by the SHA-256 of its name, as the CLI files it', () => {
    expect(contextId('e15-unix')).toBe(
      'ab5af2a15da0ede9e94cf9994203a4e7c714e75d711ee628481d080636207d04',
    );
  });

  it('reads unix and ssh endpoints', () => {
    expect(readDockerContext(store, 'e15-unix')).toEqual({
      ok: true,
      value: { kind: 'unix', socketPath: '/run/e15/node-3.sock' },
    });
    expect(readDockerContext(store, 'e15-ssh')).toEqual({
      ok: true,
      value: { kind: 'ssh', user: 'deploy', host: 'example.test', port: 2222 },
    });
  });

  it('reads a tcp endpoint with the context’s own CA, and skip-tls-verify', () => {
    expect(readDockerContext(store, 'e15-tls')).toEqual({
      ok: true,
      value: {
        kind: 'tcp',
        host: '10.0.0.9',
        port: 2376,
        tls: true,
        certs: { dir: tlsDir('e15-tls'), ca: true, clientCert: false, verify: true },
      },
    });
    const skip = readDockerContext(store, 'e15-skip+v');
    expect(skip.ok && skip.value).toMatchObject({ certs: { verify: false } });
  });

  it('says which context is missing and where it looked', () => {
    expect(readDockerContext(store, 'nope')).toEqual({
      ok: false,
      error: `context "nope": not in ${path.join(store, 'contexts')} (see docker context ls)`,
    });
    expect(readDockerContext(store, 'default').ok).toBe(false);
  });

  it('knows the current context, and DOCKER_CONTEXT beats it', () => {
    expect(readCurrentContext(store, undefined)).toEqual({ ok: true, value: 'e15-unix' });
    expect(readCurrentContext(store, 'e15-ssh')).toEqual({ ok: true, value: 'e15-ssh' });
    expect(readCurrentContext('/nonexistent/e15', undefined)).toEqual({ ok: true, value: null });
  });

  it('looks in DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/cfg', HOME: '/home/u' })).toBe('/cfg');
    expect(dockerConfigDir({ HOME: '/home/u' })).toBe('/home/u/.docker');
  });
});
