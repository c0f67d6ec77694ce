import type { Rect } from '../geometry';
import { overlaps } from '../label-placement';

/** Greedy label placement: a label is drawn only where it does not cover another. */
export class LabelSpace {
  private readonly cells = new Map<number, Rect[]>();
  private static readonly SIZE = 96;

  private keys(r: Rect): number[] {
    const s = LabelSpace.SIZE;
    const keys: number[] = [];
    for (let gx = Math.floor(r.x / s); gx <= Math.floor((r.x + r.w) / s); gx++) {
      for (let gy = Math.floor(r.y / s); gy <= Math.floor((r.y + r.h) / s); gy++) {
        keys.push(gx * 100_003 + gy);
      }
    }
    return keys;
  }

  fits(r: Rect): boolean {
    for (const key of this.keys(r)) {
      for (const o of this.cells.get(key) ?? []) {
        if (overlaps(r, o)) return false;
      }
    }
    return true;
  }

  add(r: Rect) {
    for (const key of this.keys(r)) {
      const list = this.cells.get(key);
      if (list) list.push(r);
      else this.cells.set(key, [r]);
    }
  }

  place(r: Rect): boolean {
    if (!this.fits(r)) return false;
    this.add(r);
    return true;
  }
}

export function within(box: Rect, bounds: Rect): boolean {
  return (
    box.x >= bounds.x &&
    box.y >= bounds.y &&
    box.x + box.w <= bounds.x + bounds.w &&
    box.y + box.h <= bounds.y + bounds.h
  );
}
