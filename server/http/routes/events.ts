import { z } from 'zod';

import { invalid } from '@/lib/refusal';

import { parseQuery } from '../input';
import { sendJson } from '../json';
import type { Route, RouteContext } from '../route';

const MAX_HISTORY = 10_000;

const querySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_HISTORY).optional(),
    since: z.coerce.number().min(0).optional(),
    until: z.coerce.number().min(0).optional(),
    engine: z.string().min(1).max(63).optional(),
  })
  .strict()
  .refine((query) => query.until === undefined || query.since !== undefined, {
    message: 'until needs since',
    path: ['until'],
  })
  .refine(
    (query) => query.since === undefined || query.until === undefined || query.since <= query.until,
    {
      message: 'since must not be after until',
      path: ['since'],
    },
  );

/**
 * `GET /api/events`: the recent events the server holds (`?limit=`), or an engine's older history
 * by time range (`?since=&until=` in seconds, optionally `&engine=`), read from the engines.
 */
export function eventRoutes({ events, engines }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/events$/,
      async handle({ res, query }) {
        const { limit, since, until, engine } = parseQuery(query, querySchema);
        if (since === undefined) {
          const recent = events.recent(limit).filter((event) => !engine || event.engine === engine);
          sendJson(res, 200, { source: 'recent', events: recent });
          return;
        }
        const chosen = engines.filter((candidate) => !engine || candidate.name === engine);
        if (chosen.length === 0)
          throw invalid({ engine: `No engine named "${engine}".` }, 'Invalid query.');
        // NOTE: the engine holds a stream open until `until`; a future time would hold one per
        // engine until the timeout and answer nothing. The history ends now.
        const now = Date.now() / 1000;
        const end = Math.min(until ?? now, now);
        if (since > end) {
          sendJson(res, 200, { source: 'engine', events: [] });
          return;
        }
        const histories = await Promise.all(
          chosen.map((candidate) => candidate.history(since, end, limit ?? MAX_HISTORY)),
        );
        const merged = histories.flat().sort((a, b) => a.timeNano - b.timeNano);
        sendJson(res, 200, { source: 'engine', events: merged.slice(-(limit ?? MAX_HISTORY)) });
      },
    },
  ];
}
