import type { Frame } from './frame';
import { linkPath, pointOn, SHAPES_PER_PATH } from './shapes';
import type { DrawLink } from './types';

/** An arrowhead: where it sits and the direction traffic flows there (radians). */
type Arrow = [x: number, y: number, angle: number];

/**
 * Graph space, the ingress layer: the paths published ports take, with arrows along the way
 * traffic flows. Dashed while there are few paths (each dash is a segment to rasterise).
 */
export function drawIngress(frame: Frame, pathLinks: readonly DrawLink[]) {
  if (pathLinks.length === 0) return;
  const { ctx, palette, focus, px, hair } = frame;
  ctx.beginPath();
  const arrows = tracePaths(frame, pathLinks);
  ctx.strokeStyle = palette.ingress;
  ctx.globalAlpha = focus ? 0.3 : 0.75;
  const fewPaths = pathLinks.length <= 40;
  ctx.lineWidth = fewPaths ? 1.6 * px : hair;
  ctx.setLineDash(fewPaths ? [6 * px, 4 * px] : []);
  ctx.stroke();
  ctx.setLineDash([]);
  fillArrows(frame, arrows);
  ctx.globalAlpha = 1;
}

/** Adds each leg to the current path in the direction traffic flows; returns its arrows. */
function tracePaths(frame: Frame, pathLinks: readonly DrawLink[]): Arrow[] {
  const { ctx, k } = frame;
  const arrows: Arrow[] = [];
  for (const l of pathLinks) {
    // Traffic flows port → network → service (VIP) → task: a VIP link is drawn backwards.
    const forward = l.link.kind !== 'vip';
    const from = forward ? l.source : l.target;
    const to = forward ? l.target : l.source;
    const bent = frame.curved(l);
    const routed = frame.route(l);
    const route = routed && !forward ? [...routed].reverse() : routed;
    linkPath(ctx, { link: l.link, source: from, target: to }, bent, route);
    const len = Math.hypot(to.x - from.x, to.y - from.y);
    if (len * k > 50) {
      const [x, y] = pointOn(from, to, 0.55, bent, route);
      const [x2, y2] = pointOn(from, to, 0.56, bent, route);
      arrows.push([x, y, Math.atan2(y2 - y, x2 - x)]);
    }
  }
  return arrows;
}

function fillArrows(frame: Frame, arrows: readonly Arrow[]) {
  const { ctx, palette, px } = frame;
  const a = 5 * Math.max(px, 0.6);
  ctx.fillStyle = palette.ingress;
  // NOTE: one path per ≤ 48 arrows: Chromium's closePath costs more the longer the path is, and
  // 16,700 arrows in one path took 2.4 s a frame at the scale bench's size (bench/results/scale.md).
  for (let start = 0; start < arrows.length; start += SHAPES_PER_PATH) {
    ctx.beginPath();
    for (const [x, y, angle] of arrows.slice(start, start + SHAPES_PER_PATH)) {
      if (!frame.visible(x, y)) continue;
      ctx.moveTo(x + Math.cos(angle) * a, y + Math.sin(angle) * a);
      ctx.lineTo(x + Math.cos(angle + 2.5) * a, y + Math.sin(angle + 2.5) * a);
      ctx.lineTo(x + Math.cos(angle - 2.5) * a, y + Math.sin(angle - 2.5) * a);
      ctx.closePath();
    }
    ctx.fill();
  }
}
