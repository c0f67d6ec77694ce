import { describe, expect, it } from 'vitest';

import { allowedHostNames, hostNameOf, isAllowedHost, isSameOrigin } from './origin-policy';

describe('host checks', () => {
  const allowed = allowedHostNames('127.0.0.1');

  it.each([
    ['127.0.0.1:3000', true],
    ['localhost:3000', true],
    ['LOCALHOST', true],
    ['[::1]:3000', true],
    ['evil.example:3000', false],
    ['127.0.0.1.evil.example', false],
    ['', false],
    [undefined, false],
    ['a b', false],
  ])('Host %j allowed: %s', (host, expected) => {
    expect(isAllowedHost(host, allowed)).toBe(expected);
  });

  it('does not add a wildcard bind address as a host name', () => {
    expect(allowedHostNames('0.0.0.0').has('0.0.0.0')).toBe(false);
    expect(allowedHostNames('10.1.1.1', ['Dash.Example']).has('dash.example')).toBe(true);
  });

  it('parses host names', () => {
    expect(hostNameOf('[::1]:80')).toBe('::1');
    expect(hostNameOf('example.com')).toBe('example.com');
  });
});

describe('isSameOrigin', () => {
  it.each([
    ['http://127.0.0.1:3000', '127.0.0.1:3000', true],
    ['http://127.0.0.1:3001', '127.0.0.1:3000', false],
    ['http://evil.example', '127.0.0.1:3000', false],
    ['null', '127.0.0.1:3000', false],
    [undefined, '127.0.0.1:3000', false],
    ['file://x', 'x', false],
  ])('%j against Host %j: %s', (origin, host, expected) => {
    expect(isSameOrigin(origin, host)).toBe(expected);
  });
});
