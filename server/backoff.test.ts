import { describe, expect, it } from 'vitest';

import { createBackoff } from './backoff';

describe('createBackoff', () => {
  it('grows exponentially up to the cap and resets', () => {
    const backoff = createBackoff({ minMs: 100, maxMs: 1000, factor: 2 }, () => 1);
    expect([
      backoff.next(),
      backoff.next(),
      backoff.next(),
      backoff.next(),
      backoff.next(),
    ]).toEqual([100, 200, 400, 800, 1000]);
    expect(backoff.attempt).toBe(5);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('never goes below the minimum with jitter', () => {
    const backoff = createBackoff({ minMs: 100, maxMs: 1000 }, () => 0);
    expect(backoff.next()).toBe(100);
    expect(backoff.next()).toBe(100);
  });
});
