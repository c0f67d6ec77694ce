import { describe, expect, it } from 'vitest';

import { describeEngineAddress, parseEngineAddress, parseEngineList } from './engine-address';

describe('parseEngineAddress', () => {
  it.each([
    ['unix:///var/run/docker.sock', false, { kind: 'unix', socketPath: '/var/run/docker.sock' }],
    ['/run/a.sock', false, { kind: 'unix', socketPath: '/run/a.sock' }],
    ['tcp://127.0.0.1:2375', false, { kind: 'tcp', host: '127.0.0.1', port: 2375, tls: false }],
    [
      'tcp://docker.example:2376',
      true,
      { kind: 'tcp', host: 'docker.example', port: 2376, tls: true },
    ],
    ['tcp://10.0.0.5', true, { kind: 'tcp', host: '10.0.0.5', port: 2376, tls: true }],
    ['tcp://10.0.0.5', false, { kind: 'tcp', host: '10.0.0.5', port: 2375, tls: false }],
    ['tcp://[::1]:2375', false, { kind: 'tcp', host: '::1', port: 2375, tls: false }],
  ])('%s (tls=%s)', (url, tls, expected) => {
    expect(parseEngineAddress(url, tls)).toEqual({ ok: true, value: expected });
  });

  it.each(['unix://relative.sock', 'ssh://user@host', 'docker.sock', 'tcp://'])(
    'refuses %s with a reason',
    (url) => {
      const result = parseEngineAddress(url, false);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(url);
    },
  );
});

describe('parseEngineList', () => {
  it('parses several named engines in order', () => {
    const result = parseEngineList(
      'node-1=unix:///lab/node-1/docker.sock, node-2=unix:///lab/node-2/docker.sock',
      false,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { name: 'node-1', address: { kind: 'unix', socketPath: '/lab/node-1/docker.sock' } },
        { name: 'node-2', address: { kind: 'unix', socketPath: '/lab/node-2/docker.sock' } },
      ],
    });
  });

  it.each([
    ['', 'no engine'],
    ['node-1', 'expected name=URL'],
    ['=unix:///a.sock', 'expected name=URL'],
    ['a=unix:///a.sock,a=unix:///b.sock', 'named twice'],
    ['bad name=unix:///a.sock', 'engine name'],
    ['a=ftp://x', 'use unix://'],
  ])('refuses %j', (value, reason) => {
    const result = parseEngineList(value, false);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});

describe('describeEngineAddress', () => {
  it('shows the URL a person would type', () => {
    expect(describeEngineAddress({ kind: 'unix', socketPath: '/a.sock' })).toBe('unix:///a.sock');
    expect(describeEngineAddress({ kind: 'tcp', host: 'h', port: 2376, tls: true })).toBe(
      'https://h:2376',
    );
  });
});
