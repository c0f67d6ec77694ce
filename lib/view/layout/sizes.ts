/*
 * How much room a node takes: its collision radius, and the area its region reserves for it.
 */
import { ellipsize, estimateTextWidth, FONT_PX, LINE_MAX, NAME_MAX } from '../geometry';
import type { ViewNode } from '../model';

/** Collision radius for a node: its shape and the width of its name. */
export function collideRadius(node: ViewNode): number {
  const name = estimateTextWidth(ellipsize(node.name, NAME_MAX), FONT_PX.name) / 2;
  if (node.kind === 'network' || node.kind === 'service') {
    const line = node.lines[0]
      ? estimateTextWidth(ellipsize(node.lines[0], LINE_MAX), FONT_PX.line) / 2
      : 0;
    return Math.max(node.r + 16, Math.min(Math.max(name, line) * 0.85, 58));
  }
  // NOTE: leaves stay small: labels that do not fit are dropped by the renderer until zoomed in.
  return Math.max(node.r + 10, Math.min(name * 0.85 + 6, 38));
}

/** Area a region reserves for a node of this collision radius (its square, with slack). */
export function footprint(collide: number): number {
  return (2 * collide + 4) ** 2 * 1.9;
}
