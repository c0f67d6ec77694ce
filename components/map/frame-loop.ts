import type { ForceLayout } from '@/lib/view/layout';
import { isAnimating, type RenderInput } from '@/lib/view/render';

import type { FrameCache } from './frame-cache';

/** Layout ticks get at most this long per frame (ms); drawing gets the rest. */
const TICK_BUDGET_MS = 12;

/**
 * While only fades and glows change (nothing moves, nobody drags), a frame at most this often.
 * NOTE: measured in Chromium on two cores with a change every 0.4 s: the map glowed without a
 * break, drawn from scratch ~45 times a second, and Chromium took ~60% of a core from the engines
 * and the server. A fade does not need 60 steps a second; what asked for a frame (a change, the
 * view) still gets the very next one.
 */
const AMBIENT_FRAME_MS = 50;

export interface FrameStats {
  /** Time spent drawing the last frame (ms). */
  renderMs: number;
  /** Time spent in layout ticks during the last frame (ms). */
  layoutMs: number;
  nodes: number;
  links: number;
  labels: number;
  /** Someone asked for it (a change, the view); false: the loop carried on a fade or a glow. */
  asked: boolean;
}

/** What a frame is made of. */
export interface FrameSteps {
  layout: ForceLayout;
  cache: FrameCache;
  /** The renderer's input for a frame drawn at `now`. */
  renderInput(now: number): RenderInput;
  /** A node is being dragged (frames are drawn from scratch meanwhile). */
  dragging(): boolean;
  /** The layout settled, or started moving again. */
  settledChanged(settled: boolean): void;
  /** A frame was drawn, at `at` (epoch ms, this frame's time before it is painted). */
  drawn?(at: number): void;
}

/**
 * The frame loop: one animation frame at a time, and only while something moves (the layout,
 * fades and glows, the view); a still map costs nothing.
 */
export class FrameLoop {
  /** Last frame's numbers. */
  stats: FrameStats = { renderMs: 0, layoutMs: 0, nodes: 0, links: 0, labels: 0, asked: true };
  private readonly steps: FrameSteps;
  private requested = 0;
  private stopped = false;
  private wasSettled = false;
  /** A frame with elements has been drawn (the first one is drawn before any layout tick). */
  private painted = false;
  /** Someone asked for the next frame (not the loop itself carrying on a fade). */
  private asked = false;
  private drawnAt = -Infinity;

  constructor(steps: FrameSteps) {
    this.steps = steps;
  }

  /** No frame is coming: what is on the canvas stays as it is until something changes. */
  get idle(): boolean {
    return this.requested === 0;
  }

  /** Draws a frame at the next animation frame (once, however often it is asked). */
  request() {
    this.asked = true;
    this.carryOn();
  }

  private carryOn() {
    if (this.requested || this.stopped) return;
    this.requested = requestAnimationFrame(this.frame);
  }

  /** Only fades and glows would change, and one was drawn a moment ago. */
  private ambientTooSoon(): boolean {
    const { layout } = this.steps;
    if (this.asked || !layout.settled || this.steps.dragging()) return false;
    return performance.now() - this.drawnAt < AMBIENT_FRAME_MS;
  }

  stop() {
    this.stopped = true;
    if (this.requested) cancelAnimationFrame(this.requested);
  }

  private frame = () => {
    this.requested = 0;
    if (this.stopped) return;
    if (this.ambientTooSoon()) return this.carryOn();
    const asked = this.asked;
    this.asked = false;
    const { layout, cache } = this.steps;
    const t0 = performance.now();
    this.drawnAt = t0;
    // NOTE: the first frame with elements shows where they were seeded, without a tick: at the
    // scale bench's size (28,801 elements) the first tick alone takes seconds (collisions of a
    // fresh seed), and the map would stay blank meanwhile.
    const firstPaint = !this.painted && layout.nodes.length > 0;
    if (firstPaint) this.painted = true;
    const moved = firstPaint ? false : layout.step(TICK_BUDGET_MS);
    if (moved) cache.markStale();
    const t1 = performance.now();
    const input = this.steps.renderInput(t1);
    const animating = isAnimating(input);
    const still = !(moved || animating || !layout.settled || this.steps.dragging());
    const stats = cache.draw(input, still);
    const t2 = performance.now();
    this.stats = { renderMs: t2 - t1, layoutMs: t1 - t0, ...stats, asked };
    this.steps.drawn?.(performance.timeOrigin + t2);
    const settled = layout.settled;
    if (settled !== this.wasSettled) {
      this.wasSettled = settled;
      this.steps.settledChanged(settled);
    }
    if (moved || !settled || animating) this.carryOn();
  };
}
