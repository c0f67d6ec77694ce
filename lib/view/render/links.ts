import type { ViewLink } from '../model';
import { linkColor } from './colors';
import { fadeOf } from './fade';
import type { Frame } from './frame';
import { linkPath } from './shapes';
import type { DrawLink } from './types';

interface LinkBucket {
  color: string;
  kind: ViewLink['kind'];
  width: number;
  alpha: number;
  segs: DrawLink[];
}

/**
 * Graph space: the links on screen, batched by look. Returns the links shown (the labels pass
 * names some of them) and, when the ingress layer is on, those that are legs of ingress paths.
 */
export function drawLinks(
  frame: Frame,
  hulled: ReadonlySet<string>,
): { shown: DrawLink[]; ingress: DrawLink[] } {
  const { ctx } = frame;
  const shown = linksToShow(frame, hulled);
  const buckets = new Map<string, LinkBucket>();
  const ingress: DrawLink[] = [];
  for (const l of shown) {
    frame.stats.links++;
    addToBucket(frame, buckets, l);
    if (frame.input.ingress && l.link.paths.length > 0) ingress.push(l);
  }
  for (const bucket of buckets.values()) strokeBucket(frame, bucket);
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  return { shown, ingress };
}

/** Links that cross the view box, less those a hull stands for. */
function linksToShow(frame: Frame, hulled: ReadonlySet<string>): DrawLink[] {
  const { view } = frame;
  let shown: DrawLink[] = [];
  for (const l of frame.input.links) {
    const { source: s, target: g } = l;
    if (l.link.kind === 'endpoint' && hulled.has(g.id)) continue;
    if (Math.max(s.x, g.x) < view.x0 || Math.min(s.x, g.x) > view.x1) continue;
    if (Math.max(s.y, g.y) < view.y0 || Math.min(s.y, g.y) > view.y1) continue;
    shown.push(l);
  }
  if (shown.length > 1200) {
    // NOTE: zoomed in on a big map, most links only pass through the screen between two
    // elements that are both off it. Past this many, draw only the links of what is on screen.
    shown = shown.filter((l) => frame.onScreen(l.source) || frame.onScreen(l.target));
  }
  return shown;
}

// NOTE: in software raster (headless Chromium, many laptops' canvas fallback) a 1-device-pixel
// stroke is a hairline, ~10× cheaper than anything wider, and dashes multiply the cost. So
// links are hairlines; only the few emphasised ones (hover, selection, ingress) are thicker,
// and dashes are used only where there are few of them.
function addToBucket(frame: Frame, buckets: Map<string, LinkBucket>, l: DrawLink) {
  const { focus, now, px, hair } = frame;
  const { source: s, target: g } = l;
  const kind = l.link.kind;
  const inFocus = !focus || (focus.has(s.id) && focus.has(g.id));
  const fade = Math.min(fadeOf(s, now), fadeOf(g, now));
  let alpha = (kind === 'member' ? 0.6 : 0.85) * fade;
  if (!frame.detail) alpha *= 0.5;
  if (!inFocus) alpha *= 0.15;
  if (s.node.context || g.node.context) alpha *= 0.5;
  const color = linkColor(frame.palette, l);
  const width = focus && inFocus ? 2 * px : hair;
  const key = `${color}|${kind}|${alpha.toFixed(2)}|${width === hair ? 'h' : 'w'}`;
  const bucket = buckets.get(key);
  if (bucket) bucket.segs.push(l);
  else buckets.set(key, { color, kind, width, alpha, segs: [l] });
}

function strokeBucket(frame: Frame, bucket: LinkBucket) {
  const { ctx, px } = frame;
  ctx.beginPath();
  for (const l of bucket.segs) linkPath(ctx, l, frame.curved(l), frame.route(l));
  ctx.strokeStyle = bucket.color;
  ctx.globalAlpha = bucket.alpha;
  ctx.lineWidth = bucket.width;
  // Dashes (VIP links) only while there are few: each dash is a segment to rasterise.
  ctx.setLineDash(bucket.kind === 'vip' && bucket.segs.length <= 40 ? [6 * px, 4 * px] : []);
  ctx.stroke();
}
