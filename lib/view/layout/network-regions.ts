/*
 * Grouping by network: one circle per network, sized for its members, biggest first, in rows as
 * wide as the screen's shape asks (each row's circles centred on the row's line).
 */
import { DEFAULT_ASPECT, type Region, UNCLUSTERED } from './model';

const GAP = 36;

interface Circle {
  id: string;
  r: number;
}

/** Circles big enough for their members' area, biggest first. */
function circlesFor(clusters: readonly { id: string; area: number }[]): Circle[] {
  return clusters
    .map((cluster) => ({
      id: cluster.id,
      r: Math.sqrt(Math.max(cluster.area, 1800) / Math.PI) * 1.1 + 30,
    }))
    .sort((a, b) => b.r - a.r || a.id.localeCompare(b.id));
}

/** Width / height of the circles on shelves `width` wide. */
function shelvesAspect(circles: readonly Circle[], width: number): number {
  let x = 0;
  let height = 0;
  let row = 0;
  let maxX = 0;
  for (const c of circles) {
    const d = 2 * c.r;
    if (x > 0 && x + d > width) {
      height += row + GAP;
      x = 0;
      row = 0;
    }
    x += d + GAP;
    maxX = Math.max(maxX, x - GAP);
    row = Math.max(row, d);
  }
  return maxX / (height + row);
}

/** NOTE: shelves waste room; try a few row widths and keep the one closest to the screen's shape. */
function rowWidthFor(circles: readonly Circle[], aspect: number): number {
  const total = circles.reduce((sum, c) => sum + (2 * c.r + GAP) ** 2, 0);
  const widest = 2 * (circles[0]?.r ?? 0);
  let rowWidth = Math.max(widest, Math.sqrt(total * aspect));
  let best = Infinity;
  for (let f = 0.7; f <= 2.5; f += 0.1) {
    const width = Math.max(widest, Math.sqrt(total * aspect) * f);
    const miss = Math.abs(Math.log(shelvesAspect(circles, width) / aspect));
    if (miss < best) {
      best = miss;
      rowWidth = width;
    }
  }
  return rowWidth;
}

/** Circles in rows no wider than `rowWidth` (a circle wider than that has a row of its own). */
function shelve(circles: readonly Circle[], rowWidth: number): Circle[][] {
  const rows: Circle[][] = [];
  let row: Circle[] = [];
  let x = 0;
  for (const circle of circles) {
    const d = 2 * circle.r;
    if (x > 0 && x + d > rowWidth) {
      rows.push(row);
      row = [];
      x = 0;
    }
    row.push(circle);
    x += d + GAP;
  }
  rows.push(row);
  return rows;
}

function circleRegion(id: string, x: number, y: number, d: number): Region {
  const inset = d * 0.08;
  return {
    id,
    kind: 'cluster',
    shape: 'circle',
    rect: { x, y, w: d, h: d },
    inner: { x: x + inset, y: y + inset, w: d - 2 * inset, h: d - 2 * inset },
    group: null,
    network: id === UNCLUSTERED ? null : id,
  };
}

/** One circle region per network cluster (`UNCLUSTERED` for what has no network). */
export function regionsByNetwork(
  clusters: readonly { id: string; area: number }[],
  aspect = DEFAULT_ASPECT,
): Region[] {
  if (clusters.length === 0) return [];
  const circles = circlesFor(clusters);
  const rowWidth = rowWidthFor(circles, aspect);
  const regions: Region[] = [];
  let y = 0;
  for (const row of shelve(circles, rowWidth)) {
    const rowHeight = Math.max(0, ...row.map((c) => 2 * c.r));
    const used = row.reduce((x, c) => x + (2 * c.r + GAP), 0) - GAP;
    // Centre the row horizontally and its circles on one line.
    let x = 0;
    for (const circle of row) {
      const d = 2 * circle.r;
      regions.push(circleRegion(circle.id, x + (rowWidth - used) / 2, y + (rowHeight - d) / 2, d));
      x += d + GAP;
    }
    y += rowHeight + GAP;
  }
  return regions;
}
