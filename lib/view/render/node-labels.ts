import { ellipsize, LINE_MAX, NAME_MAX, type Rect } from '../geometry';
import {
  labelPriority,
  labelSpots,
  labelWanted,
  type LabelAnchor,
  type LabelState,
} from '../label-placement';
import type { ViewNode } from '../model';
import { FONT_FAMILY } from './fonts';
import type { Frame } from './frame';
import { within, type LabelSpace } from './label-space';
import { nodeExtent } from './shapes';
import type { DrawnNode } from './types';

const LINE_FONT = `400 10px ${FONT_FAMILY}`;
const NAME_FONT = `600 11px ${FONT_FAMILY}`;
const NAME_FONT_BOLD = `700 11px ${FONT_FAMILY}`;
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

/**
 * The nodes to name, most important first (lib/view/label-placement.ts): where labels compete
 * for room, the first placed wins.
 */
export function labelOrder(frame: Frame, drawn: readonly DrawnNode[]): DrawnNode[] {
  const state = labelState(frame);
  const { k } = frame;
  return drawn
    .filter(({ d, alpha }) => alpha > 0.2 && labelWanted(state, d.id, d.node, k))
    .sort(
      (a, b) =>
        labelPriority(state, a.d.id, a.d.node) - labelPriority(state, b.d.id, b.d.node) ||
        b.d.node.r - a.d.node.r,
    );
}

function labelState(frame: Frame): LabelState {
  const { selected, hovered, glow } = frame.input;
  return { selected, hovered, changed: glow, focus: frame.focus };
}

/**
 * Screen space: a node's name (and its first lines when zoomed in or important), below it, else
 * right, above, left or a corner, else the name alone; never outside `bounds` (its region). The selected or
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
  const anchor: LabelAnchor = {
    x,
    y,
    gapBelow: halfH * k + 4 + (node.tags.includes('internal') ? 4 * k : 0),
    gapSide: halfW * k + 5,
  };
  let spot =
    firstFreeSpot(space, text, anchor, bounds, true) ??
    (text.lines.length > 0 && text.name ? firstFreeSpot(space, text, anchor, bounds, false) : null);
  const forced = !spot && force;
  if (!spot && force) spot = forcedSpot(text, anchor);
  if (!spot) return;
  frame.record?.labels.push({ id: d.id, kind: 'node', box: spot.box, forced });
  paintLabel(frame, text, spot, alpha);
  frame.stats.labels++;
}

/** The label's text and widths; null when there is nothing to say at this zoom. */
function measureLabel(frame: Frame, node: ViewNode, force: boolean): LabelText | null {
  const { ctx, k, measure } = frame;
  // A port's pill already says its number; its label is the mapping, on demand.
  const name = node.kind === 'port' ? '' : withPlace(frame, node, ellipsize(node.name, NAME_MAX));
  const important = node.kind === 'network' || node.kind === 'service' || node.kind === 'project';
  const nameFont = important ? NAME_FONT_BOLD : NAME_FONT;
  // NOTE: the font is set only to measure what the cache has not seen: setting and reading a
  // canvas font is costly, and this runs for every drawn node every frame.
  const nameWidth = name ? measure(ctx, name, nameFont) : 0;
  const showLines =
    node.lines.length > 0 &&
    ((important && k >= 0.6) || (node.kind !== 'port' && k >= 1.4) || force);
  const lines = showLines
    ? node.lines.slice(0, node.kind === 'network' ? 2 : 1).map((line) => ellipsize(line, LINE_MAX))
    : [];
  if (!name && lines.length === 0) return null;
  const lineWidths = lines.map((line) => measure(ctx, line, LINE_FONT));
  return { name, nameFont, nameWidth, lines, lineWidths };
}

/** Grouped by network, nothing else says where a local network is: its name does. */
function withPlace(frame: Frame, node: ViewNode, name: string): string {
  return frame.input.groupBy === 'network' && node.place ? `${name} · ${node.place}` : name;
}

/** Below, right, above, left, the corners: the first place that is free (and inside `bounds`). */
function firstFreeSpot(
  space: LabelSpace,
  text: LabelText,
  anchor: LabelAnchor,
  bounds: Rect | null,
  withLines: boolean,
): Spot | null {
  const used = withLines ? text.lines : [];
  const w = Math.max(text.nameWidth, ...used.map((_, i) => text.lineWidths[i] ?? 0)) + 6;
  const h = (text.name ? NAME_HEIGHT : 0) + used.length * LINE_HEIGHT;
  for (const box of labelSpots(anchor, w, h)) {
    if (bounds && !within(box, bounds)) continue;
    if (space.place(box)) return { box, used };
  }
  return null;
}

/** Below the node, whatever it covers. */
function forcedSpot(text: LabelText, anchor: LabelAnchor): Spot {
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
