import type { Frame } from './frame';

/** The first pass, in screen space: the background colour and a faint dot grid. */
export function drawBackground(frame: Frame) {
  const { ctx, palette, width, height } = frame;
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, width, height);
  if (frame.input.grid !== false) drawGrid(frame);
}

/** A faint dot grid that moves with the map, its spacing kept between 22 and 70 px. */
function drawGrid(frame: Frame) {
  const { ctx, palette, width, height, k, transform: t } = frame;
  let step = 32 * k;
  while (step < 22) step *= 2;
  while (step > 70) step /= 2;
  const ox = ((t.x % step) + step) % step;
  const oy = ((t.y % step) + step) % step;
  ctx.fillStyle = palette.border;
  ctx.globalAlpha = palette.dark ? 0.5 : 0.75;
  // NOTE: one fillRect per dot: a single path of a thousand rectangles is slow to fill.
  for (let x = ox; x < width; x += step) {
    for (let y = oy; y < height; y += step) ctx.fillRect(x - 0.75, y - 0.75, 1.5, 1.5);
  }
  ctx.globalAlpha = 1;
}
