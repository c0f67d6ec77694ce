import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isAllowedHost } from '@/lib/http/origin-policy';
import { securityHeaders } from '@/lib/http/security-headers';

import type { Logger } from '../logger';
import type { AccessControl, Caller } from '../security/access';
import { createRateLimiter, type RateLimiter } from '../security/rate-limit';
import { sendError } from './json';

const LOGIN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portolan — sign in</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#16202c;background:#f7f8fa}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}code{background:#161b22}}code{background:#eaeef2;padding:.1rem .3rem;border-radius:4px}</style>
</head><body><h1>Portolan needs its access token</h1>
<p>Access to the Docker API is root on the host, so this dashboard opens only with its token.</p>
<p>Open the login URL Portolan printed when it started (<code>http://127.0.0.1:3000/?token=…</code>),
or read the token from <code>~/.portolan/token</code> (operator) or <code>~/.portolan/viewer-token</code>
(read only) on the machine it runs on, and add <code>?token=…</code> to this address.</p></body></html>`;

const EXPIRED_PAGE = LOGIN_PAGE.replace(
  '<h1>Portolan needs its access token</h1>',
  '<h1>Your Portolan session has ended</h1><p>Sessions last 12 hours, and end when you sign out.</p>',
);

export interface FrontDoorOptions {
  allowedHosts: Set<string>;
  access: AccessControl;
  logger: Logger;
  /** Wrong tokens per address: guessing is slowed to a crawl. */
  guesses?: RateLimiter;
  /** Development mode: scripts may be inline and eval'd (React's tools, hot reload). */
  development?: boolean;
  handleApi(req: IncomingMessage, res: ServerResponse, caller: Caller): Promise<boolean>;
  handlePage(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/** Whether the request presents a token (bearer or login URL) rather than a cookie or nothing. */
function presentsToken(req: IncomingMessage): boolean {
  return (
    (req.headers.authorization ?? '').startsWith('Bearer ') || /[?&]token=/.test(req.url ?? '')
  );
}

/**
 * Every HTTP request passes here first: the security headers, a Host the dashboard answers to
 * (DNS rebinding), a login URL, then a token or session (401 otherwise), then the API or the pages.
 */
export function createFrontDoor({
  allowedHosts,
  access,
  logger,
  guesses = createRateLimiter({ burst: 50, perSecond: 0.2 }),
  development = false,
  handleApi,
  handlePage,
}: FrontDoorOptions) {
  return (req: IncomingMessage, res: ServerResponse) => {
    // NOTE: a fresh nonce per answer; Next finds it in the request's CSP header.
    const nonce = crypto.randomBytes(16).toString('base64');
    for (const { key, value } of securityHeaders(development, nonce)) {
      res.setHeader(key, value);
      if (key === 'Content-Security-Policy') req.headers['content-security-policy'] = value;
    }
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      sendError(res, 421, 'This host name is not allowed; add it to PORTOLAN_ALLOWED_HOSTS.');
      return;
    }
    const address = req.socket.remoteAddress ?? '?';
    // NOTE: checked before any comparison: once an address has guessed wrong too often, its
    // tokens are not even looked at. Sessions (signed cookies) are not guessable and still work.
    const waitMs = presentsToken(req) ? guesses.wait(address) : 0;
    if (waitMs > 0) {
      logger.warn('token guessing slowed down', { address });
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      sendError(res, 429, `Too many wrong tokens; try again in ${Math.ceil(waitMs / 1000)} s.`);
      return;
    }
    const login = access.handleLogin(req, res);
    if (login === 'answered') return;
    const identity = access.identify(req);
    if (!identity.ok) {
      if (identity.reason === 'wrong-token' || login === 'wrong-token') guesses.take(address);
      const isApi = (req.url ?? '/').startsWith('/api');
      if (isApi || !(req.headers.accept ?? '').includes('text/html')) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="portolan"');
        sendError(
          res,
          401,
          identity.reason === 'expired' || identity.reason === 'signed-out'
            ? 'The session has ended: open the login URL again, or send Authorization: Bearer <token>.'
            : 'Missing or wrong token: send Authorization: Bearer <token>, or open the login URL.',
        );
      } else {
        res.writeHead(401, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
        });
        res.end(
          identity.reason === 'expired' || identity.reason === 'signed-out'
            ? EXPIRED_PAGE
            : LOGIN_PAGE,
        );
      }
      return;
    }
    handleApi(req, res, identity.caller)
      .then((handled) => (handled ? undefined : handlePage(req, res)))
      .catch((error: unknown) => {
        logger.error('request failed', { url: req.url?.split('?')[0], error });
        if (!res.headersSent) sendError(res, 500, 'Internal error');
        else res.end();
      });
  };
}
