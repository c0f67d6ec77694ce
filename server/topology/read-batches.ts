import { invalidationKey, type Invalidation } from '@/lib/docker/invalidations';

interface Options {
  /** A lone change waits this long for the other events of the same command. */
  gatherMs: number;
  /** The least time between two batches (the hub lengthens it after a costly build). */
  spacingMs: () => number;
  /**
   * How long a batch waits for its slowest read before the others are shown. A read still
   * running then is a straggler: it is shown with a batch of its own when it answers.
   */
  stragglerMs: number;
  now: () => number;
  /** One object's read, applied to the inventories; never rejects. */
  read: (invalidation: Invalidation) => Promise<void>;
  /** After a batch's reads (or its stragglers' deadline): build and show what they changed. */
  afterBatch: () => void;
  /** Whether something read is not shown yet: worth a batch even with nothing to read. */
  needsBuild: () => boolean;
}

/**
 * Turns invalidations into batches of reads: at most one read per object per batch, and never
 * two reads of one object at once (an older answer must not land after a newer one).
 * NOTE: found in CI: a batch used to wait for all its reads; one read sent to a hung engine (its
 * dockerd frozen) held every engine's changes, and that engine's own `down`, for the read's
 * 10 s timeout. A batch now waits `stragglerMs` at most.
 */
export function createReadBatches(options: Options) {
  const { gatherMs, stragglerMs, now } = options;
  const pending = new Map<string, Invalidation>();
  const inFlight = new Set<string>();
  let batching = false;
  let scheduled = false;
  let stopped = false;
  let lastBatchAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;

  const readyToRead = () => [...pending.keys()].some((key) => !inFlight.has(key));

  const schedule = () => {
    if (batching || scheduled || stopped) return;
    scheduled = true;
    // NOTE: one docker command emits several events within a millisecond or two (`start` brings
    // `network connect` then `start`): a lone change waits `gatherMs` so they make one read and
    // one patch; during a burst, batches are `spacingMs` apart.
    const wait = Math.max(gatherMs, lastBatchAt + options.spacingMs() - now());
    timer = setTimeout(() => void runBatch(), wait);
  };

  const startRead = (key: string, invalidation: Invalidation, late: { now: boolean }) => {
    inFlight.add(key);
    return options.read(invalidation).finally(() => {
      inFlight.delete(key);
      if (late.now || pending.has(key)) schedule();
    });
  };

  const runBatch = async () => {
    scheduled = false;
    if (batching || stopped) return;
    batching = true;
    lastBatchAt = now();
    const late = { now: false };
    const reads: Promise<void>[] = [];
    for (const [key, invalidation] of pending) {
      if (inFlight.has(key)) continue;
      pending.delete(key);
      reads.push(startRead(key, invalidation, late));
    }
    let deadline: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all(reads),
        new Promise<void>((resolve) => (deadline = setTimeout(resolve, stragglerMs))),
      ]);
      late.now = true;
      if (!stopped) options.afterBatch();
    } finally {
      clearTimeout(deadline);
      batching = false;
      if (readyToRead() || options.needsBuild()) schedule();
    }
  };

  return {
    invalidate(invalidation: Invalidation) {
      pending.set(invalidationKey(invalidation), invalidation);
      schedule();
    },
    /** A batch soon, to show what changed without a read (a full read, a link). */
    schedule,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
