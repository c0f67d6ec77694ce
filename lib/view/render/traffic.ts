import { mix } from '../palette';
import type { TrafficEdge } from '../traffic';
import { MONO_FAMILY } from './fonts';
import type { Frame } from './frame';
import { roundRect } from './shapes';
import type { DrawNode } from './types';

interface Placed {
  edge: TrafficEdge;
  a: DrawNode;
  b: DrawNode;
  /** The curve's control point (graph units): bowed to one side, so A→B and B→A do not overlap. */
  cx: number;
  cy: number;
}

function place(frame: Frame): Placed[] {
  const edges = frame.input.traffic ?? [];
  if (edges.length === 0) return [];
  const byId = new Map(frame.input.nodes.map((node) => [node.id, node]));
  const placed: Placed[] = [];
  for (const edge of edges) {
    const a = byId.get(edge.from);
    const b = byId.get(edge.to);
    if (!a || !b) continue;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const bow = 0.18;
    placed.push({ edge, a, b, cx: (a.x + b.x) / 2 - dy * bow, cy: (a.y + b.y) / 2 + dx * bow });
  }
  return placed;
}

const at = (p: Placed, t: number): [number, number] => {
  const u = 1 - t;
  return [
    u * u * p.a.x + 2 * u * t * p.cx + t * t * p.b.x,
    u * u * p.a.y + 2 * u * t * p.cy + t * t * p.b.y,
  ];
};

/**
 * Graph space, the Traffic layer: one bowed edge per talking pair, client → server, as wide as
 * the pair's connections in the last minute, an arrow toward the server, dots that move along while
 * the pair talks (a motion cue) and a fade as it ages out.
 */
export function drawTraffic(frame: Frame) {
  const { ctx, palette, px, focus } = frame;
  for (const p of place(frame)) {
    const dim = focus && !(focus.has(p.a.id) || focus.has(p.b.id)) ? 0.3 : 1;
    ctx.globalAlpha = p.edge.alpha * dim;
    ctx.strokeStyle = palette.traffic;
    ctx.lineWidth = p.edge.width * px;
    ctx.beginPath();
    ctx.moveTo(p.a.x, p.a.y);
    ctx.quadraticCurveTo(p.cx, p.cy, p.b.x, p.b.y);
    ctx.stroke();
    if (p.edge.active) drawPulses(frame, p);
    const [x, y] = at(p, 0.62);
    const [x2, y2] = at(p, 0.63);
    const angle = Math.atan2(y2 - y, x2 - x);
    const size = (5 + p.edge.width) * px;
    ctx.beginPath();
    ctx.moveTo(x + Math.cos(angle) * size, y + Math.sin(angle) * size);
    ctx.lineTo(x + Math.cos(angle + 2.5) * size, y + Math.sin(angle + 2.5) * size);
    ctx.lineTo(x + Math.cos(angle - 2.5) * size, y + Math.sin(angle - 2.5) * size);
    ctx.closePath();
    ctx.fillStyle = palette.traffic;
    ctx.fill();
    frame.stats.links++;
  }
  ctx.globalAlpha = 1;
}

/**
 * The motion cue: three dots travelling client → server. NOTE: the map is redrawn on each sample
 * (and on interaction), not every animation frame, so the dots step rather than glide: the cue
 * costs one frame per sample instead of a continuous animation.
 */
function drawPulses(frame: Frame, p: Placed) {
  const { ctx, palette, px, now } = frame;
  ctx.beginPath();
  const r = (1.5 + p.edge.width / 2) * px;
  for (let i = 0; i < 3; i++) {
    const [x, y] = at(p, (now / 3000 + i / 3) % 1);
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
  ctx.fillStyle = palette.traffic;
  ctx.fill();
}

/** Screen space: each traffic edge's ports and count, in a pill at the curve's middle. */
export function drawTrafficLabels(frame: Frame) {
  if (!frame.detail) return;
  const { ctx, palette, measure } = frame;
  ctx.font = `600 10px ${MONO_FAMILY}`;
  for (const p of place(frame)) {
    const [gx, gy] = at(p, 0.5);
    const x = frame.sx(gx);
    const y = frame.sy(gy);
    if (x < -60 || x > frame.width + 60 || y < -20 || y > frame.height + 20) continue;
    const w = measure(ctx, p.edge.label) + 10;
    ctx.globalAlpha = Math.max(0.5, p.edge.alpha);
    ctx.beginPath();
    roundRect(ctx, x - w / 2, y - 8, w, 16, 8);
    ctx.fillStyle = palette.panel;
    ctx.fill();
    ctx.strokeStyle = palette.traffic;
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.fillStyle = palette.dark
      ? mix(palette.traffic, '#ffffff', 0.45)
      : mix(palette.traffic, '#000000', 0.35);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(p.edge.label, x, y + 0.5);
    frame.stats.labels++;
  }
  ctx.globalAlpha = 1;
}
