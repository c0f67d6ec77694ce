'use client';

import { useEffect, useState } from 'react';

import type { Topology } from '@/lib/topology/types';

export type PastState =
  | { status: 'live' }
  | { status: 'loading'; at: number; topology: Topology | null }
  | { status: 'ok'; at: number; topology: Topology }
  | { status: 'error'; at: number; message: string };

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as {
    error?: string;
    fields?: Record<string, string>;
  } | null;
  return body?.fields?.at ?? body?.error ?? `The server answered ${response.status}.`;
}

/**
 * The topology at a past moment (`at`, ms), from `GET /api/topology?at=`; `live` without one.
 * While the next moment loads, the last one stays on screen (no flash of an empty map).
 */
export function usePastTopology(at: number | undefined): PastState {
  const [answer, setAnswer] = useState<
    { at: number; topology: Topology } | { at: number; message: string } | null
  >(null);
  useEffect(() => {
    if (at === undefined) return;
    const controller = new AbortController();
    fetch(`/api/topology?at=${encodeURIComponent(new Date(at).toISOString())}`, {
      signal: controller.signal,
    })
      .then(async (response) => {
        if (!response.ok) setAnswer({ at, message: await errorMessage(response) });
        else setAnswer({ at, topology: (await response.json()) as Topology });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setAnswer({ at, message: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, [at]);
  if (at === undefined) return { status: 'live' };
  if (answer?.at === at) {
    return 'topology' in answer
      ? { status: 'ok', at, topology: answer.topology }
      : { status: 'error', at, message: answer.message };
  }
  return {
    status: 'loading',
    at,
    topology: answer && 'topology' in answer ? answer.topology : null,
  };
}

/** The kept range and the density of changes over it, from `GET /api/history/range`. */
export interface HistoryRangeView {
  from: number | null;
  now: number;
  counts: number[];
  gaps: { from: number; to: number | null; reason: string; engine?: string }[];
}

interface RangeBody {
  from: string | null;
  now: string;
  gaps: { from: string; to: string | null; reason: string; engine?: string }[];
  density?: { counts: number[] };
}

/** Polls the range while the page is open (changes keep coming while one looks at the past). */
export function useHistoryRange(buckets: number, refreshMs = 10_000) {
  const [range, setRange] = useState<HistoryRangeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = () =>
      fetch(`/api/history/range?buckets=${buckets}`)
        .then(async (response) => {
          if (cancelled) return;
          if (!response.ok) {
            setError(await errorMessage(response));
            return;
          }
          const body = (await response.json()) as RangeBody;
          setError(null);
          setRange({
            from: body.from === null ? null : Date.parse(body.from),
            now: Date.parse(body.now),
            counts: body.density?.counts ?? [],
            gaps: body.gaps.map((gap) => ({
              ...gap,
              from: Date.parse(gap.from),
              to: gap.to === null ? null : Date.parse(gap.to),
            })),
          });
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [buckets, refreshMs]);
  return { range, error };
}

/** The time of the change just before or just after `at`, or null when there is none. */
export async function neighbourChange(
  at: number,
  direction: 'previous' | 'next',
): Promise<number | null> {
  const params =
    direction === 'previous'
      ? `to=${new Date(at - 1).toISOString()}&order=newest&limit=1`
      : `from=${new Date(at + 1).toISOString()}&limit=1`;
  const response = await fetch(`/api/history?${params}`);
  if (!response.ok) return null;
  const body = (await response.json()) as { changes: { kind: string; time: string }[] };
  const change = body.changes[0];
  return change ? Date.parse(change.time) : null;
}
