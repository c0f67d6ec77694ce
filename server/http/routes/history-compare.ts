import { compareMoments } from '@/lib/history/compare';
import { lastDeployIn } from '@/lib/history/deploy';
import { Refusal } from '@/lib/refusal';
import { historyCompareQuerySchema, historyDeployQuerySchema } from '@/lib/validation/history';

import { parseQuery } from '../input';
import { sendJson } from '../json';
import type { Route, RouteContext } from '../route';
import { storeOf, topologyAtMoment } from './history';

const iso = (time: number) => new Date(time).toISOString();
/** How far back "the last deploy" is looked for, in recorded changes. */
const DEPLOY_SEARCH_LIMIT = 5_000;

/**
 * `GET /api/history/compare?from=&to=`: what appeared, disappeared and changed (field by field)
 * from one moment to another (`to` absent: the live map). `GET /api/history/deploy?service=`:
 * the moment of a service's last deploy in the kept history, and the moment just before it.
 */
export function historyCompareRoutes({ history, hub }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/history\/compare$/,
      async handle({ res, query }) {
        const store = storeOf(history);
        const { from, to } = parseQuery(query, historyCompareQuerySchema);
        const before = await topologyAtMoment(store, from);
        const after = to === undefined ? hub.snapshot() : await topologyAtMoment(store, to);
        sendJson(res, 200, {
          from: iso(from),
          to: to === undefined ? 'now' : iso(to),
          ...compareMoments(before, after),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/history\/deploy$/,
      async handle({ res, query }) {
        const store = storeOf(history);
        const { service } = parseQuery(query, historyDeployQuerySchema);
        const live = Object.values(hub.snapshot().services).find(
          (candidate) => candidate.id === service || candidate.name === service,
        );
        const ref = live ? { id: live.id, name: live.name } : { id: service, name: service };
        const now = Date.now();
        const { records, late } = await store.between(
          store.range().from ?? now,
          now,
          DEPLOY_SEARCH_LIMIT,
          true,
        );
        const changes = records.flatMap((record) =>
          record.k === 'patch'
            ? [
                {
                  t: record.t,
                  events: [
                    ...record.events,
                    ...late.flatMap((item) => (item.to === record.patch.to ? item.events : [])),
                  ],
                },
              ]
            : [],
        );
        const deployed = lastDeployIn(changes, ref);
        if (deployed === null) {
          throw new Refusal(
            'not-found',
            `No deploy of service ${service} in the kept history (its last ${DEPLOY_SEARCH_LIMIT} changes).`,
          );
        }
        sendJson(res, 200, { service: ref, deployedAt: iso(deployed), before: iso(deployed - 1) });
      },
    },
  ];
}
