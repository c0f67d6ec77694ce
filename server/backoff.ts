/** Exponential backoff with full jitter: min·factorⁿ, capped at max. */
export interface Backoff {
  /** The delay before the next attempt; each call counts one more failure. */
  next(): number;
  reset(): void;
  readonly attempt: number;
}

export function createBackoff(
  { minMs = 250, maxMs = 10_000, factor = 2 } = {},
  random: () => number = Math.random,
): Backoff {
  let attempt = 0;
  return {
    next() {
      const ceiling = Math.min(maxMs, minMs * factor ** attempt);
      attempt += 1;
      // NOTE: jitter keeps many dashboards (or engines) from retrying in lockstep.
      return Math.round(minMs + (ceiling - minMs) * random());
    },
    reset() {
      attempt = 0;
    },
    get attempt() {
      return attempt;
    },
  };
}
