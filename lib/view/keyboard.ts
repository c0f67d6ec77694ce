/*
 * Moving through the map from the keyboard: Tab and Shift+Tab go through the elements on screen
 * in reading order (rows top to bottom, left to right in a row), and arrow keys go to the
 * nearest element in their direction. Screen positions in, ids out: the map's input layer
 * (components/map/keyboard-nav.ts) does the rest.
 */

/** An element on screen (CSS pixels). */
export interface NavItem {
  id: string;
  x: number;
  y: number;
}

export type Direction = 'left' | 'right' | 'up' | 'down';

const AXES: Record<Direction, readonly [number, number]> = {
  left: [-1, 0],
  right: [1, 0],
  up: [0, -1],
  down: [0, 1],
};

/** Elements whose centres are within this many pixels vertically read as one row. */
const ROW_PX = 28;

/** Top to bottom in rows, left to right within a row; ties by id, so the order is stable. */
export function readingOrder(items: readonly NavItem[]): NavItem[] {
  const byY = [...items].sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
  const rows: NavItem[][] = [];
  for (const item of byY) {
    const row = rows[rows.length - 1];
    if (row && item.y - row[0]!.y <= ROW_PX) row.push(item);
    else rows.push([item]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x || a.id.localeCompare(b.id)));
}

/**
 * The element after (`delta` 1) or before (-1) `current` in reading order; from nothing, the
 * first (or last). Null past either end: Tab then leaves the map for the rest of the page.
 */
export function stepThrough(
  items: readonly NavItem[],
  current: string | null,
  delta: 1 | -1,
): string | null {
  const order = readingOrder(items);
  if (order.length === 0) return null;
  const index = current === null ? -1 : order.findIndex((item) => item.id === current);
  if (index === -1) return (delta === 1 ? order[0] : order[order.length - 1])!.id;
  return order[index + delta]?.id ?? null;
}

/**
 * The element nearest `current` in a direction: ahead of it (more ahead than aside), the
 * closest by distance with what is off to the side counting double. Null when there is none.
 */
export function nearestInDirection(
  items: readonly NavItem[],
  current: string,
  direction: Direction,
): string | null {
  const from = items.find((item) => item.id === current);
  if (!from) return null;
  const [ax, ay] = AXES[direction];
  let best: string | null = null;
  let bestScore = Infinity;
  for (const item of items) {
    if (item.id === current) continue;
    const dx = item.x - from.x;
    const dy = item.y - from.y;
    const ahead = dx * ax + dy * ay;
    const aside = Math.abs(dx * ay - dy * ax);
    if (ahead <= 0 || aside > ahead * 2) continue;
    const score = ahead + 2 * aside;
    if (score < bestScore) {
      bestScore = score;
      best = item.id;
    }
  }
  return best;
}
