import type { Region } from '../layout';
import { mix } from '../palette';
import type { Frame } from './frame';
import { circle, roundRect } from './shapes';

/**
 * Graph space: the host regions, the swarm band, (grouping by network) network clusters and
 * (grouping by stack) the boxes of stacks and compose projects, drawn over their host.
 */
export function drawRegions(frame: Frame) {
  const { view } = frame;
  for (const region of frame.input.regions) {
    const { rect } = region;
    if (
      rect.x > view.x1 ||
      rect.y > view.y1 ||
      rect.x + rect.w < view.x0 ||
      rect.y + rect.h < view.y0
    ) {
      continue;
    }
    drawRegion(frame, region);
  }
}

function drawRegion(frame: Frame, region: Region) {
  const { ctx, palette, px } = frame;
  const { rect } = region;
  const stale = region.group?.stale ?? false;
  ctx.beginPath();
  if (region.shape === 'circle') {
    circle(ctx, rect.x + rect.w / 2, rect.y + rect.h / 2, rect.w / 2);
  } else {
    roundRect(ctx, rect.x, rect.y, rect.w, rect.h, 14);
  }
  const { fill, stroke } = regionColors(frame, region);
  ctx.fillStyle = fill;
  ctx.globalAlpha = region.kind === 'cluster' ? 0.85 : 1;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = stale ? palette.warn : stroke;
  ctx.lineWidth = Math.max(1, 1.2 * px);
  ctx.setLineDash(stale ? [8 * px, 5 * px] : []);
  ctx.stroke();
  ctx.setLineDash([]);
  if (region.shape === 'rect') drawHeaderRule(frame, region, stroke);
  if (stale) hatch(frame, region);
}

/** A region is a panel; the swarm band and a network's cluster are tinted with the driver. */
function regionColors(frame: Frame, region: Region): { fill: string; stroke: string } {
  const { palette } = frame;
  if (region.kind === 'swarm') {
    return {
      fill: mix(palette.panel, palette.drivers.overlay, palette.dark ? 0.06 : 0.035),
      stroke: mix(palette.border, palette.drivers.overlay, 0.35),
    };
  }
  if (region.kind === 'stack') {
    const color = region.group?.id.startsWith('stack:') ? palette.drivers.overlay : palette.accent;
    return {
      fill: mix(palette.panel, color, palette.dark ? 0.1 : 0.06),
      stroke: mix(palette.border, color, 0.55),
    };
  }
  if (region.kind === 'cluster' && region.network) {
    const network = frame.input.nodes.find((n) => n.id === region.network);
    const color = palette.drivers[network?.node.style ?? 'other'];
    return {
      fill: mix(palette.panel, color, palette.dark ? 0.06 : 0.04),
      stroke: mix(palette.border, color, 0.4),
    };
  }
  return { fill: palette.panel, stroke: palette.border };
}

/** The rule under a rectangular region's header (the header itself is a label). */
function drawHeaderRule(frame: Frame, region: Region, stroke: string) {
  const { ctx, px } = frame;
  const { rect } = region;
  ctx.beginPath();
  ctx.moveTo(rect.x + 14, rect.y + 38);
  ctx.lineTo(rect.x + rect.w - 14, rect.y + 38);
  ctx.strokeStyle = stroke;
  ctx.globalAlpha = 0.6;
  ctx.lineWidth = px;
  ctx.stroke();
  ctx.globalAlpha = 1;
}

/** Hatching says "this may be out of date" (the region's engine is not answering). */
function hatch(frame: Frame, region: Region) {
  const { ctx, palette } = frame;
  const { rect } = region;
  ctx.beginPath();
  const step = 18;
  for (let d = step; d < rect.w + rect.h; d += step) {
    const x0 = rect.x + Math.max(0, d - rect.h);
    const y0 = rect.y + Math.min(d, rect.h);
    const x1 = rect.x + Math.min(d, rect.w);
    const y1 = rect.y + Math.max(0, d - rect.w);
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
  }
  ctx.strokeStyle = palette.warn;
  ctx.globalAlpha = 0.1;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.globalAlpha = 1;
}
