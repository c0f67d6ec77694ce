import type { Frame } from './frame';

/** The last pass, in screen space: offline, the whole map is veiled (it may be out of date). */
export function drawVeil(frame: Frame) {
  if (!frame.input.offline) return;
  const { ctx, palette, width, height } = frame;
  ctx.fillStyle = palette.bg;
  ctx.globalAlpha = 0.25;
  ctx.fillRect(0, 0, width, height);
  ctx.globalAlpha = 1;
}
