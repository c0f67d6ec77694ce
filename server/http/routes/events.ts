import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import type Docker from 'dockerode';
import { z } from 'zod';

import { isNoiseEvent, normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';
import { fieldErrors } from '@/lib/validation/fields';

import { withTimeout } from '../../docker/client';
import { toHttpFailure } from '../../docker/engine-errors';
import { sendError, sendJson } from '../json';
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

/** Reads an engine's own event history between two times (the stream ends at `until`). */
async function engineHistory(
  engine: string,
  docker: Docker,
  since: number,
  until: number,
  limit: number,
): Promise<DockerEvent[]> {
  const stream = (await docker.getEvents({ since, until })) as unknown as Readable;
  const events: DockerEvent[] = [];
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const done = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (!line.trim()) return;
      try {
        const event = normalizeDockerEvent(engine, JSON.parse(line) as unknown);
        if (event && !isNoiseEvent(event)) events.push(event);
      } catch {
        // a malformed line is skipped, not fatal
      }
      if (events.length >= limit) stream.destroy();
    });
    lines.on('close', resolve);
    lines.on('error', reject);
    stream.on('error', (error) => (events.length >= limit ? resolve() : reject(error)));
  });
  await withTimeout(done, 15_000, 'GET /events (history)').finally(() => stream.destroy());
  return events.slice(0, limit);
}

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
        const parsed = querySchema.safeParse(Object.fromEntries(query));
        if (!parsed.success) {
          sendError(res, 400, 'Invalid query.', fieldErrors(parsed.error));
          return;
        }
        const { limit, since, until, engine } = parsed.data;
        if (since === undefined) {
          const recent = events.recent(limit).filter((event) => !engine || event.engine === engine);
          sendJson(res, 200, { source: 'recent', events: recent });
          return;
        }
        const chosen = engines.filter((candidate) => !engine || candidate.name === engine);
        if (chosen.length === 0) {
          sendError(res, 400, 'Invalid query.', { engine: `No engine named "${engine}".` });
          return;
        }
        // NOTE: the engine holds a stream open until `until`; a future time would hold one per
        // engine until the timeout and answer nothing. The history ends now.
        const now = Date.now() / 1000;
        const end = Math.min(until ?? now, now);
        if (since > end) {
          sendJson(res, 200, { source: 'engine', events: [] });
          return;
        }
        try {
          const histories = await Promise.all(
            chosen.map((candidate) =>
              engineHistory(candidate.name, candidate.docker, since, end, limit ?? MAX_HISTORY),
            ),
          );
          const merged = histories.flat().sort((a, b) => a.timeNano - b.timeNano);
          sendJson(res, 200, { source: 'engine', events: merged.slice(-(limit ?? MAX_HISTORY)) });
        } catch (error) {
          const failure = toHttpFailure(error);
          sendError(res, failure.status, failure.error);
        }
      },
    },
  ];
}
