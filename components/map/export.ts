import { exportSvg, fitTransform } from '@/lib/view/export';
import type { ForceLayout } from '@/lib/view/layout';
import { renderMap, type RenderInput } from '@/lib/view/render';

import type { MapScene } from './scene';

/** What is exported: the current view (filters, layers, theme, zoom level), fitted. */
export interface ExportSource {
  layout: ForceLayout;
  scene: MapScene;
}

/** As SVG, drawn by the same renderer as the screen (`ctx` measures its text). */
export function mapToSvg({ layout, scene }: ExportSource, ctx: CanvasRenderingContext2D): string {
  const bounds = layout.bounds();
  const { nodes, links } = scene.drawData();
  return exportSvg({
    palette: scene.palette,
    regions: layout.regions,
    nodes,
    links,
    bounds,
    level: scene.level,
    ingress: scene.ingress,
    selected: scene.selected,
    hostNotes: scene.hostNotes,
    scale: 1,
    regionOf: scene.regionOf,
    measure: (text, font) => {
      ctx.save();
      ctx.font = font;
      const width = ctx.measureText(text).width;
      ctx.restore();
      return width;
    },
  });
}

/**
 * As a PNG, at up to 2× for crisp text and at most 8,000 px a side, without what is only on
 * screen (fades, hover, glow, the offline mark, the grid). `screenInput`: a frame's input now.
 */
export function mapToPng(
  { layout, scene }: ExportSource,
  screenInput: () => RenderInput,
): Promise<Blob> {
  const bounds = layout.bounds();
  const scale = Math.max(0.25, Math.min(2, 8000 / Math.max(bounds.w, bounds.h)));
  const { nodes, links } = scene.drawData();
  const { width, height, transform } = fitTransform(bounds, 1);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) return Promise.reject(new Error('canvas 2d is not available'));
  renderMap(ctx, {
    ...screenInput(),
    width,
    height,
    pixelRatio: scale,
    transform,
    nodes,
    links,
    ghosts: [],
    hovered: null,
    focus: null,
    glow: new Map(),
    offline: false,
    grid: false,
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))),
      'image/png',
    ),
  );
}
