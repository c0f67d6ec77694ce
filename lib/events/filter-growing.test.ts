import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';

import { filterGrowing } from './filter-growing';

const event = (n: number): DockerEvent => ({
  engine: 'node-1',
  type: 'container',
  action: n % 3 === 0 ? 'die' : 'start',
  id: `c${n}`,
  name: `c${n}`,
  attributes: {},
  time: n,
  timeNano: n * 1e9,
});

const dies = (e: DockerEvent) => e.action === 'die';

/** The live buffer's way of growing: add at the end, keep the last `max`. */
const grow = (buffer: DockerEvent[], added: DockerEvent[], max: number) =>
  buffer.concat(added).slice(-max);

describe('filterGrowing', () => {
  it('equals a full filter as the buffer grows and is cut, testing only the added events', () => {
    let buffer: DockerEvent[] = [];
    let view = filterGrowing(buffer, dies, null);
    let tested = 0;
    const counting = (e: DockerEvent) => {
      tested += 1;
      return dies(e);
    };
    for (let round = 0; round < 40; round++) {
      const added = Array.from({ length: 7 + (round % 5) }, (_, i) => event(round * 100 + i));
      buffer = grow(buffer, added, 50);
      tested = 0;
      view = filterGrowing(buffer, counting, view);
      expect(view.kept).toEqual(buffer.filter(dies));
      expect(tested).toBe(added.length);
    }
  });

  it('keeps the same array when nothing it holds changed', () => {
    const buffer = [event(3), event(4)];
    const first = filterGrowing(buffer, dies, null);
    const next = filterGrowing([...buffer, event(5)], dies, first);
    expect(next.kept).toBe(first.kept);
  });

  it('filters in full a buffer that was replaced, not grown', () => {
    const first = filterGrowing([event(3), event(4)], dies, null);
    const replaced = [event(6), event(7), event(9)];
    expect(filterGrowing(replaced, dies, first).kept).toEqual([event(6), event(9)]);
    // The same last event, but a different start: not the same buffer.
    const shared = event(12);
    const a = filterGrowing([event(3), shared], dies, null);
    expect(filterGrowing([event(15), event(18), shared], dies, a).kept).toEqual([
      event(15),
      event(18),
      shared,
    ]);
  });
});
