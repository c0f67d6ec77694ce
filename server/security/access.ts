import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { requestSite, sanitizeRedirectPath, type RequestSite } from '@/lib/http/origin-policy';
import type { Role } from '@/lib/http/session';

import { createSessions, SESSION_COOKIE, timingSafeEqualText } from './sessions';
import type { AccessTokens } from './tokens';

export { SESSION_COOKIE } from './sessions';

/**
 * What a request does, which decides the checks it passes:
 * `read` only looks; `exec` starts a process in a container (live checks); `change` changes an
 * engine; `session` signs the caller out.
 */
export type Effect = 'read' | 'exec' | 'change' | 'session';

/** Who is calling, and with what. */
export interface Caller {
  role: Role;
  credential: 'bearer' | 'session';
  /** The session's own id (its signature), for signing out; never logged. */
  sessionId?: string;
  sessionValue?: string;
}

export type Identity =
  | { ok: true; caller: Caller }
  | { ok: false; reason: 'missing' | 'wrong-token' | 'expired' | 'invalid' | 'signed-out' };

export interface Refusal {
  status: number;
  error: string;
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

const siteOf = (req: IncomingMessage, httpsHosts: ReadonlySet<string>): RequestSite =>
  requestSite(
    {
      host: req.headers.host,
      origin: req.headers.origin,
      'sec-fetch-site': req.headers['sec-fetch-site'] as string | undefined,
    },
    httpsHosts,
  );

const short = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * Who may do what. A token arrives once (`?token=` in a login URL opened by the person, or
 * `Authorization: Bearer`); browsers then carry an HttpOnly, SameSite=Strict session cookie that
 * expires and can be signed out of. Anything that starts a process or changes something must come
 * from the dashboard's own pages (or a script with the bearer token), whatever its HTTP method.
 */
export function createAccessControl(
  tokens: AccessTokens,
  options: {
    readonly: boolean;
    /** Host names reached through a TLS-terminating proxy (PORTOLAN_ALLOWED_HOSTS). */
    httpsHosts?: ReadonlySet<string>;
    sessionTtlMs?: number;
    now?: () => number;
  },
) {
  const sessions = createSessions(tokens, {
    ...(options.sessionTtlMs !== undefined ? { ttlMs: options.sessionTtlMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const httpsHosts = options.httpsHosts ?? new Set<string>();
  const roleOfToken = (token: string): Role | null => {
    if (timingSafeEqualText(token, tokens.operator)) return 'operator';
    if (timingSafeEqualText(token, tokens.viewer)) return 'viewer';
    return null;
  };
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict`;

  function identify(req: IncomingMessage): Identity {
    const token = bearer(req);
    if (token !== null) {
      const role = roleOfToken(token);
      return role
        ? { ok: true, caller: { role, credential: 'bearer' } }
        : { ok: false, reason: 'wrong-token' };
    }
    const value = cookieValue(req, SESSION_COOKIE);
    if (value === null) return { ok: false, reason: 'missing' };
    const checked = sessions.check(value);
    if (!checked.ok) return { ok: false, reason: checked.reason };
    return {
      ok: true,
      caller: {
        role: checked.role,
        credential: 'session',
        sessionId: checked.id,
        sessionValue: value,
      },
    };
  }

  /** Whether the request comes from the dashboard itself, or why not. */
  function refuseOrigin(req: IncomingMessage, caller: Caller): Refusal | null {
    const site = siteOf(req, httpsHosts);
    if (site === 'same-origin') return null;
    // NOTE: a page cannot set Authorization on a cross-origin request without a CORS preflight,
    // which Portolan never grants, so a bearer token without browser headers is a script.
    if (site === 'unknown') {
      return caller.credential === 'bearer'
        ? null
        : { status: 403, error: 'A change without an Origin header needs the bearer token.' };
    }
    // NOTE: typed into the address bar by the person (a live check's URL): a GET only.
    if (site === 'user' && req.method === 'GET') return null;
    const from = req.headers.origin ?? `a ${req.headers['sec-fetch-site'] ?? 'foreign'} page`;
    return { status: 403, error: `Cross-origin request from ${from} refused.` };
  }

  return {
    readonly: options.readonly,
    httpsHosts,
    sessionTtlMs: sessions.ttlMs,
    identify,

    /** The caller's role, or null when neither a token nor a live session vouches for it. */
    authenticate(req: IncomingMessage): Role | null {
      const identity = identify(req);
      return identity.ok ? identity.caller.role : null;
    },

    /**
     * Who opens a socket.io connection: the token of its handshake (`auth: { token }`) when it
     * gave one, else its bearer header or session cookie. Without an Origin (a script, never a
     * browser's WebSocket) only a token counts: a cookie rides along with any request a browser
     * makes, a token has to be known.
     */
    socketRole(req: IncomingMessage, handshakeToken: unknown): Role | null {
      if (handshakeToken !== undefined) {
        return typeof handshakeToken === 'string' ? roleOfToken(handshakeToken) : null;
      }
      const identity = identify(req);
      if (!identity.ok) return null;
      const site = siteOf(req, httpsHosts);
      if (site === 'same-origin') return identity.caller.role;
      return site === 'unknown' && identity.caller.credential === 'bearer'
        ? identity.caller.role
        : null;
    },

    /**
     * Why a request with this effect may not go ahead, or null when it may. Processes and changes
     * need the operator role, a server not in read-only mode, and the dashboard's own origin;
     * signing out needs only the origin.
     */
    refuse(req: IncomingMessage, caller: Caller, effect: Effect): Refusal | null {
      if (effect === 'read') return null;
      if (effect !== 'session') {
        if (options.readonly) {
          return {
            status: 403,
            error:
              effect === 'exec'
                ? 'Portolan runs read-only (PORTOLAN_READONLY=1): live checks run a command in the container and are off.'
                : 'Portolan runs read-only (PORTOLAN_READONLY=1): changes are refused.',
          };
        }
        if (caller.role !== 'operator') {
          return {
            status: 403,
            error:
              effect === 'exec'
                ? 'Live checks run a command in the container: they need the operator token.'
                : 'The viewer token may not change anything.',
          };
        }
      }
      return refuseOrigin(req, caller);
    },

    /**
     * The bucket a caller's accepted requests count against: its own session, or its token from
     * its address. NOTE: never the role alone, so one page cannot drain another's changes.
     */
    clientKey(req: IncomingMessage, caller: Caller): string {
      return caller.credential === 'session'
        ? `session:${short(caller.sessionId ?? '')}`
        : `bearer:${caller.role}:${req.socket?.remoteAddress ?? '?'}`;
    },

    /** The bucket refusals count against: who, from which page, at which address. */
    refusalKey(req: IncomingMessage, caller: Caller | null): string {
      const from =
        req.headers.origin ?? (req.headers['sec-fetch-site'] as string | undefined) ?? '-';
      const who = caller?.sessionId ? short(caller.sessionId) : (caller?.role ?? 'anonymous');
      return `refused:${who}:${from}:${req.socket?.remoteAddress ?? '?'}`;
    },

    /**
     * A login URL (`/?token=…`): swap the token for a session cookie and redirect to the same
     * path on this dashboard without it. Only a top-level navigation the person started (typed,
     * pasted, opened from a terminal) logs in: an image, a frame or a link on another page does
     * not, so no page can swap someone's session for another (login CSRF). Returns true when it
     * answered the request; a wrong token is left to the caller (401, counted as a guess).
     */
    handleLogin(req: IncomingMessage, res: ServerResponse): 'none' | 'wrong-token' | 'answered' {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = url.searchParams.get('token');
      if (token === null || req.method !== 'GET') return 'none';
      const role = roleOfToken(token);
      if (!role) return 'wrong-token';
      const dest = req.headers['sec-fetch-dest'];
      const mode = req.headers['sec-fetch-mode'];
      const site = req.headers['sec-fetch-site'];
      // NOTE: browsers send all three; a client without Sec-Fetch-Site is no browser (a script,
      // curl), and no page can make a browser leave it out.
      const fromBrowser = site !== undefined;
      const byThePerson =
        dest === 'document' && mode === 'navigate' && (site === 'none' || site === 'same-origin');
      if (fromBrowser && !byThePerson) {
        res.writeHead(403, {
          'Content-Type': 'text/plain; charset=utf-8',
          'Cache-Control': 'no-store',
        });
        res.end(
          'A login link works only when you open it yourself: paste it into the address bar.\n',
        );
        return 'answered';
      }
      url.searchParams.delete('token');
      res.writeHead(303, {
        Location: sanitizeRedirectPath(url.pathname, url.search),
        'Set-Cookie': cookie(sessions.issue(role), Math.floor(sessions.ttlMs / 1000)),
        'Cache-Control': 'no-store',
      });
      res.end();
      return 'answered';
    },

    /** Signs the caller's browser session out: revoked here, and the cookie cleared. */
    signOut(res: ServerResponse, caller: Caller): void {
      if (caller.sessionId && caller.sessionValue) {
        sessions.revoke(caller.sessionId, caller.sessionValue);
      }
      res.setHeader('Set-Cookie', cookie('', 0));
    },
  };
}

export type AccessControl = ReturnType<typeof createAccessControl>;
