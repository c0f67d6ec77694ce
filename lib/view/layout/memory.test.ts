import { describe, expect, it } from 'vitest';

import { LayoutMemory } from './memory';
import type { Region } from './model';

const region: Region = {
  id: 'h1',
  kind: 'host',
  shape: 'rect',
  rect: { x: 0, y: 0, w: 300.04, h: 200 },
  inner: { x: 10, y: 40, w: 280, h: 150 },
  group: null,
  network: null,
};

describe('LayoutMemory', () => {
  it('puts an element back only in the region it was remembered in', () => {
    const memory = new LayoutMemory();
    memory.remember('c1', 12, 34, 'h1');
    memory.remember('c2', NaN, 1, 'h1');
    expect(memory.recall('c1', 'h1')).toEqual({ x: 12, y: 34, region: 'h1' });
    expect(memory.recall('c1', 'h2')).toBeNull();
    expect(memory.recall('c2', 'h1')).toBeNull();
  });

  it('round-trips through its stored form (rounded to a tenth)', () => {
    const memory = new LayoutMemory();
    memory.keepFrame(region);
    memory.remember('c1', 12.345, 34, 'h1');
    const again = LayoutMemory.fromSnapshot(JSON.parse(JSON.stringify(memory.toSnapshot())));
    expect(again.recall('c1', 'h1')).toEqual({ x: 12.3, y: 34, region: 'h1' });
    const { group: _group, ...frame } = region;
    expect(again.frames.get('h1')).toEqual({ ...frame, rect: { ...frame.rect, w: 300 } });
  });

  it('skips what is malformed in storage', () => {
    expect(LayoutMemory.fromSnapshot(null).empty).toBe(true);
    expect(LayoutMemory.fromSnapshot({ v: 2, frames: [], positions: [] }).empty).toBe(true);
    const memory = LayoutMemory.fromSnapshot({
      v: 1,
      frames: [
        ['h1', 'host', 'rect', null, 0, 0, 10, 10, 1, 1, 8, 8],
        ['h2', 'moon', 'rect', null, 0, 0, 10, 10, 1, 1, 8, 8],
        ['h3', 'host', 'rect', null, 0, 0, -1, 10, 1, 1, 8, 8],
        ['h4', 'host', 'rect', null, 0, 0, 10],
      ],
      positions: [['a', 1, 2, 'h1'], ['b', '1', 2, 'h1'], 'junk', ['c', 1, 2]],
    });
    expect([...memory.frames.keys()]).toEqual(['h1']);
    expect([...memory.positions.keys()]).toEqual(['a']);
  });

  it('forgets what was not seen the longest first, never what is shown', () => {
    const memory = new LayoutMemory();
    for (const id of ['a', 'b', 'c', 'd']) memory.remember(id, 1, 1, 'h1');
    memory.remember('a', 2, 2, 'h1');
    memory.prune(new Set(['b']), 2);
    expect([...memory.positions.keys()]).toEqual(['b', 'a']);
  });
});
