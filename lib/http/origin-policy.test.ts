import { describe, expect, it } from 'vitest';

import {
  allowedHostNames,
  hostNameOf,
  isAllowedHost,
  isSameOrigin,
  requestSite,
  sanitizeRedirectPath,
} from './origin-policy';

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

describe('requestSite and redirects', () => {
  it.each([
    [{ host: 'h:1', origin: 'http://h:1' }, 'same-origin'],
    [{ host: 'h:1', origin: 'https://h:1' }, 'other-site'],
    [{ host: 'h:1', origin: 'http://h:2' }, 'other-site'],
    [{ host: 'h:1', origin: 'null' }, 'other-site'],
    [{ host: 'h:1', 'sec-fetch-site': 'same-origin' }, 'same-origin'],
    [{ host: 'h:1', 'sec-fetch-site': 'same-site' }, 'other-site'],
    [{ host: 'h:1', 'sec-fetch-site': 'cross-site' }, 'other-site'],
    [{ host: 'h:1', 'sec-fetch-site': 'none' }, 'user'],
    [{ host: 'h:1' }, 'unknown'],
  ] as const)('%j is %s', (headers, expected) => {
    expect(requestSite(headers)).toBe(expected);
  });

  it('checks the scheme with the origin', () => {
    expect(isSameOrigin('https://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
    const proxied = new Set(['dash.example']);
    expect(isSameOrigin('https://127.0.0.1:3000', '127.0.0.1:3000', proxied)).toBe(false);
    expect(isSameOrigin('https://dash.example', 'dash.example', proxied)).toBe(true);
    expect(isSameOrigin('https://dash.example', 'dash.example')).toBe(false);
  });

  it.each([
    ['//evil.example/', '/evil.example/'],
    ['/\\evil.example', '/evil.example'],
    ['\\\\evil.example', '/evil.example'],
    ['/\t/evil.example', '/evil.example'],
    ['/events', '/events'],
  ])('sanitizes %j to %j', (input, expected) => {
    expect(sanitizeRedirectPath(input)).toBe(expected);
  });
});
