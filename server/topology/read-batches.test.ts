import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Invalidation } from '@/lib/docker/invalidations';

import { createReadBatches } from './read-batches';

const container = (engine: string, id: string): Invalidation => ({
  kind: 'container',
  engine,
  id,
  removed: false,
});

/** A read per call that the test answers when it wants. */
function gatedReads() {
  const started: string[] = [];
  const gates = new Map<string, (() => void)[]>();
  const read = (invalidation: Invalidation) => {
    const key = invalidation.kind === 'container' ? invalidation.id : invalidation.kind;
    started.push(key);
    return new Promise<void>((resolve) => gates.set(key, [...(gates.get(key) ?? []), resolve]));
  };
  const answer = (key: string) => {
    const waiting = gates.get(key) ?? [];
    gates.delete(key);
    for (const resolve of waiting) resolve();
  };
  return { read, started, answer };
}

/** Fake time: what a batch does after N ms is exact, with no sleeps. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

let stop: (() => void) | null = null;
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  stop?.();
  vi.useRealTimers();
});

function setup(stragglerMs: number) {
  const reads = gatedReads();
  let batchesDone = 0;
  const batches = createReadBatches({
    gatherMs: 1,
    spacingMs: () => 5,
    stragglerMs,
    now: Date.now,
    read: reads.read,
    afterBatch: () => (batchesDone += 1),
    needsBuild: () => false,
  });
  stop = batches.stop;
  return { batches, reads, done: () => batchesDone };
}

describe('read batches', () => {
  it('reads each object once per batch and ends the batch when its reads answer', async () => {
    const { batches, reads, done } = setup(10_000);
    batches.invalidate(container('node-1', 'a'));
    batches.invalidate(container('node-1', 'a'));
    batches.invalidate(container('node-2', 'b'));
    await advance(1);
    expect(reads.started).toEqual(['a', 'b']);
    reads.answer('a');
    await advance(100);
    expect(done()).toBe(0);
    reads.answer('b');
    await advance(0);
    expect(done()).toBe(1);
  });

  it('does not let a hung read hold back the next batch', async () => {
    const { batches, reads, done } = setup(30);
    batches.invalidate(container('node-3', 'hung'));
    await advance(1);
    expect(reads.started).toEqual(['hung']);
    await advance(29);
    expect(done()).toBe(0);
    // The batch ends at its straggler deadline, with the hung read still out.
    await advance(1);
    expect(done()).toBe(1);
    batches.invalidate(container('node-1', 'a'));
    await advance(5);
    expect(reads.started).toEqual(['hung', 'a']);
    reads.answer('a');
    await advance(0);
    expect(done()).toBe(2);
    // The straggler's own answer gets a batch of its own.
    reads.answer('hung');
    await advance(5);
    expect(done()).toBe(3);
  });

  it('never reads one object twice at once: a newer request waits for the read under way', async () => {
    const { batches, reads, done } = setup(30);
    batches.invalidate(container('node-3', 'x'));
    await advance(31);
    expect(done()).toBe(1);
    batches.invalidate(container('node-3', 'x'));
    await advance(1_000);
    expect(reads.started).toEqual(['x']);
    reads.answer('x');
    await advance(5);
    expect(reads.started).toEqual(['x', 'x']);
  });
});
