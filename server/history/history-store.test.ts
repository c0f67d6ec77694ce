import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { PatchStep } from '@/lib/history/plan';
import { ELEMENTS_PER_PIECE } from '@/lib/history/records';
import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { createPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import { syntheticTopology } from '../../test/support/synthetic-topology';
import { createLogger } from '../logger';
import { createHistoryStore } from './history-store';

const logger = createLogger('error', {}, () => {});
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-history-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const live = { reachable: true, stale: false, error: null };
const base = buildTopology(labInventories(), { 'node-1': live, 'node-2': live, 'node-3': live }, 1);

/** A chain of topologies, each with one more network label than the one before. */
function chain(length: number): Topology[] {
  const network = Object.values(base.networks).find((candidate) => !candidate.system);
  if (!network) throw new Error('the fixture has user networks');
  const list = [base];
  for (let index = 1; index < length; index++) {
    const previous = list[index - 1] as Topology;
    list.push({
      ...previous,
      version: previous.version + 1,
      networks: {
        ...previous.networks,
        [network.id]: { ...network, labels: { ...network.labels, step: String(index) } },
      },
    });
  }
  return list;
}

const step = (t: number, before: Topology | null, after: Topology): PatchStep => ({
  t,
  patch: createPatch(before, after),
  after,
  events: [],
  wentStale: [],
  back: [],
});

/** A store with no retention to speak of, a keyframe every 7 patches, its clock at 1 500. */
const keyframedEvery7 = (dir: string) =>
  createHistoryStore({
    dir,
    logger,
    maxAgeMs: 1e12,
    maxBytes: 1e9,
    now: () => 1_500,
    keyframes: { everyPatches: 7, everyMs: 1e9 },
  });

describe('history store', () => {
  it('gives the event loop turns while it writes a keyframe of 10,000 elements, and reads it back', async () => {
    const dir = tempDir();
    const big = syntheticTopology({ elements: 10_000, hosts: 20 });
    // NOTE: a piece ends at every ELEMENTS_PER_PIECE-th element of a collection.
    const pieceEnds = Object.values(big)
      .map((part) => (typeof part === 'object' ? Object.keys(part).length : 0))
      .reduce((sum, count) => sum + Math.floor(count / ELEMENTS_PER_PIECE), 0);
    let turns = 0;
    const giveTurn = () => {
      turns += 1;
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    const store = createHistoryStore({
      dir,
      logger,
      maxAgeMs: 1e12,
      maxBytes: 1e12,
      now: () => 1,
      giveTurn,
    });
    store.append(step(1_000, null, big));
    await store.flush();
    expect(pieceEnds).toBeGreaterThan(10);
    expect(turns).toBe(pieceEnds);
    expect(await store.topologyAt(1_000)).toEqual(big);
    await store.close();
  });

  it('rebuilds any moment after a restart, records the restart as a gap and keeps the changes', async () => {
    const dir = tempDir();
    const moments = chain(30);
    const first = keyframedEvery7(dir);
    moments.forEach((topology, index) =>
      first.append(step(1_000 + index * 10, moments[index - 1] ?? null, topology)),
    );
    await first.close();

    const second = createHistoryStore({
      dir,
      logger,
      maxAgeMs: 1e12,
      maxBytes: 1e9,
      now: () => 6_000,
    });
    for (const index of [0, 6, 7, 13, 29]) {
      expect(await second.topologyAt(1_000 + index * 10 + 5)).toEqual(moments[index]);
    }
    expect(await second.topologyAt(999)).toBeNull();
    const last = moments.at(-1) as Topology;
    second.append(step(5_000, null, { ...last, version: 1 }));
    await second.flush();
    const range = second.range();
    // NOTE: the first run stopped cleanly at 1 500: the gap starts there, not at its last patch.
    expect(range.gaps).toEqual([{ from: 1_500, to: 5_000, reason: 'restart' }]);
    expect(range.from).toBe(1_000);
    expect(range.to).toBe(5_000);
    expect(range.changes).toBe(29);
    const { records } = await second.between(1_100, 1_150, 100);
    expect(records.map((record) => record.t)).toEqual([1_100, 1_110, 1_120, 1_130, 1_140, 1_150]);
    expect((await second.between(0, 10_000, 3)).truncated).toBe(true);
    const newest = await second.between(0, 1_135, 2, true);
    expect(newest.records.map((record) => record.t)).toEqual([1_130, 1_120]);
    // NOTE: the restart gap is in the second run's segment: newest first crosses segments.
    const across = await second.between(0, 10_000, 2, true);
    expect(across.records.map((record) => record.k)).toEqual(['gap', 'patch']);
    expect(across.records.map((record) => record.t)).toEqual([5_000, 1_290]);
  });

  it('follows the patches when only the first comes with its topology, and writes keyframes of the moments', async () => {
    const dir = tempDir();
    const moments = chain(30);
    const kept = JSON.stringify(moments[0]);
    const store = keyframedEvery7(dir);
    moments.forEach((topology, index) => {
      const { after, ...rest } = step(1_000 + index * 10, moments[index - 1] ?? null, topology);
      store.append(index === 0 ? { ...rest, after } : rest);
    });
    await store.flush();
    expect(store.range().keyframes).toBeGreaterThan(3);
    for (const index of [0, 6, 7, 13, 20, 29]) {
      expect(await store.topologyAt(1_000 + index * 10 + 5)).toEqual(moments[index]);
    }
    // NOTE: the store writes its own copy of the map; the topology it was handed is left alone.
    expect(JSON.stringify(moments[0])).toBe(kept);
    await store.close();
  });

  it('with a tiny size limit drops the oldest segments first and says so', async () => {
    const dir = tempDir();
    const moments = chain(40);
    const store = createHistoryStore({
      dir,
      logger,
      maxAgeMs: 1e12,
      maxBytes: 100 * 1024,
      flushMs: 1,
      now: () => 2_000,
    });
    for (const [index, topology] of moments.entries()) {
      store.append(step(1_000 + index, moments[index - 1] ?? null, topology));
      await store.flush();
    }
    const range = store.range();
    expect(range.dropped?.reason).toBe('size');
    expect(range.from).toBeGreaterThan(1_000);
    expect(range.dropped?.before).toBe(range.from);
    expect(await store.topologyAt(1_039)).toEqual(moments[39]);
    expect(await store.topologyAt(1_000)).toBeNull();
    const files = fs.readdirSync(dir);
    expect(files.length).toBe(range.segments);
    const onDisk = files.reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    expect(onDisk).toBe(range.bytes);
  });

  it('a keyframe larger than the segment limit does not open a segment per change', async () => {
    const dir = tempDir();
    const moments = chain(30);
    const keyBytes = Buffer.byteLength(JSON.stringify(base));
    // NOTE: the segment limit is maxBytes / 16 (at least 4 KiB): here half a keyframe. Keyframes
    // written per change would pass maxBytes and be trimmed; a keyframe per segment is not.
    const maxBytes = 8 * keyBytes;
    expect(maxBytes / 16).toBeGreaterThanOrEqual(4 * 1024);
    const store = createHistoryStore({
      dir,
      logger,
      maxAgeMs: 1e12,
      maxBytes,
      flushMs: 1,
      now: () => 2_000,
    });
    for (const [index, topology] of moments.entries()) {
      store.append(step(1_000 + index, moments[index - 1] ?? null, topology));
      await store.flush();
    }
    const range = store.range();
    const keyframes = fs
      .readdirSync(dir)
      .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n'))
      .filter((line) => line !== '' && (JSON.parse(line) as { k: string }).k === 'key');
    expect(range.dropped).toBeFalsy();
    expect(range.from).toBe(1_000);
    expect(keyframes.length).toBe(range.segments);
    expect(range.segments).toBeLessThanOrEqual(3);
    expect(await store.topologyAt(1_029)).toEqual(moments[29]);
  });

  it('keeps late events beside the change they belong to, read back after a restart', async () => {
    const dir = tempDir();
    const moments = chain(4);
    const store = createHistoryStore({
      dir,
      logger,
      maxAgeMs: 1e12,
      maxBytes: 1e9,
      now: () => 3_000,
    });
    moments.forEach((topology, index) =>
      store.append(step(1_000 + index * 10, moments[index - 1] ?? null, topology)),
    );
    const late = { engine: 'node-1', type: 'network', action: 'destroy', id: 'n1' } as const;
    store.appendLate(1_500, moments[2]?.version ?? 0, [
      { ...late, name: null, attributes: {}, time: 1, timeNano: 1 },
    ]);
    await store.close();
    const reopened = createHistoryStore({ dir, logger, maxAgeMs: 1e12, maxBytes: 1e9 });
    // NOTE: asked up to the change itself, the late events recorded after it still come along.
    const { records, late: found } = await reopened.between(1_000, 1_020, 100);
    expect(records.map((record) => record.k)).toEqual(['patch', 'patch']);
    expect(found).toEqual([expect.objectContaining({ k: 'late', to: moments[2]?.version })]);
    expect(await reopened.topologyAt(1_600)).toEqual(moments[3]);
  });
});
