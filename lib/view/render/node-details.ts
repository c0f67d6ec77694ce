import type { ViewNode } from '../model';
import type { Palette } from '../palette';
import type { Paint2D } from '../paint';
import { FONT_FAMILY, MONO_FAMILY } from './fonts';
import type { Frame } from './frame';
import { circle, nodeExtent, polygon, roundRect } from './shapes';
import type { DrawnNode } from './types';

const DRIVER_GLYPH: Record<NonNullable<ViewNode['style']>, string> = {
  bridge: 'BR',
  overlay: 'OV',
  macvlan: 'MV',
  ipvlan: 'IV',
  host: 'HOST',
  none: '∅',
  other: 'NET',
};

/** Where a drawn node is and how big (graph units, and on screen), for its decorations. */
interface NodeAt {
  x: number;
  y: number;
  /** Radius in graph units, as drawn (new nodes grow in). */
  r: number;
  /** Radius in CSS pixels: details show once they are big enough to read. */
  onScreen: number;
  alpha: number;
}

/**
 * Graph space, over the shapes: what marks each node (driver glyphs, replica counts, task slots,
 * ribs, dashed rings), when big enough on screen to read, and the selection and hover rings.
 */
export function drawNodeDetails(frame: Frame, drawn: readonly DrawnNode[]) {
  const { ctx, k } = frame;
  for (const { d, alpha, scale } of drawn) {
    const node = d.node;
    const r = node.r * scale;
    const at: NodeAt = { x: d.x, y: d.y, r, onScreen: r * k, alpha };
    ctx.globalAlpha = alpha;
    switch (node.kind) {
      case 'network':
        decorateNetwork(frame, node, at);
        break;
      case 'service':
        decorateService(frame, node, at);
        break;
      case 'container':
        if (at.onScreen >= 6) drawRibs(frame, at);
        break;
      case 'task':
        if (at.onScreen >= 7) drawSlot(frame, node, at);
        break;
      case 'port':
        if (at.onScreen >= 5) drawPortNumber(frame, node, at, scale);
        break;
      case 'project':
        if (at.onScreen >= 8) drawProjectCount(frame, node, at);
        break;
    }
    if (d.id === frame.input.selected || d.id === frame.input.hovered) {
      drawRing(frame, node, at, scale, d.id === frame.input.selected);
    }
  }
  ctx.globalAlpha = 1;
}

/** White bold text at the node's centre (on its fill). */
function centreText(frame: Frame, text: string, at: NodeAt, font: string, color = '#ffffff') {
  const { ctx } = frame;
  ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = color;
  ctx.fillText(text, at.x, at.y + 0.5);
}

/** A ring around (or inside) a node, dashed when `dash` is not empty. */
function ring(ctx: Paint2D, at: NodeAt, r: number, color: string, width: number, dash: number[]) {
  ctx.beginPath();
  circle(ctx, at.x, at.y, r);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  if (dash.length > 0) ctx.setLineDash(dash);
  ctx.stroke();
  if (dash.length > 0) ctx.setLineDash([]);
}

/** Internal: a dashed outer ring; ingress: an inner ring; none: a dashed edge; the driver glyph. */
function decorateNetwork(frame: Frame, node: ViewNode, at: NodeAt) {
  const { ctx, palette } = frame;
  const { r } = at;
  const color = palette.drivers[node.style ?? 'other'];
  if (node.tags.includes('internal')) ring(ctx, at, r + 4.5, color, 1.4, [3, 3]);
  if (node.tags.includes('ingress')) ring(ctx, at, r - 4, palette.ingress, 1.6, []);
  if (node.style === 'none') ring(ctx, at, r, palette.panel, 1.8, [3, 3]);
  if (at.onScreen >= 8) {
    const glyph = DRIVER_GLYPH[node.style ?? 'other'];
    const size = Math.min(r * (glyph.length > 2 ? 0.5 : 0.72), 13);
    centreText(frame, glyph, at, `700 ${size.toFixed(1)}px ${FONT_FAMILY}`, color);
  }
  if (node.tags.includes('encrypted'))
    drawLock(ctx, at.x + r * 0.72, at.y - r * 0.72, Math.max(5, r * 0.34), palette);
}

/** DNS round robin: a dashed outer hexagon; the replica count inside. */
function decorateService(frame: Frame, node: ViewNode, at: NodeAt) {
  const { ctx, palette } = frame;
  const { r } = at;
  if (node.tags.includes('dnsrr')) {
    ctx.beginPath();
    polygon(ctx, at.x, at.y, r * 1.08 + 4, 6, Math.PI / 6);
    ctx.strokeStyle = palette.service;
    ctx.lineWidth = 1.3;
    ctx.setLineDash([3, 2.5]);
    ctx.stroke();
    ctx.setLineDash([]);
  }
  if (at.onScreen >= 9) {
    const replicas = node.lines[0]?.split(' ')[0] ?? '';
    centreText(frame, replicas, at, `700 ${Math.min(r * 0.62, 12).toFixed(1)}px ${FONT_FAMILY}`);
  }
}

/** Ribs: a shipping container. */
function drawRibs(frame: Frame, at: NodeAt) {
  const { ctx } = frame;
  const { x, y, r } = at;
  ctx.beginPath();
  for (const f of [-0.35, 0, 0.35]) {
    ctx.moveTo(x + f * r, y - r * 0.55);
    ctx.lineTo(x + f * r, y + r * 0.55);
  }
  ctx.strokeStyle = '#ffffff';
  ctx.globalAlpha = at.alpha * 0.45;
  ctx.lineWidth = 1.3;
  ctx.stroke();
}

/** A task's slot number (the `.3` of `web.3`). */
function drawSlot(frame: Frame, node: ViewNode, at: NodeAt) {
  const slot = /\.(\d+)$/.exec(node.name)?.[1];
  if (!slot) return;
  centreText(frame, slot, at, `700 ${Math.min(at.r * 1.05, 11).toFixed(1)}px ${FONT_FAMILY}`);
}

/** A port's published number, on its pill. */
function drawPortNumber(frame: Frame, node: ViewNode, at: NodeAt, scale: number) {
  centreText(frame, node.name, at, `700 ${(10 * scale).toFixed(1)}px ${MONO_FAMILY}`);
}

/** How many containers a compose project fold stands for. */
function drawProjectCount(frame: Frame, node: ViewNode, at: NodeAt) {
  const count = String(/· (\d+)/.exec(node.lines[0] ?? '')?.[1] ?? '');
  centreText(frame, count, at, `700 ${Math.min(at.r * 0.7, 12).toFixed(1)}px ${FONT_FAMILY}`);
}

/** The accent ring of the selected (solid) or hovered (lighter) node. */
function drawRing(frame: Frame, node: ViewNode, at: NodeAt, scale: number, selected: boolean) {
  const { ctx, palette, px } = frame;
  const { w, h } = nodeExtent(node);
  const { x, y } = at;
  ctx.beginPath();
  if (node.kind === 'port') roundRect(ctx, x - w - 4, y - h - 4, 2 * w + 8, 2 * h + 8, h + 4);
  else circle(ctx, x, y, Math.max(w, h) * scale + 5);
  ctx.strokeStyle = palette.accent;
  ctx.globalAlpha = selected ? 1 : 0.55;
  ctx.lineWidth = Math.max(2.2 * px, 1.5);
  ctx.stroke();
}

function drawLock(ctx: Paint2D, x: number, y: number, s: number, palette: Palette) {
  ctx.beginPath();
  roundRect(ctx, x - s, y - s * 0.2, 2 * s, s * 1.5, s * 0.3);
  ctx.fillStyle = palette.warn;
  ctx.fill();
  ctx.strokeStyle = palette.panel;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x - s * 0.6, y - s * 0.2);
  ctx.lineTo(x - s * 0.6, y - s * 0.6);
  ctx.arc(x, y - s * 0.6, s * 0.6, Math.PI, Math.PI * 2);
  ctx.lineTo(x + s * 0.6, y - s * 0.2);
  ctx.strokeStyle = palette.warn;
  ctx.lineWidth = Math.max(1.2, s * 0.32);
  ctx.stroke();
}
