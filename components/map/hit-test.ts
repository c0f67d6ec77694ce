import type { ZoomTransform } from 'd3';

import type { Region } from '@/lib/view/layout';
import { nodeExtent, type DrawNode } from '@/lib/view/render';

/** Pointer slack around a node's shape, in screen pixels. */
const SLACK_PX = 4;

/** The drawn node under a screen point (the nearest, when shapes overlap), if any. */
export function nodeAt(
  nodes: readonly DrawNode[],
  transform: ZoomTransform,
  sx: number,
  sy: number,
): DrawNode | null {
  const [x, y] = transform.invert([sx, sy]);
  const slack = SLACK_PX / transform.k;
  let best: DrawNode | null = null;
  let bestDistance = Infinity;
  for (const node of nodes) {
    const { w, h } = nodeExtent(node.node);
    const dx = Math.abs(node.x - x);
    const dy = Math.abs(node.y - y);
    if (dx > w + slack || dy > h + slack) continue;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = node;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * What the region header under a screen point selects, if any: a host, or (grouping by stack) a
 * stack's or compose project's box (its project key).
 */
export function hostHeaderAt(
  regions: readonly Region[],
  transform: ZoomTransform,
  sx: number,
  sy: number,
): string | null {
  const [x, y] = transform.invert([sx, sy]);
  const headerHeight = Math.max(38, 24 / transform.k);
  for (const region of regions) {
    if ((region.kind !== 'host' && region.kind !== 'stack') || !region.group) continue;
    const { rect } = region;
    if (x >= rect.x && x <= rect.x + rect.w && y >= rect.y && y <= rect.y + headerHeight) {
      return region.group.id;
    }
  }
  return null;
}
