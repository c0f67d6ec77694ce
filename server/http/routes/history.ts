import type { HistoryGap } from '@/lib/history/rebuild';
import { momentRefusal } from '@/lib/history/moment';
import type { HistoryRecord, LateEventsRecord } from '@/lib/history/records';
import { Refusal } from '@/lib/refusal';
import {
  historyQuerySchema,
  historyRangeQuerySchema,
  topologyAtQuerySchema,
} from '@/lib/validation/history';

import type { HistoryStore } from '../../history/history-store';
import { parseQuery } from '../input';
import { sendJson } from '../json';
import type { ApiRequest, Route, RouteContext } from '../route';

const iso = (time: number) => new Date(time).toISOString();

const gapJson = (gap: HistoryGap) => ({
  from: iso(gap.from),
  to: gap.to === null ? null : iso(gap.to),
  reason: gap.reason,
  ...(gap.engine === undefined ? {} : { engine: gap.engine }),
});

export function storeOf(history: HistoryStore | null): HistoryStore {
  if (!history) {
    throw new Refusal('unavailable', 'History is turned off on this server (PORTOLAN_HISTORY=0).');
  }
  return history;
}

/** The topology at a past moment, or the refusal that says why it cannot be shown. */
export async function topologyAtMoment(store: HistoryStore, at: number) {
  const refusal = momentRefusal(at, store.range(), Date.now());
  if (refusal) throw refusal;
  const topology = await store.topologyAt(at);
  if (!topology) throw new Refusal('not-found', `Nothing was recorded at ${iso(at)}.`);
  return topology;
}

/** One recorded change as the API shows it: what changed (ids and names) and the events behind it. */
function changeJson(
  record: Exclude<HistoryRecord, { k: 'key' | 'stop' | 'late' }>,
  late: readonly LateEventsRecord[],
) {
  if (record.k === 'gap') {
    return {
      kind: 'gap' as const,
      time: iso(record.t),
      ...gapJson({
        from: record.since,
        to: null,
        reason: record.reason,
        ...(record.engine === undefined ? {} : { engine: record.engine }),
      }),
    };
  }
  return {
    kind: 'change' as const,
    time: iso(record.t),
    from: record.patch.from,
    to: record.patch.to,
    ops: record.patch.ops.flatMap((op) =>
      op.op === 'reset'
        ? []
        : [
            {
              op: op.op,
              collection: op.collection,
              id: op.id,
              ...(op.op === 'upsert' ? { name: op.value.name } : {}),
            },
          ],
    ),
    // NOTE: events that arrived after a re-read had already made this change (records.ts 'late').
    events: [
      ...record.events,
      ...late.flatMap((item) => (item.to === record.patch.to ? item.events : [])),
    ],
  };
}

/**
 * `GET /api/topology?at=`: the topology at a past moment, rebuilt from the history store (the
 * core route answers without `at`). The body has the same shape as the live topology.
 */
export async function pastTopology({ res, query }: ApiRequest, history: HistoryStore | null) {
  const store = storeOf(history);
  const { at } = parseQuery(query, topologyAtQuerySchema);
  const topology = await topologyAtMoment(store, at);
  res.setHeader('X-Portolan-At', iso(at));
  sendJson(res, 200, topology);
}

/** `GET /api/history` (the changes between two moments) and `GET /api/history/range`. */
export function historyRoutes({ history }: RouteContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/history\/range$/,
      handle({ res, query }) {
        const store = storeOf(history);
        const { buckets } = parseQuery(query, historyRangeQuerySchema);
        const range = store.range(buckets);
        const now = Date.now();
        sendJson(res, 200, {
          from: range.from === null ? null : iso(range.from),
          to: range.to === null ? null : iso(range.to),
          now: iso(now),
          changes: range.changes,
          keyframes: range.keyframes,
          segments: range.segments,
          bytes: range.bytes,
          gaps: range.gaps.map(gapJson),
          limits: {
            maxAgeDays: range.limits.maxAgeMs / 86_400_000,
            maxBytes: range.limits.maxBytes,
          },
          dropped: range.dropped && {
            before: iso(range.dropped.before),
            reason: range.dropped.reason,
          },
          ...(range.density && range.from !== null
            ? {
                density: {
                  from: iso(range.from),
                  to: iso(Math.max(range.to ?? now, now)),
                  counts: range.density,
                },
              }
            : {}),
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/history$/,
      async handle({ res, query }) {
        const store = storeOf(history);
        const parsed = parseQuery(query, historyQuerySchema);
        const now = Date.now();
        const from = parsed.from ?? store.range().from ?? now;
        const to = parsed.to ?? now;
        const { records, late, truncated } = await store.between(
          from,
          to,
          parsed.limit,
          parsed.order === 'newest',
        );
        sendJson(res, 200, {
          from: iso(from),
          to: iso(to),
          changes: records.flatMap((record) =>
            record.k === 'key' || record.k === 'stop' || record.k === 'late'
              ? []
              : [changeJson(record, late)],
          ),
          truncated,
        });
      },
    },
  ];
}
