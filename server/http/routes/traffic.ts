import { sendJson } from '../json';
import type { Route, RouteContext } from '../route';

/**
 * `GET /api/traffic`: the conversations seen and the endpoint rates, from a sample at most one
 * interval old. A read like any other (viewer or operator); asking counts as watching.
 */
export function trafficRoutes({ traffic }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/traffic$/,
      handle: async ({ res }) => sendJson(res, 200, await traffic.current()),
    },
  ];
}
