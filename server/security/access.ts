import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isSameOrigin } from '@/lib/http/origin-policy';
import type { Role } from '@/lib/http/session';

import type { AccessTokens } from './tokens';

export const SESSION_COOKIE = 'portolan_session';

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Who may do what. A token arrives once (`?token=` in a login URL, or `Authorization: Bearer`);
 * browsers then carry an HttpOnly, SameSite=Strict session cookie derived from it, so the token
 * itself is never stored by the page. The cookie survives restarts and dies with the token.
 */
export function createAccessControl(tokens: AccessTokens, options: { readonly: boolean }) {
  const sessionFor = (role: Role) =>
    crypto
      .createHmac('sha256', role === 'operator' ? tokens.operator : tokens.viewer)
      .update(`portolan-session-v1:${role}`)
      .digest('base64url');
  const sessions: Record<Role, string> = {
    operator: sessionFor('operator'),
    viewer: sessionFor('viewer'),
  };

  const roleOfToken = (token: string): Role | null => {
    if (equal(token, tokens.operator)) return 'operator';
    if (equal(token, tokens.viewer)) return 'viewer';
    return null;
  };

  const bearer = (req: IncomingMessage): string | null => {
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
  };

  return {
    readonly: options.readonly,

    /** The caller's role, from the bearer token or the session cookie; null when neither is valid. */
    authenticate(req: IncomingMessage): Role | null {
      const token = bearer(req);
      if (token !== null) return roleOfToken(token);
      const session = cookieValue(req, SESSION_COOKIE);
      if (session === null) return null;
      if (equal(session, sessions.operator)) return 'operator';
      if (equal(session, sessions.viewer)) return 'viewer';
      return null;
    },

    /**
     * A login URL (`/?token=…`): swap the token for the session cookie and redirect to the same
     * page without it, so the token leaves the address bar and the history. Returns true when it
     * answered the request.
     */
    handleLogin(req: IncomingMessage, res: ServerResponse): boolean {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = url.searchParams.get('token');
      if (token === null || req.method !== 'GET') return false;
      const role = roleOfToken(token);
      if (!role) return false;
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${SESSION_COOKIE}=${sessions[role]}; Path=/; HttpOnly; SameSite=Strict`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      res.end();
      return true;
    },

    /**
     * Why a change may not be made, or null when it may. Mutations need the operator role, a
     * server not in read-only mode, and a same-origin browser request (cross-site request
     * forgery); a request with no Origin is accepted only with the bearer token.
     */
    refuseMutation(req: IncomingMessage, role: Role): { status: number; error: string } | null {
      if (options.readonly) {
        return {
          status: 403,
          error: 'Portolan runs read-only (PORTOLAN_READONLY=1): changes are refused.',
        };
      }
      if (role !== 'operator')
        return { status: 403, error: 'The viewer token may not change anything.' };
      const origin = req.headers.origin;
      if (origin === undefined || origin === 'null') {
        return bearer(req) !== null
          ? null
          : { status: 403, error: 'A change without an Origin header needs the bearer token.' };
      }
      return isSameOrigin(origin, req.headers.host)
        ? null
        : { status: 403, error: `Cross-origin request from ${origin} refused.` };
    },
  };
}

export type AccessControl = ReturnType<typeof createAccessControl>;
