import { describe, expect, it } from 'vitest';

import type { ViewNode } from '../model';
import type { Paint2D } from '../paint';
import { LIGHT_PALETTE } from '../palette';
import { createFrame } from './frame';
import { drawIngress } from './ingress';
import { SHAPES_PER_PATH } from './shapes';
import type { DrawLink, DrawNode, RenderInput } from './types';

/** A `Paint2D` that only lists the calls made on it, by name. */
function countingPainter(): { ctx: Paint2D; calls: string[] } {
  const calls: string[] = [];
  const state: Record<string, unknown> = {};
  const ctx = new Proxy(state, {
    get: (target, name) =>
      name in target
        ? target[name as string]
        : (...args: unknown[]) => {
            calls.push(String(name));
            return name === 'measureText' ? { width: String(args[0]).length * 6 } : undefined;
          },
    set: (target, name, value) => {
      target[name as string] = value;
      return true;
    },
  }) as unknown as Paint2D;
  return { ctx, calls };
}

function node(id: string, x: number, y: number, kind: ViewNode['kind']): DrawNode {
  const view: ViewNode = {
    ...{ id, kind, ref: id, name: id, lines: [], host: null, cluster: null, status: 'ok' },
    ...{ stale: false, context: false, style: null, tags: [], service: null, project: null },
    ...{ refs: [id], r: 10 },
  };
  return { id, node: view, x, y, bornAt: -Infinity };
}

function input(): RenderInput {
  return {
    ...{ width: 4000, height: 4000, pixelRatio: 1, transform: { x: 0, y: 0, k: 1 } },
    ...{ palette: LIGHT_PALETTE, regions: [], nodes: [], links: [], ghosts: [], level: 'far' },
    ...{ selected: null, hovered: null, focus: null, glow: new Map(), ingress: true },
    ...{ hostNotes: new Map(), offline: false, now: 0 },
  };
}

describe('the ingress pass at scale', () => {
  it('fills its arrowheads a bounded batch at a time (Chromium slows on one long path)', () => {
    const network = node('ingress', 2000, 100, 'network');
    const legs: DrawLink[] = [];
    for (let i = 0; i < 130; i++) {
      const port = node(`port-${i}`, 20 + i * 30, 3000, 'port');
      const link = { id: `l${i}`, source: port.id, target: network.id, kind: 'publish' as const };
      legs.push({
        link: { ...link, label: '', network: null, paths: [] },
        source: port,
        target: network,
      });
    }
    const { ctx, calls } = countingPainter();
    drawIngress(createFrame(ctx, input()), legs);
    // Every leg is long enough for an arrowhead: 130 closed triangles, in ⌈130 / 48⌉ fills.
    expect(calls.filter((call) => call === 'closePath')).toHaveLength(130);
    expect(calls.filter((call) => call === 'fill')).toHaveLength(Math.ceil(130 / SHAPES_PER_PATH));
    let closed = 0;
    for (const call of calls) {
      if (call === 'beginPath') closed = 0;
      if (call === 'closePath') expect(++closed).toBeLessThanOrEqual(SHAPES_PER_PATH);
    }
  });
});
