import { exportViewSvg } from '@/lib/view/export';
import { renderMap, type RenderInput } from '@/lib/view/render';

/*
 * The exports draw the frame on screen, as it is shown (components/map/scene.ts `stillInput`: no
 * hover, glow or fades): the same size, pan and zoom, level, selection and layers, through the
 * same renderer, so they are what the user sees, labels included.
 */

/** As SVG (`ctx` measures text as the screen does, so labels fit and collide the same). */
export function mapToSvg(input: RenderInput, ctx: CanvasRenderingContext2D): string {
  return exportViewSvg(input, (text, font) => {
    ctx.save();
    ctx.font = font;
    const width = ctx.measureText(text).width;
    ctx.restore();
    return width;
  });
}

/** As a PNG, pixel for pixel what the canvas shows (at the screen's pixel ratio). */
export function mapToPng(input: RenderInput): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(input.width * input.pixelRatio);
  canvas.height = Math.round(input.height * input.pixelRatio);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) return Promise.reject(new Error('canvas 2d is not available'));
  renderMap(ctx, input);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}
