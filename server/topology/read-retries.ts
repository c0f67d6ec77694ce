import { invalidationKey, type Invalidation } from '@/lib/docker/invalidations';

import type { Logger } from '../logger';

/**
 * A read that failed (an engine slow after a restart, a timeout) is tried again a few times, a
 * second apart, rather than leaving the object stale until the next reconcile.
 */
export function createReadRetries(
  log: Logger,
  retry: (invalidation: Invalidation) => void,
  attempts = 5,
  delayMs = 1_000,
) {
  const failures = new Map<string, number>();
  return {
    succeeded(invalidation: Invalidation) {
      failures.delete(invalidationKey(invalidation));
    },
    failed(invalidation: Invalidation, error: unknown) {
      const key = invalidationKey(invalidation);
      const attempt = (failures.get(key) ?? 0) + 1;
      log.warn('read failed', { key, attempt, error });
      if (attempt > attempts) {
        failures.delete(key);
        return;
      }
      failures.set(key, attempt);
      setTimeout(() => retry(invalidation), delayMs);
    },
  };
}
