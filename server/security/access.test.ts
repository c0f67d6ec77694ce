import type { IncomingMessage, ServerResponse } from 'node:http';

import { describe, expect, it } from 'vitest';

import { createAccessControl, SESSION_COOKIE, type Caller } from './access';

const tokens = {
  operator: 'operator-token-0123456789',
  viewer: 'viewer-token-0123456789',
  created: [],
  operatorCreated: false,
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

const operatorScript: Caller = { role: 'operator', credential: 'bearer' };
const operatorPage: Caller = { role: 'operator', credential: 'session', sessionId: 's' };
const viewerPage: Caller = { role: 'viewer', credential: 'session', sessionId: 'v' };

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
    expect(access.handleLogin(request({}, `/events?token=${tokens.viewer}&q=web`), res)).toBe(
      'answered',
    );
    expect(written.status).toBe(303);
    expect(written.headers?.Location).toBe('/events?q=web');
    const cookie = written.headers?.['Set-Cookie'] ?? '';
    expect(cookie).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[\\w.-]+; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict$`),
    );
    expect(cookie).not.toContain(tokens.viewer);
    const session = cookie.split(';')[0] ?? '';
    expect(access.authenticate(request({ cookie: `other=1; ${session}` }))).toBe('viewer');
  });

  it('ignores a wrong login token and forged cookies', () => {
    const { res } = response();
    expect(access.handleLogin(request({}, '/?token=wrong'), res)).toBe('wrong-token');
    expect(access.authenticate(request({ cookie: `${SESSION_COOKIE}=forged` }))).toBeNull();
  });

  it('allows a change only to an operator, from the same origin or with the bearer token', () => {
    const sameOrigin = request(
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' },
      '/api/x',
      'POST',
    );
    expect(access.refuse(sameOrigin, operatorPage, 'change')).toBeNull();
    expect(access.refuse(sameOrigin, viewerPage, 'change')?.status).toBe(403);
    const foreign = request(
      { host: '127.0.0.1:3000', origin: 'http://evil.example' },
      '/api/x',
      'POST',
    );
    expect(access.refuse(foreign, operatorPage, 'change')?.error).toContain('evil.example');
    const noOrigin = request({ host: '127.0.0.1:3000' }, '/api/x', 'POST');
    expect(access.refuse(noOrigin, operatorPage, 'change')?.status).toBe(403);
    const nullOrigin = request({ host: '127.0.0.1:3000', origin: 'null' }, '/api/x', 'POST');
    expect(access.refuse(nullOrigin, operatorPage, 'change')?.status).toBe(403);
    const script = request(
      { host: '127.0.0.1:3000', authorization: `Bearer ${tokens.operator}` },
      '/api/x',
      'POST',
    );
    expect(access.refuse(script, operatorScript, 'change')).toBeNull();
  });

  it('refuses every change in read-only mode', () => {
    const readonly = createAccessControl(tokens, { readonly: true });
    const script = request(
      { host: 'h', authorization: `Bearer ${tokens.operator}` },
      '/api/x',
      'POST',
    );
    expect(readonly.refuse(script, operatorScript, 'change')?.error).toContain('read-only');
  });
});

describe('hardening (#18)', () => {
  const sessionOf = (written: { headers?: Record<string, string> }) =>
    (written.headers?.['Set-Cookie'] ?? '').split(';')[0] ?? '';

  it.each([
    [
      'an image',
      { 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors', 'sec-fetch-site': 'same-site' },
    ],
    [
      'a frame',
      { 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-site' },
    ],
    [
      'a link on another page',
      { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-site' },
    ],
    [
      'a cross-site navigation',
      {
        'sec-fetch-dest': 'document',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-site': 'cross-site',
      },
    ],
    [
      'a fetch',
      { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin' },
    ],
  ])('a login URL loaded by %s sets no cookie', (_what, headers) => {
    const access = createAccessControl(tokens, { readonly: false });
    const { res, written } = response();
    expect(access.handleLogin(request(headers, `/?token=${tokens.viewer}`), res)).toBe('answered');
    expect(written.status).toBe(403);
    expect(written.headers?.['Set-Cookie']).toBeUndefined();
  });

  it('a login URL the person opened logs in, and the redirect stays on the dashboard', () => {
    const access = createAccessControl(tokens, { readonly: false });
    for (const [url, location] of [
      [`/.//evil.example/?token=${tokens.viewer}`, '/evil.example/'],
      [`//evil.example/?token=${tokens.viewer}`, '/'],
      [`/\\evil.example/x?token=${tokens.viewer}`, '/x'],
      [`/events?q=a&token=${tokens.viewer}`, '/events?q=a'],
    ] as const) {
      const { res, written } = response();
      const typed = {
        'sec-fetch-dest': 'document',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-site': 'none',
      };
      expect(access.handleLogin(request(typed, url), res), url).toBe('answered');
      expect(written.status, url).toBe(303);
      expect(written.headers?.Location, url).toBe(location);
    }
  });

  it('a session expires and can be signed out of', () => {
    let time = 1_000_000;
    const access = createAccessControl(tokens, {
      readonly: false,
      sessionTtlMs: 60_000,
      now: () => time,
    });
    const { res, written } = response();
    access.handleLogin(request({}, `/?token=${tokens.operator}`), res);
    const cookie = sessionOf(written);
    expect(written.headers?.['Set-Cookie']).toContain('Max-Age=60');
    expect(access.authenticate(request({ cookie }))).toBe('operator');
    time += 60_000;
    expect(access.identify(request({ cookie }))).toEqual({ ok: false, reason: 'expired' });

    const fresh = response();
    access.handleLogin(request({}, `/?token=${tokens.operator}`), fresh.res);
    const second = sessionOf(fresh.written);
    const identity = access.identify(request({ cookie: second }));
    if (!identity.ok) throw new Error('not signed in');
    const headers: Record<string, string> = {};
    access.signOut(
      {
        setHeader: (key: string, value: string) => (headers[key] = value),
      } as unknown as ServerResponse,
      identity.caller,
    );
    expect(headers['Set-Cookie']).toContain('Max-Age=0');
    expect(access.identify(request({ cookie: second }))).toEqual({
      ok: false,
      reason: 'signed-out',
    });
  });

  it('a session signed with another token, or tampered with, is refused', () => {
    const access = createAccessControl(tokens, { readonly: false });
    const { res, written } = response();
    access.handleLogin(request({}, `/?token=${tokens.viewer}`), res);
    const value = sessionOf(written).split('=')[1] ?? '';
    const [, issued, signature] = value.split('.');
    for (const forged of [
      `operator.${issued}.${signature}`,
      `viewer.${Number(issued) + 1}.${signature}`,
      `${value}.x`,
      'viewer..x',
    ]) {
      expect(
        access.authenticate(request({ cookie: `${SESSION_COOKIE}=${forged}` })),
        forged,
      ).toBeNull();
    }
  });

  it('a live check (exec) from another page is refused whatever the method; from the dashboard it is not', () => {
    const access = createAccessControl(tokens, { readonly: false });
    const page = (headers: Record<string, string>) =>
      request({ host: '127.0.0.1:3000', ...headers }, '/api/resolve?verify=1', 'GET');
    expect(
      access.refuse(page({ 'sec-fetch-site': 'same-site' }), operatorPage, 'exec')?.status,
    ).toBe(403);
    expect(
      access.refuse(page({ 'sec-fetch-site': 'cross-site' }), operatorPage, 'exec')?.status,
    ).toBe(403);
    expect(access.refuse(page({}), operatorPage, 'exec')?.status).toBe(403);
    expect(
      access.refuse(page({ origin: 'https://127.0.0.1:3000' }), operatorPage, 'exec')?.status,
    ).toBe(403);
    expect(
      access.refuse(page({ 'sec-fetch-site': 'same-origin' }), operatorPage, 'exec'),
    ).toBeNull();
    expect(
      access.refuse(page({ 'sec-fetch-site': 'same-origin' }), viewerPage, 'exec')?.error,
    ).toContain('operator token');
    expect(access.refuse(page({}), operatorScript, 'exec')).toBeNull();
    expect(access.refuse(page({ 'sec-fetch-site': 'same-site' }), operatorPage, 'read')).toBeNull();
    // Signing out needs the dashboard's own page, not a role.
    expect(
      access.refuse(page({ 'sec-fetch-site': 'same-site' }), viewerPage, 'session')?.status,
    ).toBe(403);
    expect(
      access.refuse(page({ origin: 'http://127.0.0.1:3000' }), viewerPage, 'session'),
    ).toBeNull();
  });

  it('keeps each client in its own rate-limit bucket, and refusals per page', () => {
    const access = createAccessControl(tokens, { readonly: false });
    const req = (headers: Record<string, string>) =>
      ({ headers, socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage;
    expect(access.clientKey(req({}), operatorPage)).not.toBe(
      access.clientKey(req({}), { ...operatorPage, sessionId: 't' }),
    );
    expect(access.clientKey(req({}), { ...operatorPage, sessionId: 'SECRET-ID' })).not.toContain(
      'SECRET-ID',
    );
    expect(access.refusalKey(req({ origin: 'http://127.0.0.1:5555' }), operatorPage)).not.toBe(
      access.refusalKey(req({ origin: 'http://127.0.0.1:3000' }), operatorPage),
    );
  });
});
