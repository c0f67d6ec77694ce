/**
 * A token bucket per key: `burst` requests at once, refilled at `perSecond`. Changes, refusals
 * and wrong tokens each pass their own limiter, keyed per client, so a runaway script or a
 * hostile page cannot hammer the engines, flood the audit or drain someone else's bucket.
 */
export function createRateLimiter(
  { burst = 30, perSecond = 5, maxKeys = 10_000 } = {},
  now: () => number = Date.now,
) {
  const buckets = new Map<string, { tokens: number; at: number }>();

  const refilled = (key: string, time: number) => {
    const bucket = buckets.get(key) ?? { tokens: burst, at: time };
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.at) / 1000) * perSecond);
    bucket.at = time;
    return bucket;
  };
  const waitFor = (tokens: number) => Math.ceil(((1 - tokens) / perSecond) * 1000);

  return {
    /** Takes one token for `key`; returns 0 when allowed, else the ms to wait before retrying. */
    take(key: string): number {
      const bucket = refilled(key, now());
      // NOTE: keys come from clients; full buckets carry no state and are the first to go.
      if (!buckets.has(key) && buckets.size >= maxKeys) {
        for (const [old, state] of buckets) if (state.tokens >= burst) buckets.delete(old);
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return waitFor(bucket.tokens);
    },
    /** The ms `key` must wait before its next request, without taking a token. */
    wait(key: string): number {
      const existing = buckets.get(key);
      if (!existing) return 0;
      const bucket = refilled(key, now());
      return bucket.tokens >= 1 ? 0 : waitFor(bucket.tokens);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
