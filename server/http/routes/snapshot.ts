import type { DockerEvent } from '@/lib/docker/events';
import type { PortableSnapshot } from '@/lib/history/snapshot';
import { snapshotQuerySchema } from '@/lib/validation/history';

import { parseQuery } from '../input';
import type { Route, RouteContext } from '../route';
import { storeOf, topologyAtMoment } from './history';

const iso = (time: number) => new Date(time).toISOString();
const MAX_CHANGES = 5_000;

/**
 * `GET /api/snapshot?at=`: the portable snapshot of a moment (now without `at`) as a file to
 * download: the topology then, and the Docker events recorded `minutes` before and after it.
 */
export function snapshotRoutes({ history, hub, events }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/snapshot$/,
      async handle({ res, query }) {
        const parsed = parseQuery(query, snapshotQuerySchema);
        const now = Date.now();
        const at = parsed.at ?? now;
        const from = at - parsed.minutes * 60_000;
        const to = Math.min(now, at + parsed.minutes * 60_000);
        let topology = hub.snapshot();
        let recorded: DockerEvent[];
        if (parsed.at !== undefined || history) {
          const store = storeOf(history);
          if (parsed.at !== undefined) topology = await topologyAtMoment(store, at);
          const { records, late } = await store.between(from, to, MAX_CHANGES);
          recorded = [
            ...records.flatMap((record) => (record.k === 'patch' ? record.events : [])),
            ...late.flatMap((record) => (record.t <= to ? record.events : [])),
          ];
        } else {
          recorded = events.recent().filter((event) => event.timeNano / 1e6 >= from);
        }
        recorded.sort((a, b) => a.timeNano - b.timeNano);
        const snapshot: PortableSnapshot = {
          format: 'portolan-snapshot',
          version: 1,
          at: iso(at),
          exportedAt: iso(now),
          topology,
          eventsFrom: iso(from),
          eventsTo: iso(to),
          events: recorded,
        };
        const name = `portolan-snapshot-${iso(at).replace(/[:.]/g, '-')}.json`;
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'no-store',
        });
        res.end(JSON.stringify(snapshot));
      },
    },
  ];
}
