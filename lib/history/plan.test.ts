import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { createPatch } from '@/lib/topology/diff';
import type { EngineState, Topology } from '@/lib/topology/types';

import { initialWriterState, planRecords, staleEngines, type PatchStep } from './plan';

const live: EngineState = { reachable: true, stale: false, error: null };
const down: EngineState = { reachable: false, stale: true, error: 'connection refused' };
const topology = (version: number, nodeTwo = live) =>
  buildTopology(labInventories(), { 'node-1': live, 'node-2': nodeTwo, 'node-3': live }, version);
const policy = { everyPatches: 3, everyMs: 60_000 };

const step = (t: number, before: Topology, after: Topology, extra: Partial<PatchStep> = {}) => ({
  t,
  patch: createPatch(before, after),
  after,
  events: [],
  wentStale: [],
  back: [],
  ...extra,
});

describe('planning the records of a patch', () => {
  const one = topology(1);
  const two = topology(2, down);
  const three = topology(3);

  it('starts a run with a keyframe, after a restart gap when an earlier run left records', () => {
    const fresh = planRecords(initialWriterState(null), step(10, one, two), policy, true);
    expect(fresh.records.map((record) => record.k)).toEqual(['key']);
    const resumed = planRecords(initialWriterState(4), step(10, one, two), policy, true);
    expect(resumed.records[0]).toEqual({ k: 'gap', t: 10, reason: 'restart', since: 4 });
    expect(resumed.records[1]).toMatchObject({ k: 'key', t: 10, stale: ['node-2'], topology: two });
    expect(resumed.state.version).toBe(2);
  });

  it('opens an engine gap when an engine goes stale, and keyframes when it is back', () => {
    const started = planRecords(initialWriterState(null), step(10, one, one), policy, true).state;
    const outage = planRecords(
      started,
      step(20, one, two, { wentStale: ['node-2'] }),
      policy,
      false,
    );
    expect(outage.records.map((record) => record.k)).toEqual(['gap', 'patch']);
    expect(outage.records[0]).toMatchObject({ reason: 'engine', engine: 'node-2', t: 20 });
    const back = planRecords(
      outage.state,
      step(30, two, three, { back: ['node-2'] }),
      policy,
      false,
    );
    expect(back.records.map((record) => record.k)).toEqual(['patch', 'key']);
  });

  it('records a version gap when a patch does not follow the last one', () => {
    const started = planRecords(initialWriterState(null), step(10, one, one), policy, true).state;
    const skipped = planRecords(started, step(20, two, three), policy, false);
    expect(skipped.records.map((record) => record.k)).toEqual(['gap', 'key']);
    expect(skipped.records[0]).toMatchObject({ reason: 'version' });
  });

  it('keyframes every N patches', () => {
    let state = planRecords(initialWriterState(null), step(0, one, one), policy, true).state;
    const kinds: string[][] = [];
    let previous = one;
    for (let version = 2; version <= 7; version++) {
      const next = { ...one, version };
      const planned = planRecords(state, step(version, previous, next), policy, false);
      kinds.push(planned.records.map((record) => record.k));
      state = planned.state;
      previous = next;
    }
    expect(kinds).toEqual([
      ['patch'],
      ['patch'],
      ['patch', 'key'],
      ['patch'],
      ['patch'],
      ['patch', 'key'],
    ]);
  });

  it('names the stale engines of a topology', () => {
    expect([...staleEngines(two)]).toEqual(['node-2']);
    expect(staleEngines(three).size).toBe(0);
  });
});
