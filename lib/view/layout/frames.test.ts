import { describe, expect, it } from 'vitest';

import type { ViewGroup } from '../model';
import { capacityOf, carryFrames, GROW_TO, placeNew } from './frames';
import type { RegionFrame } from './memory';
import type { Region } from './model';

function host(id: string, x: number, y: number, w: number, h: number): Region {
  return {
    id,
    kind: 'host',
    shape: 'rect',
    rect: { x, y, w, h },
    inner: { x: x + 10, y: y + 40, w: w - 20, h: h - 50 },
    group: null,
    network: null,
  };
}

function band(x: number, y: number, w: number, h: number): Region {
  return { ...host('swarm', x, y, w, h), kind: 'swarm' };
}

function circle(id: string, x: number, y: number, d: number): Region {
  const inset = d * 0.1;
  return {
    id,
    kind: 'cluster',
    shape: 'circle',
    rect: { x, y, w: d, h: d },
    inner: { x: x + inset, y: y + inset, w: d - 2 * inset, h: d - 2 * inset },
    group: null,
    network: id,
  };
}

function frames(...regions: Region[]): Map<string, RegionFrame> {
  return new Map(regions.map(({ group: _group, ...frame }) => [frame.id, frame]));
}

function overlap(a: RegionFrame, b: RegionFrame): boolean {
  const { rect: r } = a;
  const { rect: o } = b;
  return r.x < o.x + o.w && r.x + r.w > o.x && r.y < o.y + o.h && r.y + r.h > o.y;
}

const text = (id: string): ViewGroup => ({
  id,
  kind: 'host',
  name: `${id} today`,
  lines: [],
  stale: false,
  engine: null,
  members: [],
});

describe('carryFrames', () => {
  const kept = frames(
    band(0, 0, 700, 200),
    host('a', 0, 240, 300, 300),
    host('b', 340, 240, 360, 300),
  );

  it('keeps every frame where it was, with the group text of the day', () => {
    const wanted = [band(0, 0, 500, 150), { ...host('a', 0, 200, 280, 250), group: text('a') }];
    const carried = carryFrames(kept, wanted, new Map(), 2);
    expect(carried.regions.map((r) => r.rect)).toEqual([
      kept.get('swarm')!.rect,
      kept.get('a')!.rect,
    ]);
    expect(carried.regions[1]!.group?.name).toBe('a today');
    expect(carried.shifts.size).toBe(0);
    // The hidden region keeps its frame too.
    expect(carried.frames.get('b')).toEqual(kept.get('b'));
  });

  it('puts a new host beside the others, overlapping none', () => {
    const carried = carryFrames(kept, [host('c', 0, 0, 300, 300)], new Map(), 2);
    const placed = carried.frames.get('c')!;
    for (const other of kept.values()) expect(overlap(placed, other), other.id).toBe(false);
    expect(placed.rect.w).toBe(300);
    expect(placed.inner.x - placed.rect.x).toBe(10);
  });

  it('puts a new swarm band above everything, as wide as the map', () => {
    const hosts = frames(host('a', 0, 0, 300, 300), host('b', 340, 0, 360, 300));
    const placed = placeNew(hosts, band(0, 0, 400, 180), 2);
    expect(placed.rect.y + placed.rect.h).toBeLessThan(0);
    expect(placed.rect.w).toBe(700);
  });

  it('grows a crowded host downwards with its row, and moves the rows under it', () => {
    const below = host('c', 0, 600, 300, 300);
    const all = frames(
      band(0, 0, 700, 200),
      host('a', 0, 240, 300, 300),
      host('b', 340, 240, 360, 300),
      below,
    );
    const need = capacityOf(all.get('a')!) * 2;
    const carried = carryFrames(all, [host('a', 0, 0, 1, 1)], new Map([['a', need]]), 2);
    const a = carried.frames.get('a')!;
    expect(a.rect.y).toBe(240);
    expect(a.rect.h).toBeGreaterThan(300);
    expect(capacityOf(a)).toBeCloseTo(need / GROW_TO);
    expect(carried.frames.get('b')!.rect.h).toBe(a.rect.h);
    expect(carried.frames.get('swarm')).toEqual(all.get('swarm'));
    const dy = a.rect.h - 300;
    expect(carried.frames.get('c')!.rect.y).toBeCloseTo(600 + dy);
    expect(carried.shifts).toEqual(new Map([['c', { dx: 0, dy }]]));
  });

  it('grows a crowded swarm band upwards, moving nothing', () => {
    const need = capacityOf(kept.get('swarm')!) * 2;
    const carried = carryFrames(kept, [band(0, 0, 1, 1)], new Map([['swarm', need]]), 2);
    const grown = carried.frames.get('swarm')!;
    expect(grown.rect.y).toBeLessThan(0);
    expect(grown.rect.y + grown.rect.h).toBe(200);
    expect(carried.shifts.size).toBe(0);
  });

  it('leaves a region alone while its members fit', () => {
    const need = capacityOf(kept.get('a')!) * 1.2;
    const carried = carryFrames(kept, [host('a', 0, 0, 1, 1)], new Map([['a', need]]), 2);
    expect(carried.frames).toEqual(kept);
  });

  it('grows a crowded circle about its centre and pushes the circles it would touch away', () => {
    const all = frames(
      circle('n1', 0, 0, 200),
      circle('n2', 240, 0, 200),
      circle('n3', 480, 0, 200),
    );
    const need = capacityOf(all.get('n2')!) * 3;
    const carried = carryFrames(all, [circle('n2', 0, 0, 1)], new Map([['n2', need]]), 2);
    const n2 = carried.frames.get('n2')!;
    expect(n2.rect.x + n2.rect.w / 2).toBeCloseTo(340);
    expect(capacityOf(n2)).toBeCloseTo(need / GROW_TO);
    const ids = ['n1', 'n2', 'n3'];
    for (const a of ids) {
      for (const b of ids) {
        if (a < b)
          expect(overlap(carried.frames.get(a)!, carried.frames.get(b)!), `${a} ${b}`).toBe(false);
      }
    }
    expect([...carried.shifts.keys()].sort()).toEqual(['n1', 'n3']);
    expect(carried.shifts.get('n1')!.dx).toBeLessThan(0);
    expect(carried.shifts.get('n3')!.dx).toBeGreaterThan(0);
  });
});
