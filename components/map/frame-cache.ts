import { renderMap, type RenderInput, type RenderStats, type Transform } from '@/lib/view/render';

import type { CanvasViewport } from './viewport';

/** Budget for the offscreen picture: the view plus its margins, in device pixels. */
const MAX_CACHE_PIXELS = 8e6;

/** A picture of the map at one transform, to blit or stretch instead of drawing it again. */
interface Picture {
  canvas: HTMLCanvasElement;
  /** The scene's version it shows (see `markStale`). */
  version: number;
  k: number;
  x: number;
  y: number;
  /** CSS pixels drawn beyond the view on every side. */
  margin: number;
  width: number;
  height: number;
  pixelRatio: number;
  stats: RenderStats;
}

/**
 * Draws frames onto the screen's canvas, from scratch or from a cached picture: a still map that
 * is only panned is drawn once onto a bigger offscreen canvas and blitted; during a zoom gesture
 * the picture is stretched (as a map app does) and drawn sharp when the gesture stops.
 *
 * NOTE: in software raster, redrawing thousands of links costs tens of ms a frame; a blit costs
 * one or two.
 */
export class FrameCache {
  private readonly screen: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly viewport: CanvasViewport;
  private readonly zooming: () => boolean;
  /** Bumped whenever what is drawn changes (not when it is only panned). */
  private version = 0;
  private cache: Picture | null = null;
  /** The screen as it was when a zoom gesture began. */
  private snapshot: Picture | null = null;
  /** The transform of the last frame drawn. */
  private last: Transform = { x: 0, y: 0, k: 1 };

  constructor(
    screen: HTMLCanvasElement,
    ctx: CanvasRenderingContext2D,
    viewport: CanvasViewport,
    zooming: () => boolean,
  ) {
    this.screen = screen;
    this.ctx = ctx;
    this.viewport = viewport;
    this.zooming = zooming;
  }

  /** Something drawn changed (not only the view): the pictures are stale. */
  markStale() {
    this.version++;
  }

  /**
   * Draws a frame. `still`: nothing moves but the view, so a cached picture may stand in; otherwise
   * it is drawn from scratch.
   */
  draw(input: RenderInput, still: boolean): RenderStats {
    let stats: RenderStats;
    if (still) {
      stats = this.drawCached(input);
    } else {
      this.cache = null;
      stats = renderMap(this.ctx, input);
    }
    this.last = { ...input.transform };
    return stats;
  }

  /** Copies the screen as it is now, to stretch during a zoom gesture (`stats`: its numbers). */
  takeSnapshot(stats: RenderStats) {
    if (this.cache?.version === this.version) return;
    const canvas = this.snapshot?.canvas ?? document.createElement('canvas');
    canvas.width = this.screen.width;
    canvas.height = this.screen.height;
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return;
    ctx.drawImage(this.screen, 0, 0);
    const { x, y, k } = this.last;
    const { width, height, pixelRatio } = this.viewport;
    this.snapshot = {
      canvas,
      version: this.version,
      k,
      x,
      y,
      margin: 0,
      width,
      height,
      pixelRatio,
      stats,
    };
  }

  private drawCached(input: RenderInput): RenderStats {
    const { x, y, k } = input.transform;
    // NOTE: the picture to stretch is the cache (from a pan) or the snapshot of the screen taken
    // when the gesture began.
    const source =
      this.cache?.version === this.version
        ? this.cache
        : this.snapshot?.version === this.version
          ? this.snapshot
          : null;
    if (source && source.k !== k && this.zooming() && k / source.k < 2 && source.k / k < 2) {
      return this.stretch(source, input);
    }
    const margin = this.cacheMargin();
    const cache = this.cache;
    const { width, height, pixelRatio } = this.viewport;
    const fresh =
      cache &&
      cache.version === this.version &&
      cache.k === k &&
      cache.width === width &&
      cache.height === height &&
      cache.pixelRatio === pixelRatio &&
      Math.abs(x - cache.x) <= margin &&
      Math.abs(y - cache.y) <= margin;
    if (!fresh && !this.panning(x, y, k)) {
      // Not moving: draw straight to the screen (cheaper than the bigger cached picture).
      this.cache = null;
      return renderMap(this.ctx, input);
    }
    if (!fresh) {
      const picture = this.drawPicture(input, margin, cache?.canvas);
      if (!picture) return renderMap(this.ctx, input);
      this.cache = picture;
    }
    const current = this.cache;
    if (!current) return renderMap(this.ctx, input);
    const pr = pixelRatio;
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.globalAlpha = 1;
    this.ctx.drawImage(
      current.canvas,
      Math.round((x - current.x - current.margin) * pr),
      Math.round((y - current.y - current.margin) * pr),
    );
    return current.stats;
  }

  /** Draws `source` scaled to the transform being zoomed to. */
  private stretch(source: Picture, input: RenderInput): RenderStats {
    const { x, y, k } = input.transform;
    const scale = k / source.k;
    const { width, height, pixelRatio: pr } = this.viewport;
    this.ctx.setTransform(pr, 0, 0, pr, 0, 0);
    this.ctx.globalAlpha = 1;
    this.ctx.fillStyle = input.palette.bg;
    this.ctx.fillRect(0, 0, width, height);
    this.ctx.drawImage(
      source.canvas,
      x - (source.x + source.margin) * scale,
      y - (source.y + source.margin) * scale,
      (source.canvas.width / pr) * scale,
      (source.canvas.height / pr) * scale,
    );
    return source.stats;
  }

  /** Half a screen on every side, within the pixel budget. */
  private cacheMargin(): number {
    const { width, height, pixelRatio } = this.viewport;
    let margin = Math.round(Math.max(width, height) * 0.5);
    const pr2 = pixelRatio * pixelRatio;
    while (margin > 64 && (width + 2 * margin) * (height + 2 * margin) * pr2 > MAX_CACHE_PIXELS) {
      margin = Math.round(margin * 0.8);
    }
    return margin;
  }

  /** The view and `margin` around it, drawn offscreen (reusing `canvas` when there is one). */
  private drawPicture(
    input: RenderInput,
    margin: number,
    reuse: HTMLCanvasElement | undefined,
  ): Picture | null {
    const { x, y, k } = input.transform;
    const { width, height, pixelRatio } = this.viewport;
    const canvas = reuse ?? document.createElement('canvas');
    const w = width + 2 * margin;
    const h = height + 2 * margin;
    canvas.width = Math.round(w * pixelRatio);
    canvas.height = Math.round(h * pixelRatio);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) return null;
    const stats = renderMap(ctx, {
      ...input,
      width: w,
      height: h,
      transform: { x: x + margin, y: y + margin, k },
    });
    return { canvas, version: this.version, k, x, y, margin, width, height, pixelRatio, stats };
  }

  /** True when the view moved since the last frame at the same zoom (a pan is under way). */
  private panning(x: number, y: number, k: number): boolean {
    const last = this.last;
    this.last = { x, y, k };
    return last.k === k && (last.x !== x || last.y !== y);
  }
}
