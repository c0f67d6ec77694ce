import { describe, expect, it } from 'vitest';

import { nearestInDirection, readingOrder, stepThrough, type NavItem } from './keyboard';
import type { ViewNode } from './model';
import { LIGHT_PALETTE } from './palette';
import { renderMap } from './render';

// Three rows: a (left) and b (right, a little lower: same row); c alone; d and e.
const items: NavItem[] = [
  { id: 'b', x: 300, y: 110 },
  { id: 'e', x: 260, y: 400 },
  { id: 'a', x: 100, y: 100 },
  { id: 'c', x: 180, y: 250 },
  { id: 'd', x: 90, y: 405 },
];

describe('keyboard navigation of the map', () => {
  it('reads rows top to bottom, left to right', () => {
    expect(readingOrder(items).map((item) => item.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('Tab goes forward, Shift+Tab back, and off either end leaves the map', () => {
    expect(stepThrough(items, null, 1)).toBe('a');
    expect(stepThrough(items, null, -1)).toBe('e');
    expect(stepThrough(items, 'b', 1)).toBe('c');
    expect(stepThrough(items, 'b', -1)).toBe('a');
    expect(stepThrough(items, 'e', 1)).toBeNull();
    expect(stepThrough(items, 'a', -1)).toBeNull();
    // An element that left the screen: start again from the first.
    expect(stepThrough(items, 'gone', 1)).toBe('a');
    expect(stepThrough([], null, 1)).toBeNull();
  });

  it('arrows go to the nearest element that way', () => {
    expect(nearestInDirection(items, 'a', 'right')).toBe('b');
    expect(nearestInDirection(items, 'a', 'down')).toBe('c');
    expect(nearestInDirection(items, 'c', 'down')).toBe('e');
    expect(nearestInDirection(items, 'b', 'down')).toBe('e');
    expect(nearestInDirection(items, 'e', 'left')).toBe('d');
    expect(nearestInDirection(items, 'e', 'up')).toBe('c');
    expect(nearestInDirection(items, 'a', 'left')).toBeNull();
    expect(nearestInDirection(items, 'a', 'up')).toBeNull();
    expect(nearestInDirection(items, 'gone', 'up')).toBeNull();
  });
});

describe('the keyboard focus ring', () => {
  it('is drawn round the focused element only, in the accent colour over a halo', () => {
    const strokes: string[] = [];
    const painter = {
      fillStyle: '' as string | object,
      strokeStyle: '' as string | object,
      lineWidth: 1,
      globalAlpha: 1,
      font: '',
      textAlign: 'left' as const,
      textBaseline: 'top' as const,
      lineJoin: 'miter' as const,
      lineCap: 'butt' as const,
      save() {},
      restore() {},
      setTransform() {},
      beginPath() {},
      moveTo() {},
      lineTo() {},
      quadraticCurveTo() {},
      bezierCurveTo() {},
      arc() {},
      closePath() {},
      rect() {},
      fill() {},
      stroke() {
        strokes.push(String(painter.strokeStyle));
      },
      fillRect() {},
      fillText() {},
      strokeText() {},
      setLineDash() {},
      measureText: (text: string) => ({ width: text.length * 6 }),
    };
    const node: ViewNode = {
      id: 'web',
      kind: 'container',
      ref: 'web',
      name: 'web',
      lines: [],
      host: null,
      cluster: null,
      status: 'ok',
      stale: false,
      context: false,
      style: null,
      tags: [],
      service: null,
      project: null,
      refs: ['web'],
      r: 10,
    };
    const input = (keyFocus: string | null) => ({
      width: 400,
      height: 300,
      pixelRatio: 1,
      transform: { x: 0, y: 0, k: 1 },
      palette: LIGHT_PALETTE,
      regions: [],
      nodes: [{ id: 'web', node, x: 100, y: 100, bornAt: -Infinity }],
      links: [],
      ghosts: [],
      level: 'detail' as const,
      selected: null,
      hovered: null,
      focus: null,
      glow: new Map(),
      ingress: false,
      hostNotes: new Map(),
      offline: false,
      now: 0,
      keyFocus,
    });
    renderMap(painter, input(null));
    const without = strokes.filter((s) => s === LIGHT_PALETTE.accent).length;
    strokes.length = 0;
    renderMap(painter, input('web'));
    const accent = strokes.filter((s) => s === LIGHT_PALETTE.accent).length;
    expect(accent).toBe(without + 1);
    const ring = strokes.lastIndexOf(LIGHT_PALETTE.accent);
    expect(strokes[ring - 1]).toBe(LIGHT_PALETTE.panel);
  });
});
