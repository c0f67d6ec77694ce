import type { IncomingMessage, ServerResponse } from 'node:http';

import { toHealthReport } from '@/lib/engines/health';
import type { Role, SessionInfo } from '@/lib/http/session';

import type { AuditLog } from '../security/audit-log';
import { createRateLimiter, type RateLimiter } from '../security/rate-limit';
import { sendError, sendJson } from './json';
import type { Route, RouteContext } from './route';

/** A Docker object id or name, as it may appear in an Engine API path. */
const DOCKER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;

export interface RouterOptions {
  /** Where every mutation is recorded; none in unit tests. */
  audit?: AuditLog;
  limiter?: RateLimiter;
}

/** The read-only routes every server has: health, the topology snapshot, the caller's session. */
function coreRoutes({ hub, access }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/health$/,
      handle: ({ res }) => {
        const report = toHealthReport(hub.health());
        sendJson(res, report.ok ? 200 : 503, report);
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/topology$/,
      handle: ({ res }) => sendJson(res, 200, hub.snapshot()),
    },
    {
      method: 'GET',
      pattern: /^\/api\/session$/,
      handle: ({ res, role }) => {
        const session: SessionInfo = {
          role,
          readonly: access.readonly,
          canMutate: role === 'operator' && !access.readonly,
        };
        sendJson(res, 200, session);
      },
    },
  ];
}

/**
 * The JSON API lives on the custom server, beside the live state it reports
 * (NOTE: Next bundles route handlers separately, so they could not share the server's state).
 * Returns a handler that answers `/api/*` and reports whether it did. Every non-GET route passes
 * the mutation checks (operator role, not read-only, same origin) before its handler runs.
 */
export function createApiRouter(
  context: RouteContext,
  modules: readonly ((context: RouteContext) => Route[])[] = [],
  { audit, limiter = createRateLimiter() }: RouterOptions = {},
) {
  const auditRoute: Route = {
    method: 'GET',
    pattern: /^\/api\/audit$/,
    handle: ({ res }) => sendJson(res, 200, { entries: audit?.recent() ?? [] }),
  };
  const routes = [
    ...coreRoutes(context),
    auditRoute,
    ...modules.flatMap((module) => module(context)),
  ];
  const { access } = context;

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    role: Role,
  ): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { pathname } = url;
    if (!pathname.startsWith('/api/') && pathname !== '/api') return false;
    const matching = routes.filter((route) => route.pattern.test(pathname));
    if (matching.length === 0) {
      sendError(res, 404, `No API route ${pathname}`);
      return true;
    }
    const route = matching.find((candidate) => candidate.method === req.method);
    if (!route) {
      res.setHeader('Allow', matching.map((candidate) => candidate.method).join(', '));
      sendError(res, 405, `${req.method ?? '?'} is not allowed on ${pathname}`);
      return true;
    }
    let params: string[];
    try {
      params = (route.pattern.exec(pathname)?.slice(1) ?? []).map((param) =>
        decodeURIComponent(param),
      );
    } catch {
      sendError(res, 400, 'The path is not valid URL encoding.');
      return true;
    }
    // NOTE: path parameters are Docker ids or names, and they end up in Engine API paths: anything
    // else ("../", "%2f", control characters) is refused here, before any route can pass it on.
    const badParam = params.find((param) => !DOCKER_REF.test(param));
    if (badParam !== undefined) {
      sendError(res, 400, 'Not a Docker id or name.', {
        path: `"${badParam.slice(0, 64)}" is not a Docker id or name (letters, digits, "_", "." and "-").`,
      });
      return true;
    }
    if (route.method !== 'GET') {
      // NOTE: every change is audited with its outcome, refusals included.
      const action = `${route.method} ${pathname}`;
      res.once('finish', () => {
        const status = res.statusCode;
        audit?.record({
          time: new Date().toISOString(),
          role,
          action,
          target: params[0] ?? '-',
          status,
          result: status < 300 ? 'ok' : status < 500 && status !== 503 ? 'refused' : 'failed',
        });
      });
      const refusal = access.refuseMutation(req, role);
      if (refusal) {
        sendError(res, refusal.status, refusal.error);
        return true;
      }
      const waitMs = limiter.take(`${role}:${req.socket.remoteAddress ?? '?'}`);
      if (waitMs > 0) {
        res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
        sendError(
          res,
          429,
          `Too many changes at once; try again in ${Math.ceil(waitMs / 1000)} s.`,
        );
        return true;
      }
    }
    await route.handle({ req, res, params, query: url.searchParams, role });
    return true;
  }
  /** Every route's method and pattern, for tests that must cover all of them. */
  handleApi.routes = routes.map(({ method, pattern }) => ({ method, pattern }));
  return handleApi;
}
