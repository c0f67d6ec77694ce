import type { Frame } from './frame';
import { shapePath } from './shapes';

/**
 * Graph space, over the nodes: the keyboard focus ring round the element Tab or the arrows
 * reached, a wide halo of the panel colour under an accent ring so it reads on either theme and
 * over links. Its size is in screen pixels, whatever the zoom.
 */
export function drawKeyFocus(frame: Frame) {
  const id = frame.input.keyFocus;
  if (!id) return;
  const node = frame.input.nodes.find((candidate) => candidate.id === id);
  if (!node || !frame.visible(node.x, node.y)) return;
  const { ctx, palette, px } = frame;
  const grow = (node.node.r + 6 * px) / node.node.r;
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  shapePath(ctx, node.node, node.x, node.y, grow);
  ctx.strokeStyle = palette.panel;
  ctx.lineWidth = 6 * px;
  ctx.stroke();
  ctx.strokeStyle = palette.accent;
  ctx.lineWidth = 2.5 * px;
  ctx.stroke();
}
