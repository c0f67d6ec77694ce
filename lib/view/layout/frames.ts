/*
 * Region frames across updates. A region keeps the frame it was given. A new region goes where it
 * adds the least to the map, beside the others. A region that has become too full grows (a host
 * downwards, the swarm band upwards, a network's circle outwards), and only what it would then
 * cover moves out of its way, rigidly, its members with it.
 */
import type { Rect } from '../geometry';
import type { RegionFrame } from './memory';
import type { Region } from './model';

/** Room left between regions (as the packing of a first layout leaves). */
const GAP = 40;
/**
 * A region grows when its members need this many times its inner area (a fresh layout fills
 * regions up to ~1.2)...
 */
const GROW_AT = 1.45;
/** ...until they need this many times its inner area. */
export const GROW_TO = 1.15;

export interface Shift {
  dx: number;
  dy: number;
}

export interface CarriedFrames {
  /** Every frame, shown or not (a hidden region is pushed out of the way too). */
  frames: Map<string, RegionFrame>;
  /** The regions of the graph, in its order, on their frames. */
  regions: Region[];
  /** Frames moved out of a growing region's way: id → how far (their members go with them). */
  shifts: Map<string, Shift>;
}

/** How much a region's members can use: its inner rectangle, or its inner circle. */
export function capacityOf(frame: RegionFrame): number {
  const { w, h } = frame.inner;
  return frame.shape === 'circle' ? Math.PI * (w / 2) ** 2 : w * h;
}

/**
 * The regions of an update on the frames they had (`kept`); `wanted`: the regions a fresh layout
 * would make (sizes and order for new ones); `load`: region id → the area its members need.
 */
export function carryFrames(
  kept: ReadonlyMap<string, RegionFrame>,
  wanted: readonly Region[],
  load: ReadonlyMap<string, number>,
  aspect: number,
): CarriedFrames {
  const frames = new Map(kept);
  const shifts = new Map<string, Shift>();
  // The swarm band first: it goes above everything.
  const ordered = [...wanted].sort(
    (a, b) => Number(b.kind === 'swarm') - Number(a.kind === 'swarm'),
  );
  for (const region of ordered) {
    if (frames.has(region.id)) continue;
    const { group: _group, ...frame } = region;
    frames.set(region.id, placeNew(frames, frame, aspect));
  }
  for (const region of wanted) {
    const frame = frames.get(region.id);
    const need = load.get(region.id) ?? 0;
    if (!frame || need <= capacityOf(frame) * GROW_AT) continue;
    grow(frames, frame, need / GROW_TO, shifts);
  }
  const regions = wanted.map((region) => {
    const frame = frames.get(region.id);
    return frame ? { ...frame, group: region.group } : region;
  });
  return { frames, regions, shifts };
}

/** The same frame with its outline at `rect` (the inner rectangle keeps its margins). */
function moved(frame: RegionFrame, dx: number, dy: number): RegionFrame {
  const { rect, inner } = frame;
  return {
    ...frame,
    rect: { ...rect, x: rect.x + dx, y: rect.y + dy },
    inner: { ...inner, x: inner.x + dx, y: inner.y + dy },
  };
}

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return (
    a.x < b.x + b.w + gap && a.x + a.w + gap > b.x && a.y < b.y + b.h + gap && a.y + a.h + gap > b.y
  );
}

function boundsOfRects(rects: readonly Rect[]): Rect {
  const x0 = Math.min(...rects.map((r) => r.x));
  const y0 = Math.min(...rects.map((r) => r.y));
  const x1 = Math.max(...rects.map((r) => r.x + r.w));
  const y1 = Math.max(...rects.map((r) => r.y + r.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * A new region: the swarm band above everything; anything else beside or under a region already
 * there, where the map stays smallest and closest to the screen's shape.
 */
export function placeNew(
  frames: ReadonlyMap<string, RegionFrame>,
  frame: RegionFrame,
  aspect: number,
): RegionFrame {
  const others = [...frames.values()].map((other) => other.rect);
  const { rect } = frame;
  if (others.length === 0) return moved(frame, -rect.x, -rect.y);
  const bounds = boundsOfRects(others);
  if (frame.kind === 'swarm') {
    const band = moved(frame, bounds.x - rect.x, bounds.y - GAP - rect.h - rect.y);
    const extra = Math.max(0, bounds.w - rect.w);
    return {
      ...band,
      rect: { ...band.rect, w: rect.w + extra },
      inner: { ...band.inner, w: band.inner.w + extra },
    };
  }
  const candidates = others.flatMap((other) => [
    { x: other.x + other.w + GAP, y: other.y },
    { x: other.x, y: other.y + other.h + GAP },
  ]);
  let best: { x: number; y: number } = { x: bounds.x, y: bounds.y + bounds.h + GAP };
  let bestScore = Infinity;
  for (const at of candidates) {
    const placed = { ...rect, x: at.x, y: at.y };
    if (others.some((other) => overlaps(placed, other, GAP / 2))) continue;
    const all = boundsOfRects([...others, placed]);
    const score = all.w * all.h * (1 + Math.abs(Math.log(all.w / all.h / aspect)));
    if (score < bestScore) {
      bestScore = score;
      best = at;
    }
  }
  return moved(frame, best.x - rect.x, best.y - rect.y);
}

function addShift(shifts: Map<string, Shift>, id: string, dx: number, dy: number) {
  const shift = shifts.get(id) ?? { dx: 0, dy: 0 };
  shifts.set(id, { dx: shift.dx + dx, dy: shift.dy + dy });
}

/**
 * Grows the frame `id` to an inner area of `area` (a region with no free room for a newcomer);
 * returns the frames moved out of its way.
 */
export function growFrame(
  frames: Map<string, RegionFrame>,
  id: string,
  area: number,
): Map<string, Shift> {
  const shifts = new Map<string, Shift>();
  const frame = frames.get(id);
  if (frame) grow(frames, frame, area, shifts);
  return shifts;
}

/** Grows `frame` to an inner area of `area`, moving what it would cover out of its way. */
function grow(
  frames: Map<string, RegionFrame>,
  frame: RegionFrame,
  area: number,
  shifts: Map<string, Shift>,
) {
  if (frame.shape === 'circle') growCircle(frames, frame, area, shifts);
  else growRect(frames, frame, area, shifts);
}

/**
 * A host grows downwards (its row's other hosts with it, as a frame only) and the rows under it
 * move down; the swarm band grows upwards, where nothing is.
 */
function growRect(
  frames: Map<string, RegionFrame>,
  frame: RegionFrame,
  area: number,
  shifts: Map<string, Shift>,
) {
  const dh = area / frame.inner.w - frame.inner.h;
  if (dh <= 0) return;
  const taller = (f: RegionFrame, up: boolean): RegionFrame => ({
    ...f,
    rect: { ...f.rect, y: f.rect.y - (up ? dh : 0), h: f.rect.h + dh },
    inner: { ...f.inner, y: f.inner.y - (up ? dh : 0), h: f.inner.h + dh },
  });
  if (frame.kind === 'swarm') {
    frames.set(frame.id, taller(frame, true));
    return;
  }
  const { y, h } = frame.rect;
  for (const [id, other] of frames) {
    if (other.kind === 'swarm') continue;
    const sameRow = Math.abs(other.rect.y - y) < 0.5 && Math.abs(other.rect.h - h) < 0.5;
    if (sameRow) {
      frames.set(id, taller(other, false));
    } else if (other.rect.y >= y + h - 0.5) {
      frames.set(id, moved(other, 0, dh));
      addShift(shifts, id, 0, dh);
    }
  }
}

function centre(frame: RegionFrame) {
  return { x: frame.rect.x + frame.rect.w / 2, y: frame.rect.y + frame.rect.h / 2 };
}

/** A network's circle grows about its centre; circles it would touch are pushed straight away. */
function growCircle(
  frames: Map<string, RegionFrame>,
  frame: RegionFrame,
  area: number,
  shifts: Map<string, Shift>,
) {
  const scale = Math.sqrt(area / Math.PI) / (frame.inner.w / 2);
  if (scale <= 1) return;
  const c = centre(frame);
  const scaled = (r: Rect): Rect => ({
    x: c.x - (c.x - r.x) * scale,
    y: c.y - (c.y - r.y) * scale,
    w: r.w * scale,
    h: r.h * scale,
  });
  frames.set(frame.id, { ...frame, rect: scaled(frame.rect), inner: scaled(frame.inner) });
  // NOTE: a push can make another overlap: the pushed ones push in turn, from the grown one out.
  const queue = [frame.id];
  const settledIds = new Set<string>();
  for (let guard = 0; queue.length > 0 && guard < frames.size * 8; guard++) {
    const id = queue.shift() as string;
    settledIds.add(id);
    const pusher = frames.get(id) as RegionFrame;
    const p = centre(pusher);
    for (const [otherId, other] of frames) {
      if (settledIds.has(otherId)) continue;
      const o = centre(other);
      const distance = Math.hypot(o.x - p.x, o.y - p.y);
      const needed = (pusher.rect.w + other.rect.w) / 2 + GAP / 2;
      if (distance >= needed) continue;
      const ux = distance > 0 ? (o.x - p.x) / distance : 1;
      const uy = distance > 0 ? (o.y - p.y) / distance : 0;
      const push = needed - distance;
      frames.set(otherId, moved(other, ux * push, uy * push));
      addShift(shifts, otherId, ux * push, uy * push);
      if (!queue.includes(otherId)) queue.push(otherId);
    }
  }
}
