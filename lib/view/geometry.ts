/** Small, pure helpers for sizes and placement. No DOM: text widths are estimated. */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const FONT_PX = { name: 11, line: 10, title: 13 } as const;

/** Average advance of a sans-serif glyph, as a fraction of the font size (DejaVu/Liberation Sans). */
const ADVANCE = 0.58;

export function estimateTextWidth(text: string, fontPx: number): number {
  return text.length * fontPx * ADVANCE;
}

/** Shortens `text` to at most `max` characters with an ellipsis. */
export function ellipsize(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

export const NAME_MAX = 24;
export const LINE_MAX = 30;

/** FNV-1a: a stable small hash for deterministic jitter (no Math.random in layouts). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Angle in [0, 2π) from an id. */
export function angleOf(id: string): number {
  return ((hashString(id) % 3600) / 3600) * Math.PI * 2;
}

export function unionRects(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const r of rects) {
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.w);
    y1 = Math.max(y1, r.y + r.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x <= rect.x + rect.w && y >= rect.y && y <= rect.y + rect.h;
}
