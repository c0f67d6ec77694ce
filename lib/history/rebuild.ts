import { createCollectionOwner } from '@/lib/topology/collection-owner';
import { applyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import type { GapRecord, HistoryRecord, KeyframeRecord } from './records';

/** What finding the gaps needs of the records: gaps, and keyframes' stale engines. */
export type GapMarker = GapRecord | Pick<KeyframeRecord, 'k' | 't' | 'stale'>;

/**
 * The topology at time `at`, rebuilt from the records that lead up to it: the last keyframe at or
 * before `at`, then every patch after it up to `at`. Null when no keyframe is that old.
 * NOTE: `records` are in time order and may start anywhere; only the tail from the last suitable
 * keyframe is applied, so the cost is bounded by the keyframe interval, not the history's length.
 */
export function rebuildAt(records: readonly HistoryRecord[], at: number): Topology | null {
  let end = records.length;
  while (end > 0 && (records[end - 1]?.t ?? Infinity) > at) end -= 1;
  let start = end - 1;
  while (start >= 0 && records[start]?.k !== 'key') start -= 1;
  const keyframe = records[start];
  if (!keyframe || keyframe.k !== 'key') return null;
  // NOTE: the keyframe is the caller's: its collections are copied once, then written in place.
  const owner = createCollectionOwner();
  let topology = owner.share(keyframe.topology);
  for (let index = start + 1; index < end; index++) {
    const record = records[index];
    if (record?.k === 'patch') topology = applyPatch(topology, record.patch, owner);
  }
  return topology;
}

/** A span of time the store cannot answer for in full. */
export interface HistoryGap {
  from: number;
  /** Null while it lasts. */
  to: number | null;
  reason: GapRecord['reason'];
  engine?: string;
}

/**
 * The gaps the records describe. A restart gap spans from the last record before the restart to
 * the restart; a version gap from when it was noticed to the next keyframe; an engine gap until a
 * keyframe shows the engine live again.
 */
export function gapsOf(records: readonly (GapMarker | HistoryRecord)[]): HistoryGap[] {
  const gaps: HistoryGap[] = [];
  const open: HistoryGap[] = [];
  for (const record of records) {
    if (record.k === 'gap') {
      const gap: HistoryGap = {
        from: record.reason === 'restart' ? record.since : record.t,
        to: record.reason === 'restart' ? record.t : null,
        reason: record.reason,
        ...(record.engine === undefined ? {} : { engine: record.engine }),
      };
      gaps.push(gap);
      if (gap.to === null) open.push(gap);
    } else if (record.k === 'key') {
      // NOTE: an engine's gap ends at the first keyframe that shows it live again; other gaps
      // (and every gap, after a restart) at the next keyframe.
      for (const gap of open.splice(0)) {
        if (gap.engine !== undefined && record.stale.includes(gap.engine)) open.push(gap);
        else gap.to = record.t;
      }
    }
  }
  return gaps;
}

/** The gap in which nothing at all was recorded at `at` (a restart), if any. */
export function blindSpotAt(gaps: readonly HistoryGap[], at: number): HistoryGap | null {
  return (
    gaps.find((gap) => gap.reason === 'restart' && gap.from < at && at < (gap.to ?? Infinity)) ??
    null
  );
}

/** How many of the sorted `times` fall in each of `buckets` equal slices of [from, to]. */
export function densityOf(
  times: readonly number[],
  from: number,
  to: number,
  buckets: number,
): number[] {
  const counts = new Array<number>(buckets).fill(0);
  const span = Math.max(1, to - from);
  for (const time of times) {
    if (time < from || time > to) continue;
    const index = Math.min(buckets - 1, Math.floor(((time - from) / span) * buckets));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return counts;
}
