import type { DockerEvent } from '@/lib/docker/events';
import type { TopologyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

/**
 * The history store's file format: one JSON object per line, appended in time order. Times are
 * milliseconds since the epoch (server clock, when the record was made).
 * NOTE: plain JSON lines, so a segment can be read with `jq` or `grep`, a torn last line (a
 * crash mid-write) costs that line only, and no native package is needed.
 */
export type GapReason = 'restart' | 'engine' | 'version';

/** A whole topology: any later moment is rebuilt from the nearest keyframe before it. */
export interface KeyframeRecord {
  k: 'key';
  t: number;
  /** Engines the topology marks stale (written before it, so an index reads it cheaply). */
  stale: string[];
  topology: Topology;
  /** The events behind the change that came with this keyframe (when it replaced a patch). */
  events: DockerEvent[];
}

/** One patch the hub emitted, with the Docker events that arrived since the one before. */
export interface PatchRecord {
  k: 'patch';
  t: number;
  patch: TopologyPatch;
  events: DockerEvent[];
}

/**
 * Something Portolan did not see. `restart`: nothing was recorded between `since` and `t` (the
 * server was not running). `engine`: from `t` an engine was unreachable and its part of the map
 * may have missed changes until the next keyframe. `version`: the patches stopped following one
 * another (a resync). A keyframe always follows.
 */
export interface GapRecord {
  k: 'gap';
  t: number;
  reason: GapReason;
  since: number;
  engine?: string;
}

/**
 * Docker events that arrived after the change they describe was recorded (a full re-read found
 * it first): they belong to the change that left version `to` (lib/history/attribution.ts).
 */
export interface LateEventsRecord {
  k: 'late';
  t: number;
  to: number;
  events: DockerEvent[];
}

/** The server stopped cleanly: it had seen everything up to `t`. (A crash leaves none.) */
export interface StopRecord {
  k: 'stop';
  t: number;
}

export type HistoryRecord =
  KeyframeRecord | PatchRecord | GapRecord | StopRecord | LateEventsRecord;

export function formatRecord(record: HistoryRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** Elements per piece of `recordPieces`: a few milliseconds of serialising each. */
export const ELEMENTS_PER_PIECE = 500;

/**
 * `formatRecord(record)` in pieces (their concatenation is the same line), so a writer can give the
 * event loop a turn between them. A keyframe is split every ELEMENTS_PER_PIECE elements of its
 * topology's collections; any other record is one piece.
 * NOTE: at 10,000 containers a keyframe is ~18 MB of JSON: serialised at once it held every live
 * event back for the whole of it (found by bench:scale).
 */
export function* recordPieces(record: HistoryRecord): Generator<string> {
  if (record.k !== 'key') {
    yield formatRecord(record);
    return;
  }
  let piece = '{';
  let firstField = true;
  for (const [field, value] of Object.entries(record)) {
    if (value === undefined) continue;
    piece += `${firstField ? '' : ','}${JSON.stringify(field)}:`;
    firstField = false;
    if (field !== 'topology') {
      piece += JSON.stringify(value);
      continue;
    }
    piece += '{';
    let firstPart = true;
    for (const [part, collection] of Object.entries(record.topology)) {
      if (collection === undefined) continue;
      piece += `${firstPart ? '' : ','}${JSON.stringify(part)}:`;
      firstPart = false;
      if (typeof collection !== 'object' || collection === null || Array.isArray(collection)) {
        piece += JSON.stringify(collection);
        continue;
      }
      piece += '{';
      let count = 0;
      for (const [id, element] of Object.entries(collection as Record<string, unknown>)) {
        if (element === undefined) continue;
        piece += `${count === 0 ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(element)}`;
        count += 1;
        if (count % ELEMENTS_PER_PIECE === 0) {
          yield piece;
          piece = '';
        }
      }
      piece += '}';
    }
    piece += '}';
  }
  yield `${piece}}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one line back; null for a line that is not a record (torn by a crash, or written by a
 * newer version). Checks the shape's frame, not every element: the writer is Portolan itself.
 */
export function parseRecord(line: string): HistoryRecord | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(raw) || typeof raw.t !== 'number' || !Number.isFinite(raw.t)) return null;
  switch (raw.k) {
    case 'key':
      return isObject(raw.topology) &&
        typeof raw.topology.version === 'number' &&
        Array.isArray(raw.stale) &&
        Array.isArray(raw.events)
        ? (raw as unknown as KeyframeRecord)
        : null;
    case 'patch':
      return isObject(raw.patch) &&
        typeof raw.patch.from === 'number' &&
        typeof raw.patch.to === 'number' &&
        Array.isArray(raw.patch.ops) &&
        Array.isArray(raw.events)
        ? (raw as unknown as PatchRecord)
        : null;
    case 'gap':
      return (raw.reason === 'restart' || raw.reason === 'engine' || raw.reason === 'version') &&
        typeof raw.since === 'number' &&
        (raw.engine === undefined || typeof raw.engine === 'string')
        ? (raw as unknown as GapRecord)
        : null;
    case 'stop':
      return { k: 'stop', t: raw.t };
    case 'late':
      return typeof raw.to === 'number' && Array.isArray(raw.events)
        ? (raw as unknown as LateEventsRecord)
        : null;
    default:
      return null;
  }
}

/** Parses a segment's text: its records in order, and how many lines were not records. */
export function parseSegment(text: string): { records: HistoryRecord[]; skipped: number } {
  const records: HistoryRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (record) records.push(record);
    else skipped += 1;
  }
  return { records, skipped };
}

/** A segment file's name holds its first record's time, so listing the folder orders them. */
export function segmentFileName(startMs: number): string {
  return `${String(startMs).padStart(15, '0')}.jsonl`;
}

export function segmentStart(fileName: string): number | null {
  const match = /^(\d{1,16})\.jsonl$/.exec(fileName);
  return match ? Number(match[1]) : null;
}
