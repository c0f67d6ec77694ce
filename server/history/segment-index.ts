import fs from 'node:fs';
import path from 'node:path';

import type { GapMarker } from '@/lib/history/rebuild';
import { parseRecord, segmentStart, type HistoryRecord } from '@/lib/history/records';

/** Where one record sits in its segment file. */
export interface IndexEntry {
  t: number;
  k: HistoryRecord['k'];
  offset: number;
  length: number;
}

/** One segment file and the position of each of its records. */
export interface SegmentIndex {
  name: string;
  file: string;
  start: number;
  end: number;
  bytes: number;
  entries: IndexEntry[];
}

const HEAD = /^\{"k":"(key|patch|gap|stop|late)","t":(\d+)[,}]/;
const NEWLINE = 0x0a;

/**
 * Indexes a segment without parsing its topologies: the kind and time lead every line, a
 * keyframe's stale engines come before its topology, and gap records are small.
 * NOTE: a line without its newline (a write torn by a crash) is left out.
 */
export function indexSegment(
  file: string,
  markers: GapMarker[],
): Omit<SegmentIndex, 'name' | 'file'> {
  const data = fs.readFileSync(file);
  const entries: IndexEntry[] = [];
  let offset = 0;
  while (offset < data.length) {
    const newline = data.indexOf(NEWLINE, offset);
    if (newline === -1) break;
    const head = data.toString('utf8', offset, Math.min(newline, offset + 64));
    const match = HEAD.exec(head);
    if (match) {
      const k = match[1] as IndexEntry['k'];
      const t = Number(match[2]);
      entries.push({ t, k, offset, length: newline + 1 - offset });
      if (k === 'gap') {
        const record = parseRecord(data.toString('utf8', offset, newline));
        if (record?.k === 'gap') markers.push(record);
      } else if (k === 'key') {
        const prefix = data.toString('utf8', offset, Math.min(newline, offset + 4096));
        const cut = prefix.indexOf(',"topology":');
        const parsed: unknown = cut === -1 ? null : JSON.parse(`${prefix.slice(0, cut)}}`);
        const stale = (parsed as { stale?: unknown } | null)?.stale;
        markers.push({ k: 'key', t, stale: Array.isArray(stale) ? stale.map(String) : [] });
      }
    }
    offset = newline + 1;
  }
  const first = entries[0]?.t ?? 0;
  return { start: first, end: entries.at(-1)?.t ?? first, bytes: data.length, entries };
}

/** Every segment in the folder, oldest first, with the gap markers they hold. */
export function indexFolder(dir: string): { segments: SegmentIndex[]; markers: GapMarker[] } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const markers: GapMarker[] = [];
  const segments = fs
    .readdirSync(dir)
    .filter((name) => segmentStart(name) !== null)
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      return { name, file, ...indexSegment(file, markers) };
    })
    .filter((segment) => segment.entries.length > 0);
  return { segments, markers };
}

/** Reads the bytes of entries `from`..`to` (inclusive) of a segment, as one string. */
export async function readEntries(
  segment: SegmentIndex,
  from: number,
  to: number,
): Promise<string> {
  const first = segment.entries[from];
  const last = segment.entries[to];
  if (!first || !last || to < from) return '';
  const length = last.offset + last.length - first.offset;
  const handle = await fs.promises.open(segment.file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, first.offset);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
