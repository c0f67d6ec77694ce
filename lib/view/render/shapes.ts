import type { ViewNode } from '../model';
import type { Paint2D } from '../paint';
import { pointAlong, type Point } from '../routes';
import type { DrawLink, DrawNode } from './types';

// Path builders: each adds an outline to the current path; the caller fills or strokes it.

/**
 * Closed shapes per path when many are filled at once: a single huge path is slow to fill in
 * software raster, and Chromium's closePath gets slower as the path grows (quadratic in all).
 */
export const SHAPES_PER_PATH = 48;

export function roundRect(ctx: Paint2D, x: number, y: number, w: number, h: number, r: number) {
  const rr = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.moveTo(x + rr, y);
  ctx.lineTo(x + w - rr, y);
  ctx.quadraticCurveTo(x + w, y, x + w, y + rr);
  ctx.lineTo(x + w, y + h - rr);
  ctx.quadraticCurveTo(x + w, y + h, x + w - rr, y + h);
  ctx.lineTo(x + rr, y + h);
  ctx.quadraticCurveTo(x, y + h, x, y + h - rr);
  ctx.lineTo(x, y + rr);
  ctx.quadraticCurveTo(x, y, x + rr, y);
  ctx.closePath();
}

export function circle(ctx: Paint2D, x: number, y: number, r: number) {
  ctx.moveTo(x + r, y);
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.closePath();
}

export function polygon(
  ctx: Paint2D,
  x: number,
  y: number,
  r: number,
  sides: number,
  rotation: number,
) {
  for (let i = 0; i < sides; i++) {
    const a = rotation + (i / sides) * Math.PI * 2;
    const px = x + Math.cos(a) * r;
    const py = y + Math.sin(a) * r;
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
}

export function linkPath(ctx: Paint2D, l: DrawLink, bent: boolean, route: Point[] | null = null) {
  if (route) {
    routePath(ctx, route);
    return;
  }
  const { source: a, target: b } = l;
  ctx.moveTo(a.x, a.y);
  if (!bent) {
    ctx.lineTo(b.x, b.y);
    return;
  }
  const dy = (b.y - a.y) * 0.55;
  ctx.bezierCurveTo(a.x, a.y + dy, b.x, b.y - dy, b.x, b.y);
}

/** A routed link: its polyline with small rounded corners. */
export function routePath(ctx: Paint2D, points: readonly Point[]) {
  const first = points[0];
  if (!first) return;
  ctx.moveTo(first.x, first.y);
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1]!;
    const corner = points[i]!;
    const next = points[i + 1]!;
    const r = Math.min(
      12,
      Math.hypot(corner.x - prev.x, corner.y - prev.y) / 2,
      Math.hypot(next.x - corner.x, next.y - corner.y) / 2,
    );
    const inX = corner.x - Math.sign(corner.x - prev.x) * r;
    const inY = corner.y - Math.sign(corner.y - prev.y) * r;
    const outX = corner.x + Math.sign(next.x - corner.x) * r;
    const outY = corner.y + Math.sign(next.y - corner.y) * r;
    ctx.lineTo(inX, inY);
    ctx.quadraticCurveTo(corner.x, corner.y, outX, outY);
  }
  const last = points[points.length - 1]!;
  ctx.lineTo(last.x, last.y);
}

/** The point at `t` (0 = a, 1 = b) on a link, straight, bent or routed as drawn. */
export function pointOn(
  a: DrawNode,
  b: DrawNode,
  t: number,
  bent: boolean,
  route: Point[] | null = null,
): [number, number] {
  if (route) {
    const point = pointAlong(route, route[0]?.x === a.x && route[0]?.y === a.y ? t : 1 - t);
    return [point.x, point.y];
  }
  if (!bent) return [a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t];
  const dy = (b.y - a.y) * 0.55;
  const u = 1 - t;
  const c1y = a.y + dy;
  const c2y = b.y - dy;
  return [
    u * u * u * a.x + 3 * u * u * t * a.x + 3 * u * t * t * b.x + t * t * t * b.x,
    u * u * u * a.y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * b.y,
  ];
}

function portWidth(node: ViewNode): number {
  return Math.max(2 * node.r, node.name.length * 6.4 + 12);
}

/** The outline of a node's shape, added to the current path. */
export function shapePath(ctx: Paint2D, node: ViewNode, x: number, y: number, scale = 1) {
  const r = node.r * scale;
  switch (node.kind) {
    case 'network':
      circle(ctx, x, y, r);
      break;
    case 'container':
    case 'task':
      roundRect(ctx, x - r, y - r, 2 * r, 2 * r, r * 0.32);
      break;
    case 'service':
      polygon(ctx, x, y, r * 1.08, 6, Math.PI / 6);
      break;
    case 'port': {
      const w = portWidth(node) * scale;
      roundRect(ctx, x - w / 2, y - 8 * scale, w, 16 * scale, 8 * scale);
      break;
    }
    case 'uplink':
      polygon(ctx, x, y, r * 1.3, 4, 0);
      break;
    case 'project':
      roundRect(ctx, x - r + 4, y - r - 4, 2 * r, 2 * r, r * 0.3);
      roundRect(ctx, x - r, y - r, 2 * r, 2 * r, r * 0.3);
      break;
  }
}

/** Half-extent of a node for hit tests and label placement, in graph units. */
export function nodeExtent(node: ViewNode): { w: number; h: number } {
  if (node.kind === 'port') return { w: portWidth(node) / 2, h: 8 };
  if (node.kind === 'uplink') return { w: node.r * 1.3, h: node.r * 1.3 };
  return { w: node.r, h: node.r };
}
