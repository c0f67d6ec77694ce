import { describe, expect, it } from 'vitest';

import { contextAddress, currentContextName } from './docker-context';

const meta = (host: string, skip = false) =>
  JSON.stringify({
    Name: 'x',
    Metadata: {},
    Endpoints: { docker: { Host: host, SkipTLSVerify: skip } },
  });

describe('contextAddress', () => {
  it('reads a unix or ssh endpoint as it is', () => {
    expect(contextAddress('x', meta('unix:///a.sock'), null)).toEqual({
      ok: true,
      value: { kind: 'unix', socketPath: '/a.sock' },
    });
    expect(contextAddress('x', meta('ssh://me@h:2222'), { dir: '/t', files: [] })).toEqual({
      ok: true,
      value: { kind: 'ssh', user: 'me', host: 'h', port: 2222 },
    });
  });

  it('uses the context’s own TLS files for tcp, verifying unless told to skip', () => {
    const tls = { dir: '/t', files: ['ca.pem', 'cert.pem', 'key.pem'] };
    expect(contextAddress('x', meta('tcp://10.0.0.9:2376'), tls)).toEqual({
      ok: true,
      value: {
        kind: 'tcp',
        host: '10.0.0.9',
        port: 2376,
        tls: true,
        certs: { dir: '/t', ca: true, clientCert: true, verify: true },
      },
    });
    const skip = contextAddress('x', meta('tcp://h:2376', true), { dir: '/t', files: ['ca.pem'] });
    expect(skip.ok && skip.value).toMatchObject({
      tls: true,
      certs: { ca: true, clientCert: false, verify: false },
    });
  });

  it('talks plain tcp to a context without TLS files', () => {
    expect(contextAddress('x', meta('tcp://h:2375'), { dir: '/t', files: [] })).toEqual({
      ok: true,
      value: { kind: 'tcp', host: 'h', port: 2375, tls: false },
    });
  });

  it.each([
    ['{', 'context "x": its meta.json is not JSON'],
    ['{"Name":"x","Endpoints":{}}', 'context "x": it has no docker endpoint'],
    ['{"Name":"x"}', 'context "x": its meta.json has no docker endpoint'],
    [meta('ftp://h'), 'context "x": "ftp://h": use unix://'],
  ])('refuses %s, naming the context', (text, reason) => {
    expect(contextAddress('x', text, null)).toEqual({
      ok: false,
      error: expect.stringContaining(reason),
    });
  });
});

describe('currentContextName', () => {
  it('prefers DOCKER_CONTEXT, then config.json, and calls the default context null', () => {
    const config = '{"auths":{},"currentContext":"prod"}';
    expect(currentContextName('lab', config)).toEqual({ ok: true, value: 'lab' });
    expect(currentContextName(undefined, config)).toEqual({ ok: true, value: 'prod' });
    expect(currentContextName('default', config)).toEqual({ ok: true, value: null });
    expect(currentContextName(undefined, '{"currentContext":"default"}')).toEqual({
      ok: true,
      value: null,
    });
    expect(currentContextName(undefined, '{}')).toEqual({ ok: true, value: null });
    expect(currentContextName(undefined, null)).toEqual({ ok: true, value: null });
  });

  it('says when config.json is not JSON', () => {
    expect(currentContextName(undefined, '{')).toEqual({
      ok: false,
      error: 'the docker config.json is not JSON',
    });
  });
});
