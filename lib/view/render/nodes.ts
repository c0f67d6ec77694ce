import { nodeColors, type Colors } from './colors';
import { fadeOf } from './fade';
import type { Frame } from './frame';
import { circle, nodeExtent, shapePath, SHAPES_PER_PATH } from './shapes';
import type { DrawNode, DrawnNode } from './types';

/** Outside the focused neighbourhood, nodes keep this much of their opacity. */
const DIM_ALPHA = 0.14;

interface ShapeBucket {
  colors: Colors;
  alpha: number;
  lw: number;
  items: { d: DrawNode; scale: number }[];
}

/** Graph space: glows around what just changed, under the nodes. */
export function drawGlows(frame: Frame) {
  const { ctx, palette, px } = frame;
  for (const node of frame.input.nodes) {
    const g = frame.input.glow.get(node.id);
    if (!g || !frame.visible(node.x, node.y)) continue;
    const { w } = nodeExtent(node.node);
    ctx.beginPath();
    circle(ctx, node.x, node.y, w + 5 + 9 * g);
    ctx.fillStyle = palette.warn;
    ctx.globalAlpha = 0.28 * g;
    ctx.fill();
    ctx.beginPath();
    circle(ctx, node.x, node.y, w + 4 + 22 * (1 - g));
    ctx.strokeStyle = palette.warn;
    ctx.lineWidth = 2 * px + 1.5 * g;
    ctx.globalAlpha = 0.7 * g;
    ctx.stroke();
    ctx.globalAlpha = 1;
  }
}

/**
 * Graph space: the nodes' shapes (ghosts first, under the living), batched by look. Returns what
 * was drawn, with its opacity and scale, for the decorations and labels passes.
 */
export function drawNodes(frame: Frame): DrawnNode[] {
  const { input, now } = frame;
  const drawn: DrawnNode[] = [];
  const buckets = new Map<string, ShapeBucket>();
  const all = input.ghosts.length > 0 ? [...input.ghosts, ...input.nodes] : input.nodes;
  for (const d of all) {
    if (!frame.visible(d.x, d.y)) continue;
    const alpha = nodeAlpha(frame, d);
    if (alpha <= 0.01) continue;
    frame.stats.nodes++;
    const fade = fadeOf(d, now);
    const scale = d.diedAt !== undefined ? 1 : 0.55 + 0.45 * fade;
    addToBucket(frame, buckets, d, alpha, scale);
    drawn.push({ d, alpha, scale });
  }
  for (const bucket of buckets.values()) fillBucket(frame, bucket);
  frame.ctx.globalAlpha = 1;
  return drawn;
}

/** Fading in or out, faded as context or stale, dimmed outside the focus. */
function nodeAlpha(frame: Frame, node: DrawNode): number {
  const { focus } = frame;
  let a = fadeOf(node, frame.now);
  if (node.node.context) a *= 0.5;
  if (node.node.stale || frame.input.offline) a *= 0.6;
  if (focus && !focus.has(node.id)) a *= DIM_ALPHA;
  return a;
}

function addToBucket(
  frame: Frame,
  buckets: Map<string, ShapeBucket>,
  d: DrawNode,
  alpha: number,
  scale: number,
) {
  const colors = nodeColors(frame.palette, d.node);
  // Hub rings are drawn thick (there are few); everything else gets a hairline edge.
  const lw = d.node.kind === 'network' ? (d.node.tags.includes('system') ? 1.6 : 2.6) : frame.hair;
  const key = `${d.node.kind}|${colors.fill}|${colors.stroke}|${alpha.toFixed(2)}|${lw}`;
  const bucket = buckets.get(key);
  if (bucket) bucket.items.push({ d, scale });
  else buckets.set(key, { colors, alpha, lw, items: [{ d, scale }] });
}

function fillBucket(frame: Frame, bucket: ShapeBucket) {
  const { ctx } = frame;
  ctx.globalAlpha = bucket.alpha;
  ctx.fillStyle = bucket.colors.fill;
  ctx.strokeStyle = bucket.colors.stroke;
  ctx.lineWidth = bucket.lw;
  // NOTE: one path per ≤ 48 shapes: a single huge path is slow to fill in software raster.
  for (let start = 0; start < bucket.items.length; start += SHAPES_PER_PATH) {
    ctx.beginPath();
    for (const { d, scale } of bucket.items.slice(start, start + SHAPES_PER_PATH)) {
      shapePath(ctx, d.node, d.x, d.y, scale);
    }
    ctx.fill();
    ctx.stroke();
  }
}
