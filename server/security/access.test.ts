import type { IncomingMessage, ServerResponse } from 'node:http';

import { describe, expect, it } from 'vitest';

import { createAccessControl, SESSION_COOKIE } from './access';

const tokens = {
  operator: 'operator-token-0123456789',
  viewer: 'viewer-token-0123456789',
  created: [],
};

function request(headers: Record<string, string>, url = '/', method = 'GET'): IncomingMessage {
  return { headers, url, method } as unknown as IncomingMessage;
}

function response() {
  const written: { status?: number; headers?: Record<string, string>; ended: boolean } = {
    ended: false,
  };
  const res = {
    writeHead(status: number, headers: Record<string, string>) {
      written.status = status;
      written.headers = headers;
    },
    end() {
      written.ended = true;
    },
  } as unknown as ServerResponse;
  return { res, written };
}

describe('access control', () => {
  const access = createAccessControl(tokens, { readonly: false });

  it('knows each role by its bearer token and refuses anything else', () => {
    expect(access.authenticate(request({ authorization: `Bearer ${tokens.operator}` }))).toBe(
      'operator',
    );
    expect(access.authenticate(request({ authorization: `Bearer ${tokens.viewer}` }))).toBe(
      'viewer',
    );
    expect(access.authenticate(request({ authorization: 'Bearer nope' }))).toBeNull();
    expect(access.authenticate(request({}))).toBeNull();
  });

  it('swaps a login URL for an HttpOnly SameSite=Strict cookie and drops the token from the URL', () => {
    const { res, written } = response();
    expect(access.handleLogin(request({}, `/events?token=${tokens.viewer}&q=web`), res)).toBe(true);
    expect(written.status).toBe(303);
    expect(written.headers?.Location).toBe('/events?q=web');
    const cookie = written.headers?.['Set-Cookie'] ?? '';
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[\\w-]+; Path=/; HttpOnly; SameSite=Strict$`),
    );
    expect(cookie).not.toContain(tokens.viewer);
    const session = cookie.split(';')[0] ?? '';
    expect(access.authenticate(request({ cookie: `other=1; ${session}` }))).toBe('viewer');
  });

  it('ignores a wrong login token and forged cookies', () => {
    const { res } = response();
    expect(access.handleLogin(request({}, '/?token=wrong'), res)).toBe(false);
    expect(access.authenticate(request({ cookie: `${SESSION_COOKIE}=forged` }))).toBeNull();
  });

  it('allows a change only to an operator, from the same origin or with the bearer token', () => {
    const sameOrigin = request(
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
      '/api/x',
      'POST',
    );
    expect(access.refuseMutation(sameOrigin, 'operator')).toBeNull();
    expect(access.refuseMutation(sameOrigin, 'viewer')?.status).toBe(403);
    const foreign = request(
      { host: '127.0.0.1:3000', origin: 'http://evil.example' },
      '/api/x',
      'POST',
    );
    expect(access.refuseMutation(foreign, 'operator')?.error).toContain('evil.example');
    const noOrigin = request({ host: '127.0.0.1:3000' }, '/api/x', 'POST');
    expect(access.refuseMutation(noOrigin, 'operator')?.status).toBe(403);
    const nullOrigin = request({ host: '127.0.0.1:3000', origin: 'null' }, '/api/x', 'POST');
    expect(access.refuseMutation(nullOrigin, 'operator')?.status).toBe(403);
    const script = request(
      { host: '127.0.0.1:3000', authorization: `Bearer ${tokens.operator}` },
      '/api/x',
      'POST',
    );
    expect(access.refuseMutation(script, 'operator')).toBeNull();
  });

  it('refuses every change in read-only mode', () => {
    const readonly = createAccessControl(tokens, { readonly: true });
    const script = request(
      { host: 'h', authorization: `Bearer ${tokens.operator}` },
      '/api/x',
      'POST',
    );
    expect(readonly.refuseMutation(script, 'operator')?.error).toContain('read-only');
  });
});
