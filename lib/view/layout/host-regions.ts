/*
 * Grouping by node: the swarm band on top, host regions in rows under it, each sized to hold its
 * members, the whole about the shape of the screen.
 */
import type { Rect } from '../geometry';
import type { ViewGroup } from '../model';
import { DEFAULT_ASPECT, type Region } from './model';

const HEADER = 46;
const PAD = 18;
const GAP = 56;
const MIN_HOST_W = 260;
const MIN_HOST_H = 240;
const MAX_PER_ROW = 5;

/** Where members may go in a host or band: inside the padding, below the header. */
function innerOf(rect: Rect, header = HEADER): Rect {
  return {
    x: rect.x + PAD,
    y: rect.y + header,
    w: Math.max(1, rect.w - 2 * PAD),
    h: Math.max(1, rect.h - header - PAD),
  };
}

function hostsPerRow(count: number): number {
  const wanted = count <= MAX_PER_ROW ? count : Math.ceil(Math.sqrt(count * 2));
  return Math.min(MAX_PER_ROW, Math.max(1, wanted));
}

/** Hosts in rows and the area each needs (members and header), which set the map's size. */
interface HostRows {
  rows: ViewGroup[][];
  areas: number[][];
  swarm: ViewGroup | null;
  swarmArea: number;
}

function hostRows(groups: readonly ViewGroup[], areaOf: (group: ViewGroup) => number): HostRows {
  const hosts = groups.filter((group) => group.kind === 'host');
  const swarm = groups.find((group) => group.kind === 'swarm') ?? null;
  const perRow = hostsPerRow(hosts.length);
  const rows: ViewGroup[][] = [];
  for (let i = 0; i < hosts.length; i += perRow) rows.push(hosts.slice(i, i + perRow));
  const areas = rows.map((row) => row.map((group) => areaOf(group) + MIN_HOST_W * HEADER));
  return { rows, areas, swarm, swarmArea: swarm ? areaOf(swarm) : 0 };
}

function hostWidth(area: number, hostHeight: number): number {
  return Math.max(MIN_HOST_W, area / hostHeight);
}

/** The map's width when hosts are `h` high: its widest row. */
function widthAt(plan: HostRows, h: number): number {
  const rowWidth = (areas: number[]) =>
    areas.reduce((sum, area) => sum + hostWidth(area, h), 0) + GAP * (areas.length - 1);
  return Math.max(MIN_HOST_W * 2, ...plan.areas.map(rowWidth));
}

/** The swarm band's height when it is `width` wide (0 without a swarm). */
function bandAt(plan: HostRows, width: number): number {
  if (!plan.swarm) return 0;
  return Math.max(190, plan.swarmArea / (width - 2 * PAD) + HEADER + PAD + 20);
}

/**
 * One host height for all rows, searched so that the whole map has about the aspect of the
 * screen it is shown on (wider hosts when the screen is wide).
 */
function hostHeightFor(plan: HostRows, aspect: number): number {
  const aspectAt = (h: number) => {
    const width = widthAt(plan, h);
    const band = bandAt(plan, width);
    const height = (band ? band + GAP : 0) + plan.rows.length * (h + GAP) - GAP;
    return width / height;
  };
  let lo = MIN_HOST_H;
  let hi = 40_000;
  for (let i = 0; i < 48; i++) {
    const mid = (lo + hi) / 2;
    if (aspectAt(mid) > aspect) lo = mid;
    else hi = mid;
  }
  return Math.max(MIN_HOST_H, lo);
}

function rectRegion(group: ViewGroup, rect: Rect): Region {
  const kind = group.kind === 'swarm' ? 'swarm' : 'host';
  return { id: group.id, kind, shape: 'rect', rect, inner: innerOf(rect), group, network: null };
}

/** Host regions in rows under the swarm band, each sized to hold its members. */
export function regionsByNode(
  groups: readonly ViewGroup[],
  areaOf: (group: ViewGroup) => number,
  aspect = DEFAULT_ASPECT,
): Region[] {
  const plan = hostRows(groups, areaOf);
  const h = hostHeightFor(plan, aspect);
  const totalWidth = widthAt(plan, h);
  const regions: Region[] = [];
  let y = 0;
  if (plan.swarm) {
    const band = bandAt(plan, totalWidth);
    regions.push(rectRegion(plan.swarm, { x: 0, y, w: totalWidth, h: band }));
    y += band + GAP;
  }
  plan.rows.forEach((row, index) => {
    const widths = (plan.areas[index] ?? []).map((area) => hostWidth(area, h));
    // A row narrower than the widest one is stretched, so the map reads as one block.
    const sum = widths.reduce((a, b) => a + b, 0);
    const scale = (totalWidth - GAP * (row.length - 1)) / sum;
    let x = 0;
    row.forEach((group, column) => {
      const w = (widths[column] ?? MIN_HOST_W) * scale;
      regions.push(rectRegion(group, { x, y, w, h }));
      x += w + GAP;
    });
    y += h + GAP;
  });
  return regions;
}
