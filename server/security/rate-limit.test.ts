import { describe, expect, it } from 'vitest';

import { createRateLimiter } from './rate-limit';

describe('createRateLimiter', () => {
  it('allows a burst, then asks to wait, then refills', () => {
    let time = 0;
    const limiter = createRateLimiter({ burst: 3, perSecond: 2 }, () => time);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(500);
    expect(limiter.take('b')).toBe(0);
    time += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });
});

describe('wait', () => {
  it('tells how long a key must wait without taking a token', () => {
    let time = 0;
    const limiter = createRateLimiter({ burst: 1, perSecond: 1 }, () => time);
    expect(limiter.wait('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.wait('a')).toBe(1000);
    expect(limiter.wait('a')).toBe(1000);
    time += 1000;
    expect(limiter.wait('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
  });

  it('forgets full buckets first when it holds too many keys', () => {
    const limiter = createRateLimiter({ burst: 1, perSecond: 0.001, maxKeys: 2 }, () => 0);
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.take('c')).toBeGreaterThan(0);
  });
});
