import { describe, expect, it } from 'vitest';

import {
  describeEngineAddress,
  parseEngineAddress,
  parseEngineList,
  parseEngineSources,
} from './engine-address';

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
    ['ssh://root@10.0.0.5', false, { kind: 'ssh', user: 'root', host: '10.0.0.5', port: 22 }],
    ['ssh://me@h.example:2222', true, { kind: 'ssh', user: 'me', host: 'h.example', port: 2222 }],
    ['ssh://h.example', false, { kind: 'ssh', user: null, host: 'h.example', port: 22 }],
    ['ssh://u@[::1]:22', false, { kind: 'ssh', user: 'u', host: '::1', port: 22 }],
  ])('%s (tls=%s)', (url, tls, expected) => {
    expect(parseEngineAddress(url, tls)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['unix://relative.sock', 'must be absolute'],
    ['docker.sock', 'use unix://'],
    ['tcp://', 'not a valid URL'],
    ['ssh://user:secret@host', 'no password'],
    ['ssh://user@host/var/run', 'no path'],
    ['ssh://user@host?x=1', 'no query'],
    ['ssh://user@host:99999', 'not a valid URL'],
    ['ssh://', 'the host is missing'],
  ])('refuses %s with a reason', (url, reason) => {
    const result = parseEngineAddress(url, false);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(url);
      expect(result.error).toContain(reason);
    }
  });
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
    ['node-1', 'expected name=URL or context:NAME'],
    ['=unix:///a.sock', 'expected name=URL'],
    ['a=context:prod', 'a context, not an address'],
    ['a=unix:///a.sock,a=unix:///b.sock', 'named twice'],
    ['bad name=unix:///a.sock', 'engine name'],
    ['a=ftp://x', 'use unix://'],
  ])('refuses %j', (value, reason) => {
    const result = parseEngineList(value, false);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });
});

describe('parseEngineSources', () => {
  it('takes addresses, contexts named as themselves, and renamed contexts', () => {
    const result = parseEngineSources(
      'a=ssh://root@10.0.0.2, context:prod-1, b=context:lab+x, c=unix:///c.sock',
      false,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        { name: 'a', address: { kind: 'ssh', user: 'root', host: '10.0.0.2', port: 22 } },
        { name: 'prod-1', context: 'prod-1' },
        { name: 'b', context: 'lab+x' },
        { name: 'c', address: { kind: 'unix', socketPath: '/c.sock' } },
      ],
    });
  });

  it.each([
    ['context:lab+x', 'name it: NAME=context:lab+x'],
    ['a=context:', 'not a Docker context name'],
    ['a=context:-x', 'not a Docker context name'],
    ['context:ab,ab=unix:///a.sock', '"ab": engine named twice'],
    ['a=ssh://u:p@h', 'no password'],
  ])('refuses %j, naming the value', (value, reason) => {
    const result = parseEngineSources(value, false);
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
    expect(describeEngineAddress({ kind: 'ssh', user: 'root', host: 'h', port: 22 })).toBe(
      'ssh://root@h:22',
    );
    expect(describeEngineAddress({ kind: 'ssh', user: null, host: '::1', port: 2222 })).toBe(
      'ssh://[::1]:2222',
    );
  });
});
