import { ellipsize, LINE_MAX, NAME_MAX, type Rect } from '../geometry';
import type { ViewNode } from '../model';
import { FONT_FAMILY } from './fonts';
import type { Frame } from './frame';
import { within, type LabelSpace } from './label-space';
import { nodeExtent } from './shapes';
import type { DrawNode, DrawnNode } from './types';

const LINE_FONT = `400 10px ${FONT_FAMILY}`;
const NAME_HEIGHT = 14;
const LINE_HEIGHT = 12;

/** A node's label, measured: its name (none for a port) and the lines shown under it. */
interface LabelText {
  name: string;
  nameFont: string;
  nameWidth: number;
  lines: string[];
  lineWidths: number[];
}

/** Where a label went, and the lines it has room for. */
interface Spot {
  box: Rect;
  used: string[];
}

/** Where a label may go around its node (screen space). */
interface Anchor {
  x: number;
  y: number;
  /** From the centre to the top of a label below (or the bottom of one above). */
  gapBelow: number;
  /** From the centre to the near edge of a label beside it. */
  gapSide: number;
}

/**
 * The nodes to name, most important first (the selection, the hover, the focus, hubs, then
 * leaves, bigger first): where labels compete for room, the first placed wins.
 */
export function labelOrder(frame: Frame, drawn: readonly DrawnNode[]): DrawnNode[] {
  const { selected, hovered } = frame.input;
  return drawn
    .filter(
      ({ d, alpha }) =>
        alpha > 0.2 && (labelAllowed(frame, d.node) || d.id === selected || d.id === hovered),
    )
    .sort((a, b) => priority(frame, a.d) - priority(frame, b.d) || b.d.node.r - a.d.node.r);
}

function labelAllowed(frame: Frame, node: ViewNode): boolean {
  const { k } = frame;
  // Hubs are always named (collisions decide how many fit); leaves once they are readable.
  if (node.kind === 'network' || node.kind === 'service' || node.kind === 'project') {
    return true;
  }
  if (node.kind === 'port' || node.kind === 'uplink') return k >= 0.45;
  return k >= 0.55;
}

function priority(frame: Frame, d: DrawNode): number {
  if (d.id === frame.input.selected) return 0;
  if (d.id === frame.input.hovered) return 1;
  if (frame.focus?.has(d.id)) return 2;
  switch (d.node.kind) {
    case 'network':
      return d.node.tags.includes('system') ? 5 : 3;
    case 'service':
    case 'project':
      return 4;
    case 'port':
    case 'uplink':
      return 6;
    default:
      return 7;
  }
}

/**
 * Screen space: a node's name (and its first lines when zoomed in or important), below it, else
 * right, above or left, else the name alone; never outside `bounds` (its region). The selected or
 * hovered node is named even where it collides.
 */
export function drawNodeLabel(
  frame: Frame,
  space: LabelSpace,
  { d, alpha }: DrawnNode,
  bounds: Rect | null,
) {
  const { k } = frame;
  const node = d.node;
  const { w: halfW, h: halfH } = nodeExtent(node);
  const x = frame.sx(d.x);
  const y = frame.sy(d.y);
  if (x < -150 || x > frame.width + 150 || y < -60 || y > frame.height + 60) return;
  const force = d.id === frame.input.selected || d.id === frame.input.hovered;
  const text = measureLabel(frame, node, force);
  if (!text) return;
  const anchor: Anchor = {
    x,
    y,
    gapBelow: halfH * k + 4 + (node.tags.includes('internal') ? 4 * k : 0),
    gapSide: halfW * k + 5,
  };
  let spot =
    firstFreeSpot(space, text, anchor, bounds, true) ??
    (text.lines.length > 0 && text.name ? firstFreeSpot(space, text, anchor, bounds, false) : null);
  if (!spot && force) spot = forcedSpot(text, anchor);
  if (!spot) return;
  paintLabel(frame, text, spot, alpha);
  frame.stats.labels++;
}

/** The label's text and widths; null when there is nothing to say at this zoom. */
function measureLabel(frame: Frame, node: ViewNode, force: boolean): LabelText | null {
  const { ctx, k, measure } = frame;
  // A port's pill already says its number; its label is the mapping, on demand.
  const name = node.kind === 'port' ? '' : ellipsize(node.name, NAME_MAX);
  const important = node.kind === 'network' || node.kind === 'service' || node.kind === 'project';
  const nameFont = `${important ? 700 : 600} 11px ${FONT_FAMILY}`;
  ctx.font = nameFont;
  const nameWidth = name ? measure(ctx, name) : 0;
  const showLines =
    node.lines.length > 0 &&
    ((important && k >= 0.6) || (node.kind !== 'port' && k >= 1.4) || force);
  const lines = showLines
    ? node.lines.slice(0, node.kind === 'network' ? 2 : 1).map((line) => ellipsize(line, LINE_MAX))
    : [];
  if (!name && lines.length === 0) return null;
  ctx.font = LINE_FONT;
  const lineWidths = lines.map((line) => measure(ctx, line));
  return { name, nameFont, nameWidth, lines, lineWidths };
}

/** Below, right, above, left: the first place that is free (and inside `bounds`). */
function firstFreeSpot(
  space: LabelSpace,
  text: LabelText,
  anchor: Anchor,
  bounds: Rect | null,
  withLines: boolean,
): Spot | null {
  const { x, y, gapBelow, gapSide } = anchor;
  const used = withLines ? text.lines : [];
  const w = Math.max(text.nameWidth, ...used.map((_, i) => text.lineWidths[i] ?? 0)) + 6;
  const h = (text.name ? NAME_HEIGHT : 0) + used.length * LINE_HEIGHT;
  const candidates = [
    { x: x - w / 2, y: y + gapBelow },
    { x: x + gapSide, y: y - h / 2 },
    { x: x - w / 2, y: y - gapBelow - h },
    { x: x - gapSide - w, y: y - h / 2 },
  ];
  for (const c of candidates) {
    const box = { x: c.x, y: c.y, w, h };
    if (bounds && !within(box, bounds)) continue;
    if (space.place(box)) return { box, used };
  }
  return null;
}

/** Below the node, whatever it covers. */
function forcedSpot(text: LabelText, anchor: Anchor): Spot {
  const w = Math.max(text.nameWidth, ...text.lineWidths) + 6;
  const h = (text.name ? NAME_HEIGHT : 0) + text.lines.length * LINE_HEIGHT;
  return { box: { x: anchor.x - w / 2, y: anchor.y + anchor.gapBelow, w, h }, used: text.lines };
}

/** Centred text with a halo of the panel colour, so it reads over links and regions. */
function paintLabel(frame: Frame, text: LabelText, spot: Spot, alpha: number) {
  const { ctx, palette } = frame;
  const nameH = text.name ? NAME_HEIGHT : 0;
  const cx = spot.box.x + spot.box.w / 2;
  ctx.globalAlpha = Math.min(1, alpha * 1.1);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = palette.panel;
  ctx.lineWidth = 3;
  if (text.name) {
    ctx.font = text.nameFont;
    ctx.strokeText(text.name, cx, spot.box.y);
    ctx.fillStyle = palette.text;
    ctx.fillText(text.name, cx, spot.box.y);
  }
  ctx.font = LINE_FONT;
  spot.used.forEach((line, i) => {
    const ly = spot.box.y + nameH + i * LINE_HEIGHT;
    ctx.strokeText(line, cx, ly);
    ctx.fillStyle = palette.muted;
    ctx.fillText(line, cx, ly);
  });
}
