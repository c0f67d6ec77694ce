import type { IncomingMessage, ServerResponse } from 'node:http';

import { toHealthReport } from '@/lib/engines/health';
import type { Role, SessionInfo } from '@/lib/http/session';

import type { TopologyHub } from '../topology/topology-hub';
import { sendError, sendJson } from './json';

import type { AccessControl } from '../security/access';

/** One request, authenticated: what a route handler works with. */
export interface ApiRequest {
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  role: Role;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handle(request: ApiRequest): Promise<void> | void;
}

export interface ApiDependencies {
  hub: TopologyHub;
  access: AccessControl;
}

/**
 * The JSON API lives on the custom server, beside the live state it reports
 * (NOTE: Next bundles route handlers separately, so they could not share the server's state).
 * Returns a handler that answers `/api/*` and reports whether it did.
 */
export function createApiRouter({ hub, access }: ApiDependencies) {
  const routes: Route[] = [
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

  return async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    role: Role,
  ): Promise<boolean> {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
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
    if (route.method !== 'GET') {
      const refusal = access.refuseMutation(req, role);
      if (refusal) {
        sendError(res, refusal.status, refusal.error);
        return true;
      }
    }
    const params = (route.pattern.exec(pathname)?.slice(1) ?? []).map((param) =>
      decodeURIComponent(param),
    );
    await route.handle({ req, res, params, role });
    return true;
  };
}
