import type { Region, SimNode } from './model';

/** Inside a circle region, with the node's shape inside the circle. */
function clampToCircle(node: SimNode, region: Region) {
  const { inner } = region;
  const cx = inner.x + inner.w / 2;
  const cy = inner.y + inner.h / 2;
  const max = Math.max(0, inner.w / 2 - node.node.r);
  const dx = node.x - cx;
  const dy = node.y - cy;
  const d = Math.hypot(dx, dy);
  if (d > max && d > 0) {
    node.x = cx + (dx / d) * max;
    node.y = cy + (dy / d) * max;
  }
}

/** Keeps a node inside its region; a published port sits on its host's top edge. */
export function clampToRegion(node: SimNode, region: Region) {
  if (region.shape === 'circle') {
    clampToCircle(node, region);
    return;
  }
  const { inner } = region;
  // NOTE: room for the label under the node and half its width at the sides.
  const mx = Math.max(node.node.r + 4, Math.min(node.collide, 44));
  const top = node.node.r + 4;
  const bottom = node.node.r + (node.node.kind === 'port' ? 6 : 30);
  if (node.node.kind === 'port' && region.kind === 'host') {
    // A published port is where traffic enters the host: on its top edge.
    node.y = inner.y + 10;
    node.x = Math.min(Math.max(node.x, inner.x + mx), inner.x + inner.w - mx);
    return;
  }
  node.x = Math.min(Math.max(node.x, inner.x + mx), inner.x + inner.w - mx);
  node.y = Math.min(Math.max(node.y, inner.y + top), inner.y + inner.h - bottom);
}
