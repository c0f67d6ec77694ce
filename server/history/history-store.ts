import fs from 'node:fs';
import path from 'node:path';

import {
  initialWriterState,
  planRecords,
  type KeyframePolicy,
  type PatchStep,
  type WriterState,
} from '@/lib/history/plan';
import {
  densityOf,
  gapsOf,
  rebuildAt,
  type GapMarker,
  type HistoryGap,
} from '@/lib/history/rebuild';
import {
  formatRecord,
  recordPieces,
  parseSegment,
  segmentFileName,
  type HistoryRecord,
  type LateEventsRecord,
} from '@/lib/history/records';
import { segmentByteLimit, segmentsToDrop, type RetentionLimits } from '@/lib/history/retention';
import { createCollectionOwner } from '@/lib/topology/collection-owner';
import { applyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import type { Logger } from '../logger';
import { indexFolder, readEntries, type SegmentIndex } from './segment-index';

export interface HistoryStoreOptions extends RetentionLimits {
  dir: string;
  logger: Logger;
  keyframes?: KeyframePolicy;
  /** Queued patches are written this often (ms). */
  flushMs?: number;
  /** A segment older than this starts a new one, so retention by age can act. */
  segmentMs?: number;
  now?: () => number;
  /** Lets the event loop run between the pieces of a keyframe (see `recordPieces`). */
  giveTurn?: () => Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * One patch as the recorder hands it over. The topology after it is given with the first patch
 * (and after one that does not follow the last): the store follows the rest from the patches.
 */
export type RecordedStep = Omit<PatchStep, 'after'> & { after?: Topology };

/** What the store holds, for `GET /api/history/range`. */
export interface HistoryRange {
  /** Time of the first and last record kept (ms), null when nothing is. */
  from: number | null;
  to: number | null;
  changes: number;
  keyframes: number;
  segments: number;
  bytes: number;
  gaps: HistoryGap[];
  limits: { maxAgeMs: number; maxBytes: number };
  /** The oldest data retention removed since this server started, and why. */
  dropped: { before: number; reason: 'age' | 'size' } | null;
}

/**
 * The history store: append-only JSON-lines segments under one folder (see lib/history/records).
 * The hub's listener only queues a patch (`append`); a timer turns the queue into records
 * (lib/history/plan) and appends them, so neither serialising nor the disk is on the live path.
 * An in-memory index of every record's time and position makes a moment cost one keyframe and the
 * patches after it.
 */
/**
 * What a segment holds beyond the keyframe it opens with. NOTE: the size limit counts only this:
 * at 10,000 containers a keyframe (~18 MB) outgrew the whole limit (16 MB), so every change
 * opened a new segment with a new keyframe, writing 18 MB per change (found by bench:scale).
 */
/** A record's line, with a turn of the event loop between its pieces (see `recordPieces`). */
async function formatGivingTurns(record: HistoryRecord, giveTurn: () => Promise<void>) {
  let line = '';
  for (const piece of recordPieces(record)) {
    if (line !== '') await giveTurn();
    line += piece;
  }
  return line;
}

function bytesAfterKeyframe(segment: SegmentIndex): number {
  // NOTE: a segment opens with its first change, then the keyframe after it (lib/history/plan).
  const opening = segment.entries.find((entry) => entry.k === 'key');
  return segment.bytes - (opening?.length ?? 0);
}

export function createHistoryStore({
  dir,
  logger,
  maxAgeMs,
  maxBytes,
  keyframes = { everyPatches: 500, everyMs: 10 * 60_000 },
  flushMs = 200,
  segmentMs = Math.min(60 * 60_000, Math.max(60_000, Math.floor(maxAgeMs / 24))),
  now = Date.now,
  giveTurn = nextTurn,
}: HistoryStoreOptions) {
  const log = logger.child({ component: 'history' });
  const { segments, markers } = indexFolder(dir);
  const lastOnDisk = segments.at(-1)?.end ?? null;
  let writer: WriterState = initialWriterState(lastOnDisk);
  let current: SegmentIndex | null = null;
  let queue: (RecordedStep | LateEventsRecord)[] = [];
  /**
   * The topology after the last patch planned, the store's own: written in place as patches are
   * planned, so a keyframe costs its serialising and a patch what it changes.
   */
  const mirrorOwner = createCollectionOwner();
  let mirror: Topology | null = null;
  const follow = (step: RecordedStep): PatchStep => {
    mirror = step.after
      ? mirrorOwner.share(step.after)
      : applyPatch(mirror, step.patch, mirrorOwner);
    return { ...step, after: mirror };
  };
  let writing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let dropped: HistoryRange['dropped'] = null;
  let closed = false;
  const segmentBytes = segmentByteLimit(maxBytes);

  const startSegment = (t: number): SegmentIndex => {
    const name = segmentFileName(t);
    const segment = { name, file: path.join(dir, name), start: t, end: t, bytes: 0, entries: [] };
    segments.push(segment);
    return segment;
  };

  /** Turns the queue into lines, segment by segment, and appends them. */
  const writeQueued = async () => {
    const steps = queue;
    queue = [];
    const chunks: { segment: SegmentIndex; lines: string[] }[] = [];
    for (const step of steps) {
      // NOTE: late events go where the writer is; before any patch of this run they have no change to join.
      if ('k' in step && !current) continue;
      const fresh =
        !('k' in step) &&
        (!current ||
          bytesAfterKeyframe(current) >= segmentBytes ||
          step.t - current.start >= segmentMs);
      if (fresh) current = startSegment(step.t);
      const segment = current as SegmentIndex;
      let planned: HistoryRecord[] = [step as LateEventsRecord];
      if (!('k' in step)) {
        const plan = planRecords(writer, follow(step), keyframes, fresh);
        writer = plan.state;
        planned = plan.records;
      }
      let chunk = chunks.at(-1);
      if (chunk?.segment !== segment) chunks.push((chunk = { segment, lines: [] }));
      for (const record of planned) {
        // NOTE: a keyframe gives the event loop turns while it is serialised; the mirror it
        // shows changes only in this loop (`follow`), so it holds still meanwhile.
        const line =
          record.k === 'key' ? await formatGivingTurns(record, giveTurn) : formatRecord(record);
        const length = Buffer.byteLength(line);
        segment.entries.push({ t: record.t, k: record.k, offset: segment.bytes, length });
        segment.bytes += length;
        segment.end = record.t;
        chunk.lines.push(line);
        if (record.k === 'gap') markers.push(record);
        if (record.k === 'key') markers.push({ k: 'key', t: record.t, stale: record.stale });
      }
    }
    for (const { segment, lines } of chunks) {
      await fs.promises.appendFile(segment.file, lines.join(''), { mode: 0o600 });
    }
    if (chunks.length > 1 || (chunks.length === 1 && segments.length > 1)) applyRetention();
  };

  const applyRetention = () => {
    const decision = segmentsToDrop(segments, now(), { maxAgeMs, maxBytes });
    if (decision.drop.length === 0 || !decision.reason) return;
    for (const segment of decision.drop) {
      segments.splice(segments.indexOf(segment), 1);
      fs.rmSync(segment.file, { force: true });
    }
    const before = segments[0]?.start ?? now();
    while (markers.length > 0 && (markers[0]?.t ?? Infinity) < before) markers.shift();
    dropped = { before, reason: decision.reason };
    log.info('history trimmed', { segments: decision.drop.length, reason: decision.reason });
  };

  /** Waits until everything queued so far is on disk. */
  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    writing = writing.then(writeQueued).catch((error: unknown) => {
      log.error('history write failed', { error });
    });
    return writing;
  };

  /** The segment that holds moment `at`: the last one that starts at or before it. */
  const segmentAt = (at: number): SegmentIndex | null => {
    let found: SegmentIndex | null = null;
    for (const segment of segments) if (segment.start <= at) found = segment;
    return found;
  };

  const readRecords = async (segment: SegmentIndex, from: number, to: number) =>
    parseSegment(await readEntries(segment, from, to)).records;

  return {
    /** Queues a patch (the live path: no I/O, no serialising). */
    append(step: RecordedStep) {
      if (closed) return;
      queue.push(step);
      timer ??= setTimeout(() => void flush(), flushMs);
      timer.unref?.();
    },
    /** Queues events that arrived after the change (version `to`) they describe was appended. */
    appendLate(t: number, to: number, events: LateEventsRecord['events']) {
      if (closed) return;
      queue.push({ k: 'late', t, to, events });
      timer ??= setTimeout(() => void flush(), flushMs);
      timer.unref?.();
    },
    flush,
    /** The topology at `at` as recorded, or null when no keyframe is that old. */
    async topologyAt(at: number): Promise<Topology | null> {
      await flush();
      const segment = segmentAt(at);
      if (!segment) return null;
      let last = segment.entries.length - 1;
      while (last >= 0 && (segment.entries[last]?.t ?? Infinity) > at) last -= 1;
      let key = last;
      while (key >= 0 && segment.entries[key]?.k !== 'key') key -= 1;
      if (key < 0) return null;
      return rebuildAt(await readRecords(segment, key, last), at);
    },
    /**
     * The changes and gaps between two moments (inclusive), at most `limit` of them: the oldest
     * ones, or with `newestFirst` the newest ones (newest first); and the late events recorded
     * for them (up to `lateMs` after `to`, since a late event follows its change).
     */
    async between(from: number, to: number, limit: number, newestFirst = false, lateMs = 60_000) {
      await flush();
      const chosen: { segment: SegmentIndex; index: number }[] = [];
      const ordered = newestFirst ? [...segments].reverse() : segments;
      let truncated = false;
      let counted = 0;
      for (const segment of ordered) {
        if (segment.end < from || segment.start > to + lateMs) continue;
        const { entries } = segment;
        for (let step = 0; step < entries.length; step++) {
          const index = newestFirst ? entries.length - 1 - step : step;
          const entry = entries[index];
          if (!entry || entry.t < from || entry.t > to + lateMs) continue;
          if (entry.k === 'late') chosen.push({ segment, index });
          if ((entry.k !== 'patch' && entry.k !== 'gap') || entry.t > to || truncated) continue;
          if (counted >= limit) {
            truncated = true;
            continue;
          }
          counted += 1;
          chosen.push({ segment, index });
        }
      }
      const records: HistoryRecord[] = [];
      const late: LateEventsRecord[] = [];
      for (const segment of ordered) {
        const indices = chosen.filter((item) => item.segment === segment).map((item) => item.index);
        if (indices.length === 0) continue;
        const low = Math.min(...indices);
        const high = Math.max(...indices);
        const read = await readRecords(segment, low, high);
        // NOTE: every indexed line is whole, so the parsed records line up with the entries.
        const wanted = new Set(indices);
        const picked = read.filter((_record, offset) => wanted.has(low + offset));
        late.push(...picked.flatMap((record) => (record.k === 'late' ? [record] : [])));
        const changes = picked.filter((record) => record.k !== 'late');
        records.push(...(newestFirst ? changes.reverse() : changes));
      }
      return { records, late, truncated };
    },
    range(buckets = 0): HistoryRange & { density?: number[] } {
      const times = segments.flatMap((segment) =>
        segment.entries.filter((entry) => entry.k === 'patch').map((entry) => entry.t),
      );
      const from = segments[0]?.start ?? null;
      const to = segments.at(-1)?.end ?? null;
      const range: HistoryRange & { density?: number[] } = {
        from,
        to,
        changes: times.length,
        keyframes: markers.filter((marker) => marker.k === 'key').length,
        segments: segments.length,
        bytes: segments.reduce((sum, segment) => sum + segment.bytes, 0),
        gaps: gapsOf(markers as GapMarker[]),
        limits: { maxAgeMs, maxBytes },
        dropped,
      };
      if (buckets > 0 && from !== null && to !== null) {
        range.density = densityOf(times, from, Math.max(to, now()), buckets);
      }
      return range;
    },
    /** Writes what is queued, then a stop record: the next run's restart gap starts there. */
    async close() {
      if (closed) return;
      closed = true;
      await flush();
      if (!current || writer.version === null) return;
      const line = formatRecord({ k: 'stop', t: now() });
      await fs.promises.appendFile(current.file, line, { mode: 0o600 });
    },
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
