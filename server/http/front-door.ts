import type { IncomingMessage, ServerResponse } from 'node:http';

import { isAllowedHost } from '@/lib/http/origin-policy';
import type { Role } from '@/lib/http/session';

import type { Logger } from '../logger';
import type { AccessControl } from '../security/access';
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

export interface FrontDoorOptions {
  allowedHosts: Set<string>;
  access: AccessControl;
  logger: Logger;
  handleApi(req: IncomingMessage, res: ServerResponse, role: Role): Promise<boolean>;
  handlePage(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/**
 * Every HTTP request passes here first: a Host the dashboard answers to (DNS rebinding), then a
 * token or session (401 otherwise), then the API or the pages.
 */
export function createFrontDoor({
  allowedHosts,
  access,
  logger,
  handleApi,
  handlePage,
}: FrontDoorOptions) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (!isAllowedHost(req.headers.host, allowedHosts)) {
      sendError(res, 421, 'This host name is not allowed; add it to PORTOLAN_ALLOWED_HOSTS.');
      return;
    }
    if (access.handleLogin(req, res)) return;
    const role = access.authenticate(req);
    if (!role) {
      const isApi = (req.url ?? '/').startsWith('/api');
      if (isApi || !(req.headers.accept ?? '').includes('text/html')) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="portolan"');
        sendError(
          res,
          401,
          'Missing or wrong token: send Authorization: Bearer <token>, or open the login URL.',
        );
      } else {
        res.writeHead(401, {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
        });
        res.end(LOGIN_PAGE);
      }
      return;
    }
    handleApi(req, res, role)
      .then((handled) => (handled ? undefined : handlePage(req, res)))
      .catch((error: unknown) => {
        logger.error('request failed', { url: req.url?.split('?')[0], error });
        if (!res.headersSent) sendError(res, 500, 'Internal error');
        else res.end();
      });
  };
}
