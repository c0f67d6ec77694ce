import { describe, expect, it } from 'vitest';

import { Ring } from './event-ring';

describe('Ring', () => {
  it('keeps the most recent items, oldest first', () => {
    const ring = new Ring<number>(3);
    expect(ring.toArray()).toEqual([]);
    for (const n of [1, 2]) ring.push(n);
    expect(ring.toArray()).toEqual([1, 2]);
    for (const n of [3, 4, 5]) ring.push(n);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
  });

  it('refuses a nonsensical capacity', () => {
    expect(() => new Ring(0)).toThrow();
  });
});
