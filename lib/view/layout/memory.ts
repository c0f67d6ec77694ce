/*
 * What a layout remembers for one grouping: where each element was put (by id, with the region it
 * was in) and the frame of each region. An element that leaves the graph (a filter, a search, a
 * removal) and comes back is put back where it was; a region keeps its frame while it is hidden.
 * `LayoutSnapshot` is the plain, storable form (a browser keeps it between visits).
 */
import type { Region } from './model';

export interface RememberedPosition {
  x: number;
  y: number;
  region: string;
}

/** A region's frame without the group it draws (that comes from the graph of the day). */
export type RegionFrame = Omit<Region, 'group'>;

/** The storable form: rounded numbers, arrays rather than objects (it can hold thousands). */
export interface LayoutSnapshot {
  v: 1;
  /** [id, kind, shape, network, x, y, w, h, inner x, inner y, inner w, inner h] */
  frames: [string, Region['kind'], Region['shape'], string | null, ...number[]][];
  /** [id, x, y, region] */
  positions: [string, number, number, string][];
}

/** Elements remembered per grouping; the ones not seen the longest are forgotten first. */
export const MAX_REMEMBERED = 6_000;
const MAX_FRAMES = 1_000;

const round = (value: number) => Math.round(value * 10) / 10;

export class LayoutMemory {
  /** NOTE: a Map keeps insertion order; `remember` re-inserts, so the oldest come first. */
  readonly positions = new Map<string, RememberedPosition>();
  readonly frames = new Map<string, RegionFrame>();

  get empty(): boolean {
    return this.frames.size === 0;
  }

  clear() {
    this.positions.clear();
    this.frames.clear();
  }

  remember(id: string, x: number, y: number, region: string) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    this.positions.delete(id);
    this.positions.set(id, { x, y, region });
  }

  /** Where `id` was in `region`, if it was there. */
  recall(id: string, region: string): RememberedPosition | null {
    const position = this.positions.get(id);
    return position && position.region === region ? position : null;
  }

  keepFrame(region: Region) {
    const { group: _group, ...frame } = region;
    this.frames.delete(region.id);
    this.frames.set(region.id, frame);
  }

  /** Forgets the oldest entries beyond the limits, never one in `present`. */
  prune(present: ReadonlySet<string>, maxPositions = MAX_REMEMBERED) {
    trim(this.positions, present, maxPositions);
    trim(this.frames, present, MAX_FRAMES);
  }

  toSnapshot(): LayoutSnapshot {
    return {
      v: 1,
      frames: [...this.frames.values()].map((f) => [
        f.id,
        f.kind,
        f.shape,
        f.network,
        ...[f.rect.x, f.rect.y, f.rect.w, f.rect.h, f.inner.x, f.inner.y, f.inner.w, f.inner.h].map(
          round,
        ),
      ]),
      positions: [...this.positions].map(([id, p]) => [id, round(p.x), round(p.y), p.region]),
    };
  }

  /** Reads a snapshot (from storage: anything malformed is skipped). */
  static fromSnapshot(data: unknown): LayoutMemory {
    const memory = new LayoutMemory();
    if (!isRecord(data) || data.v !== 1) return memory;
    for (const entry of Array.isArray(data.frames) ? data.frames : []) {
      const frame = frameOf(entry);
      if (frame) memory.frames.set(frame.id, frame);
    }
    for (const entry of Array.isArray(data.positions) ? data.positions : []) {
      if (!Array.isArray(entry)) continue;
      const [id, x, y, region] = entry as unknown[];
      if (typeof id === 'string' && typeof region === 'string' && finite(x) && finite(y)) {
        memory.positions.set(id, { x, y, region });
      }
    }
    return memory;
  }
}

function trim<V>(map: Map<string, V>, present: ReadonlySet<string>, max: number) {
  let excess = map.size - max;
  if (excess <= 0) return;
  for (const id of map.keys()) {
    if (excess <= 0) break;
    if (present.has(id)) continue;
    map.delete(id);
    excess--;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

const KINDS: readonly Region['kind'][] = ['host', 'swarm', 'cluster'];
const SHAPES: readonly Region['shape'][] = ['rect', 'circle'];

function frameOf(entry: unknown): RegionFrame | null {
  if (!Array.isArray(entry) || entry.length !== 12) return null;
  const [id, kind, shape, network, ...numbers] = entry as unknown[];
  if (typeof id !== 'string' || !KINDS.includes(kind as Region['kind'])) return null;
  if (!SHAPES.includes(shape as Region['shape'])) return null;
  if (network !== null && typeof network !== 'string') return null;
  if (!numbers.every(finite)) return null;
  const [x, y, w, h, ix, iy, iw, ih] = numbers as number[];
  if (!((w ?? 0) > 0 && (h ?? 0) > 0 && (iw ?? 0) > 0 && (ih ?? 0) > 0)) return null;
  return {
    id,
    kind: kind as Region['kind'],
    shape: shape as Region['shape'],
    network,
    rect: { x: x ?? 0, y: y ?? 0, w: w ?? 1, h: h ?? 1 },
    inner: { x: ix ?? 0, y: iy ?? 0, w: iw ?? 1, h: ih ?? 1 },
  };
}
