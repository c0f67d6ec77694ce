/**
 * A token bucket per key: `burst` changes at once, refilled at `perSecond`. Mutations pass here so
 * a runaway script (or a hostile page that got hold of a token) cannot hammer the engines.
 */
export function createRateLimiter(
  { burst = 30, perSecond = 5 } = {},
  now: () => number = Date.now,
) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one token for `key`; returns 0 when allowed, else the ms to wait before retrying. */
    take(key: string): number {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: burst, at: time };
      bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.at) / 1000) * perSecond);
      bucket.at = time;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
