import {
  select,
  zoom,
  zoomIdentity,
  type D3ZoomEvent,
  type Selection,
  type ZoomBehavior,
  type ZoomTransform,
} from 'd3';

import type { Rect } from '@/lib/view/geometry';
import type { MapCamera } from '@/lib/view/url-state';

import type { CanvasViewport } from './viewport';

const MIN_SCALE = 0.04;
const MAX_SCALE = 4;
/** A zoom gesture counts as over this long after its last step. */
const ZOOM_SETTLE_MS = 160;
/** Space left around the content when it is fitted. */
const FIT_MARGIN = 28;

export interface CameraEvents {
  /** A zoom gesture begins (the picture on screen is what gets stretched while it lasts). */
  zoomStarted: () => void;
  /** A zoom gesture stopped: time to draw it sharp again. */
  zoomEnded: () => void;
  /** The view moved (pan or zoom, by the user or by the map). */
  moved: () => void;
}

/**
 * Where the map is looked at from: d3-zoom on the canvas (wheel, pinch, background drag), the
 * current transform, fitting the content, and the moves the map makes itself (buttons, keys,
 * revealing an element, zooming into a fold).
 */
export class Camera {
  private readonly selection: Selection<HTMLCanvasElement, unknown, null, undefined>;
  private readonly behavior: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly viewport: CanvasViewport;
  /** The content's extent in layout coordinates, for fitting. */
  private readonly bounds: () => Rect;
  private current: ZoomTransform = zoomIdentity;
  private movedByUser = false;
  private zoomingUntil = 0;
  private zoomTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    canvas: HTMLCanvasElement,
    viewport: CanvasViewport,
    bounds: () => Rect,
    events: CameraEvents,
  ) {
    this.viewport = viewport;
    this.bounds = bounds;
    this.selection = select(canvas);
    this.behavior = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([MIN_SCALE, MAX_SCALE])
      .on('zoom', (event: D3ZoomEvent<HTMLCanvasElement, unknown>) => {
        if (event.transform.k !== this.current.k) {
          if (performance.now() >= this.zoomingUntil) events.zoomStarted();
          this.zoomingUntil = performance.now() + ZOOM_SETTLE_MS;
          clearTimeout(this.zoomTimer);
          this.zoomTimer = setTimeout(events.zoomEnded, ZOOM_SETTLE_MS + 10);
        }
        this.current = event.transform;
        if (event.sourceEvent) this.movedByUser = true;
        events.moved();
      });
  }

  /**
   * Starts listening to the user's gestures.
   * NOTE: attach after the node drag (input.ts): on a node, drag takes the gesture and stops it
   * from reaching zoom; on the background its subject is null and zoom pans.
   */
  attach() {
    this.selection.call(this.behavior);
  }

  destroy() {
    clearTimeout(this.zoomTimer);
    this.selection.on('.zoom', null);
  }

  get transform(): ZoomTransform {
    return this.current;
  }

  /** True while a zoom gesture is under way (and a little after its last step). */
  get zooming(): boolean {
    return performance.now() < this.zoomingUntil;
  }

  /** The user (or a move made for them) placed the view: stop fitting the content to it. */
  get userMoved(): boolean {
    return this.movedByUser;
  }

  /** Fits everything in view. */
  fit(animate = true) {
    const bounds = this.bounds();
    const { width, height } = this.viewport;
    if (bounds.w <= 1 || width <= 1) return;
    const k = Math.min(
      MAX_SCALE,
      1.6,
      (width - 2 * FIT_MARGIN) / bounds.w,
      (height - 2 * FIT_MARGIN) / bounds.h,
    );
    const x = (width - bounds.w * k) / 2 - bounds.x * k;
    const y = (height - bounds.h * k) / 2 - bounds.y * k;
    this.go(zoomIdentity.translate(x, y).scale(Math.max(MIN_SCALE, k)), animate ? 450 : 0);
  }

  /** Fit, and from now on keep fitting until the user moves the map. */
  refit(animate = true) {
    this.movedByUser = false;
    this.fit(animate);
  }

  /** Zooms by `factor` around the centre (buttons and keys animate it; 0 ms: at once). */
  zoomBy(factor: number, durationMs = 200) {
    this.movedByUser = true;
    if (durationMs > 0) {
      this.selection.transition().duration(durationMs).call(this.behavior.scaleBy, factor);
    } else {
      this.selection.call(this.behavior.scaleBy, factor);
    }
  }

  /** Pans by screen pixels. */
  panBy(dx: number, dy: number) {
    this.movedByUser = true;
    this.selection.call(this.behavior.translateBy, dx / this.current.k, dy / this.current.k);
  }

  /** Puts the view at an exact transform (screen = layout × k + (x, y)). */
  moveTo(x: number, y: number, k: number, durationMs = 0) {
    this.movedByUser = true;
    this.go(zoomIdentity.translate(x, y).scale(k), durationMs);
  }

  /** The layout point at the middle of the view, and the zoom (what a deep link keeps). */
  view(): MapCamera {
    const { width, height } = this.viewport;
    const [x, y] = this.current.invert([width / 2, height / 2]);
    return { x, y, k: this.current.k };
  }

  /** Looks at `view`: its point in the middle, at its zoom (clamped to the zoom's range). */
  lookAt(view: MapCamera) {
    const k = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.k));
    const { width, height } = this.viewport;
    this.moveTo(width / 2 - view.x * k, height / 2 - view.y * k, k);
  }

  /** Centres a layout point when it is off screen (or near its edge), zoomed in to at least 0.8. */
  reveal(x: number, y: number) {
    const px = this.current.applyX(x);
    const py = this.current.applyY(y);
    const { width, height } = this.viewport;
    if (px > 40 && px < width - 40 && py > 40 && py < height - 40) return;
    const k = Math.max(this.current.k, 0.8);
    this.moveTo(width / 2 - x * k, height / 2 - y * k, k, 450);
  }

  /** Zooms in on a layout point (a fold's members, so they unfold). */
  zoomInto(x: number, y: number) {
    const k = Math.max(0.9, this.current.k * 2.5);
    const { width, height } = this.viewport;
    this.moveTo(width / 2 - x * k, height / 2 - y * k, k, 500);
  }

  private go(target: ZoomTransform, durationMs: number) {
    if (durationMs > 0) {
      this.selection.transition().duration(durationMs).call(this.behavior.transform, target);
    } else {
      // A move made at once ends any animated one (which would otherwise carry on over it).
      this.selection.interrupt();
      this.selection.call(this.behavior.transform, target);
    }
  }
}
