import type { IncomingMessage, ServerResponse } from 'node:http';

import { toHealthReport } from '@/lib/engines/health';
import type { AuditEntry } from '@/lib/http/audit';
import type { SessionInfo } from '@/lib/http/session';

import type { Caller, Effect } from '../security/access';
import type { AuditLog } from '../security/audit-log';
import { createRateLimiter, type RateLimiter } from '../security/rate-limit';
import { isRefusal } from '@/lib/refusal';

import { sendError, sendJson } from './json';
import { sendRefusal } from './refusals';
import { pastTopology } from './routes/history';
import type { Route, RouteContext } from './route';

/** A Docker object id or name, as it may appear in an Engine API path. */
const DOCKER_REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;

export interface RouterOptions {
  /** Where every change and live check is recorded; none in unit tests. */
  audit?: AuditLog;
  /** Accepted changes and live checks, per client. */
  limiter?: RateLimiter;
  /** Refusals, per client and page: bounds what a flood can cost and write. */
  refusalLimiter?: RateLimiter;
}

/** The read-only routes every server has: health, the topology snapshot, the caller's session. */
function coreRoutes({ hub, access, history, snapshot }: RouteContext): Route[] {
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
      handle: (request) =>
        request.query.has('at')
          ? pastTopology(request, history)
          : sendJson(request.res, 200, hub.snapshot()),
    },
    {
      method: 'GET',
      pattern: /^\/api\/session$/,
      handle: ({ res, role }) => {
        const session: SessionInfo = {
          role,
          readonly: access.readonly,
          canMutate: role === 'operator' && !access.readonly,
          ...(snapshot ? { snapshot } : {}),
        };
        sendJson(res, 200, session);
      },
    },
  ];
}

/**
 * The JSON API lives on the custom server, beside the live state it reports
 * (NOTE: Next bundles route handlers separately, so they could not share the server's state).
 * Returns a handler that answers `/api/*` and reports whether it did. A route's effect decides
 * its checks: anything that starts a process or changes something — whatever its method — passes
 * access control (role, read-only, same origin), then its client's rate limit, and is audited.
 * Refusals have limits of their own and are collapsed in the audit, per client.
 */
export function createApiRouter(
  context: RouteContext,
  modules: readonly ((context: RouteContext) => Route[])[] = [],
  {
    audit,
    limiter = createRateLimiter(),
    refusalLimiter = createRateLimiter({ burst: 30, perSecond: 0.5 }),
  }: RouterOptions = {},
) {
  const auditRoute: Route = {
    method: 'GET',
    pattern: /^\/api\/audit$/,
    handle: ({ res }) => sendJson(res, 200, { entries: audit?.recent() ?? [] }),
  };
  const signOutRoute: Route = {
    method: 'DELETE',
    pattern: /^\/api\/session$/,
    // NOTE: any role may sign out, but only from the dashboard's own pages (no logout CSRF).
    effect: () => 'session',
    handle: ({ res, caller }) => {
      context.access.signOut(res, caller);
      sendJson(res, 200, { signedOut: true });
    },
  };
  const routes = [
    ...coreRoutes(context),
    auditRoute,
    signOutRoute,
    ...modules.flatMap((module) => module(context)),
  ];
  const { access } = context;

  function auditEntry(
    req: IncomingMessage,
    role: AuditEntry['role'],
    action: string,
    target: string,
    status: number,
  ): AuditEntry {
    return {
      time: new Date().toISOString(),
      role,
      action,
      target,
      status,
      result: status < 300 ? 'ok' : status < 500 && status !== 503 ? 'refused' : 'failed',
      ...(req.headers.origin ? { origin: req.headers.origin.slice(0, 200) } : {}),
      ...(typeof req.headers['sec-fetch-site'] === 'string'
        ? { site: req.headers['sec-fetch-site'].slice(0, 20) }
        : {}),
    };
  }

  /** Answers a refusal, unless this client has been refused too often: then a bare 429. */
  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
    action: string,
    target: string,
    refusal: { status: number; error: string; retryAfterMs?: number },
  ): void {
    const key = access.refusalKey(req, caller);
    const waitMs = refusalLimiter.take(key);
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      sendError(res, 429, `Too many refused requests; try again in ${Math.ceil(waitMs / 1000)} s.`);
      return;
    }
    audit?.refusal(auditEntry(req, caller.role, action, target, refusal.status), key);
    if (refusal.retryAfterMs !== undefined) {
      res.setHeader('Retry-After', String(Math.ceil(refusal.retryAfterMs / 1000)));
    }
    sendError(res, refusal.status, refusal.error);
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
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
    let noted: { id: string; name?: string | undefined } | null = null;
    const effect = effectOf(route, url.searchParams);
    if (effect !== 'read') {
      const action = `${route.method} ${pathname}${effect === 'exec' ? `?${url.searchParams}` : ''}`;
      const target = params[0] ?? (effect === 'exec' ? (url.searchParams.get('from') ?? '-') : '-');
      const refusal = access.refuse(req, caller, effect);
      if (refusal) {
        refuse(req, res, caller, action, target, refusal);
        return true;
      }
      const waitMs = limiter.take(access.clientKey(req, caller));
      if (waitMs > 0) {
        refuse(req, res, caller, action, target, {
          status: 429,
          error: `Too many changes at once; try again in ${Math.ceil(waitMs / 1000)} s.`,
          retryAfterMs: waitMs,
        });
        return true;
      }
      // NOTE: every accepted change and live check is audited with its outcome.
      res.once('finish', () => {
        const entry = auditEntry(req, caller.role, action, noted?.id ?? target, res.statusCode);
        audit?.record(noted?.name ? { ...entry, targetName: noted.name } : entry);
      });
    }
    try {
      await route.handle({
        req,
        res,
        params,
        query: url.searchParams,
        role: caller.role,
        caller,
        noteTarget: (id, name) => {
          noted = { id, name };
        },
      });
    } catch (error) {
      // NOTE: rules and the engine gateway refuse with typed values; this is where they become
      // HTTP. Anything else is a bug: the front door answers 500 and logs it.
      if (!isRefusal(error)) throw error;
      if (res.headersSent) res.end();
      else sendRefusal(res, error);
    }
    return true;
  }
  /** Every route's method and pattern, for tests that must cover all of them. */
  handleApi.routes = routes.map((route) => ({
    method: route.method,
    pattern: route.pattern,
    signsOut: route.effect?.(new URLSearchParams()) === 'session',
  }));
  return handleApi;
}

/** What a request to this route does: its own say, else reads for GET and changes otherwise. */
function effectOf(route: Route, query: URLSearchParams): Effect {
  return route.effect?.(query) ?? (route.method === 'GET' ? 'read' : 'change');
}
