/*
 * Wiring between the swarm band and the host regions. A straight (or bent) edge from an overlay
 * in the band to a task on the last host crosses every host between them; instead such edges
 * leave the band straight down, run along the gap under it (a bus the edges share, so they read
 * as one bundle), go down the corridors between hosts to the gap above the target's row, and
 * drop into the target's region from the top. They never cross a region that is not one of
 * their two ends.
 */
import type { Rect } from './geometry';

export interface Point {
  x: number;
  y: number;
}

/** A region as routing sees it: an id and its outline. */
export interface RouteRegion {
  id: string;
  kind: 'host' | 'swarm' | 'cluster' | 'stack';
  rect: Rect;
}

interface Row {
  top: number;
  bottom: number;
  /** x of the free corridors through this row (between hosts, and beside the outer ones). */
  corridors: number[];
}

/** What routing needs from the regions: the band, the host rows and the gaps between them. */
export interface RoutePlan {
  band: RouteRegion;
  /** Host region id → its row. */
  rowOf: Map<string, number>;
  rows: Row[];
  /** y of the gap above each row (the first: between the band and the first row). */
  gaps: number[];
}

/** The plan for grouping by node; null without a swarm band or hosts (nothing to route). */
export function routePlan(regions: readonly RouteRegion[]): RoutePlan | null {
  const band = regions.find((region) => region.kind === 'swarm');
  const hosts = regions.filter((region) => region.kind === 'host');
  if (!band || hosts.length === 0) return null;
  const tops = [...new Set(hosts.map((host) => host.rect.y))].sort((a, b) => a - b);
  const rowOf = new Map<string, number>();
  const rows: Row[] = tops.map((top, index) => {
    const members = hosts.filter((host) => host.rect.y === top).sort((a, b) => a.rect.x - b.rect.x);
    for (const host of members) rowOf.set(host.id, index);
    const first = members[0]!.rect;
    const last = members[members.length - 1]!.rect;
    const corridors = [first.x - 12, last.x + last.w + 12];
    for (let i = 0; i + 1 < members.length; i++) {
      const left = members[i]!.rect;
      const right = members[i + 1]!.rect;
      corridors.push((left.x + left.w + right.x) / 2);
    }
    const bottom = Math.max(...members.map((host) => host.rect.y + host.rect.h));
    return { top, bottom, corridors: corridors.sort((a, b) => a - b) };
  });
  const bandBottom = band.rect.y + band.rect.h;
  const gaps = rows.map((row, index) => {
    const above = index === 0 ? bandBottom : rows[index - 1]!.bottom;
    return (above + row.top) / 2;
  });
  return { band, rowOf, rows, gaps };
}

/**
 * The route from a point in the band to a point in host region `hostId`, as a polyline from
 * `from` to `to`; null when `hostId` is not a host of the plan.
 */
export function bandRoute(plan: RoutePlan, from: Point, to: Point, hostId: string): Point[] | null {
  const row = plan.rowOf.get(hostId);
  if (row === undefined) return null;
  const points: Point[] = [from, { x: from.x, y: plan.gaps[0]! }];
  for (let i = 0; i < row; i++) {
    // Down the corridor through row i nearest to where the edge is going.
    const corridor = nearest(plan.rows[i]!.corridors, to.x);
    points.push({ x: corridor, y: plan.gaps[i]! }, { x: corridor, y: plan.gaps[i + 1]! });
  }
  points.push({ x: to.x, y: plan.gaps[row]! }, to);
  return dedupe(points);
}

/**
 * The route of an edge between `a` (in region `aRegion`) and `b` (in `bRegion`), in a→b order,
 * when one end is in the band and the other in a host; null for any other edge.
 */
export function routeBetween(
  plan: RoutePlan | null,
  a: Point,
  aRegion: string | null,
  b: Point,
  bRegion: string | null,
): Point[] | null {
  if (!plan || !aRegion || !bRegion) return null;
  const bandId = plan.band.id;
  if (aRegion === bandId && bRegion !== bandId) return bandRoute(plan, a, b, bRegion);
  if (bRegion === bandId && aRegion !== bandId) {
    return bandRoute(plan, b, a, aRegion)?.reverse() ?? null;
  }
  return null;
}

function nearest(values: readonly number[], target: number): number {
  let best = values[0] ?? target;
  for (const value of values) {
    if (Math.abs(value - target) < Math.abs(best - target)) best = value;
  }
  return best;
}

function dedupe(points: Point[]): Point[] {
  return points.filter(
    (point, i) => i === 0 || point.x !== points[i - 1]!.x || point.y !== points[i - 1]!.y,
  );
}

/** The point at fraction `t` of a polyline's length. */
export function pointAlong(points: readonly Point[], t: number): Point {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += segmentLength(points[i - 1]!, points[i]!);
  let left = Math.max(0, Math.min(1, t)) * total;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = segmentLength(a, b);
    if (left <= length && length > 0) {
      const u = left / length;
      return { x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u };
    }
    left -= length;
  }
  return points[points.length - 1] ?? { x: 0, y: 0 };
}

function segmentLength(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** Whether the segment a→b passes through the inside of `rect` (touching its edge is not). */
export function segmentCrossesRect(a: Point, b: Point, rect: Rect, inset = 1): boolean {
  const x0 = rect.x + inset;
  const y0 = rect.y + inset;
  const x1 = rect.x + rect.w - inset;
  const y1 = rect.y + rect.h - inset;
  if (x1 <= x0 || y1 <= y0) return false;
  // Liang–Barsky clipping: the part of the segment inside the rectangle, if any.
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const edges: [number, number][] = [
    [-dx, a.x - x0],
    [dx, x1 - a.x],
    [-dy, a.y - y0],
    [dy, y1 - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return t1 - t0 > 1e-9;
}

/** The regions a polyline passes through, other than `except`. */
export function regionsCrossed(
  points: readonly Point[],
  regions: readonly RouteRegion[],
  except: ReadonlySet<string>,
): string[] {
  const crossed: string[] = [];
  for (const region of regions) {
    if (except.has(region.id)) continue;
    for (let i = 1; i < points.length; i++) {
      if (segmentCrossesRect(points[i - 1]!, points[i]!, region.rect)) {
        crossed.push(region.id);
        break;
      }
    }
  }
  return crossed;
}
