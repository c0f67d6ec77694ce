import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { createPatch } from '@/lib/topology/diff';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';

import { briefOf, compareMoments, fieldChanges } from './compare';
import { blindSpotAt, densityOf, gapsOf, rebuildAt } from './rebuild';
import {
  formatRecord,
  parseRecord,
  parseSegment,
  segmentFileName,
  segmentStart,
  type HistoryRecord,
} from './records';
import { segmentByteLimit, segmentsToDrop } from './retention';

const live = { reachable: true, stale: false, error: null };
const lab = (version: number) =>
  buildTopology(labInventories(), { 'node-1': live, 'node-2': live, 'node-3': live }, version);

function firstNetwork(topology: Topology): TopologyNetwork {
  const network = Object.values(topology.networks).find((candidate) => !candidate.system);
  if (!network) throw new Error('the lab fixture has user networks');
  return network;
}

/** Three moments: the lab (v1), a network's gateway changed (v2), that network gone (v3). */
function threeMoments() {
  const one = lab(1);
  const network = firstNetwork(one);
  const changed: TopologyNetwork = {
    ...network,
    subnets: network.subnets.map((subnet) => ({ ...subnet, gateway: '10.99.0.1' })),
  };
  const two: Topology = {
    ...one,
    version: 2,
    networks: { ...one.networks, [network.id]: changed },
  };
  const { [network.id]: _gone, ...rest } = two.networks;
  const three: Topology = { ...two, version: 3, networks: rest };
  return { one, two, three, network };
}

describe('history records', () => {
  it('round-trips every kind of record through one line each', () => {
    const { one, two } = threeMoments();
    const records: HistoryRecord[] = [
      { k: 'gap', t: 1, reason: 'restart', since: 0 },
      { k: 'key', t: 2, stale: [], topology: one, events: [] },
      { k: 'patch', t: 3, patch: createPatch(one, two), events: [] },
      { k: 'gap', t: 4, reason: 'engine', since: 4, engine: 'node-2' },
      { k: 'stop', t: 5 },
    ];
    const text = records.map(formatRecord).join('');
    expect(text.split('\n')).toHaveLength(records.length + 1);
    expect(parseSegment(text)).toEqual({ records, skipped: 0 });
  });

  it('skips a torn last line and lines that are not records', () => {
    const { one } = threeMoments();
    const whole = formatRecord({ k: 'key', t: 2, stale: [], topology: one, events: [] });
    const text = `${whole}{"k":"patch","t":3,"patch":{"fr`;
    expect(parseSegment(text).records).toHaveLength(1);
    expect(parseSegment(text).skipped).toBe(1);
    expect(parseRecord('{"k":"gap","t":1,"reason":"nap","since":0}')).toBeNull();
    expect(
      parseRecord('{"k":"patch","t":"soon","patch":{"from":1,"to":2,"ops":[]},"events":[]}'),
    ).toBeNull();
    expect(parseRecord('[]')).toBeNull();
  });

  it('names segments so that listing the folder orders them by time', () => {
    const names = [1_700_000_000_000, 999, 1_800_000_000_000].map(segmentFileName).sort();
    expect(names.map(segmentStart)).toEqual([999, 1_700_000_000_000, 1_800_000_000_000]);
    expect(segmentStart('notes.txt')).toBeNull();
  });
});

describe('rebuilding a moment', () => {
  const { one, two, three } = threeMoments();
  const records: HistoryRecord[] = [
    { k: 'key', t: 100, stale: [], topology: one, events: [] },
    { k: 'patch', t: 200, patch: createPatch(one, two), events: [] },
    { k: 'patch', t: 300, patch: createPatch(two, three), events: [] },
  ];

  it('gives each moment the topology it had, patches included up to and at that time', () => {
    expect(rebuildAt(records, 100)).toEqual(one);
    expect(rebuildAt(records, 199)).toEqual(one);
    expect(rebuildAt(records, 200)).toEqual(two);
    expect(rebuildAt(records, 299)).toEqual(two);
    expect(rebuildAt(records, 10_000)).toEqual(three);
  });

  it('starts from the nearest keyframe before the moment, and knows nothing before the first', () => {
    const later: HistoryRecord[] = [
      ...records,
      { k: 'key', t: 400, stale: [], topology: one, events: [] },
    ];
    expect(rebuildAt(later, 350)).toEqual(three);
    expect(rebuildAt(later, 400)).toEqual(one);
    expect(rebuildAt(records, 99)).toBeNull();
  });
});

describe('gaps', () => {
  const { one } = threeMoments();
  const key = (t: number): HistoryRecord => ({ k: 'key', t, stale: [], topology: one, events: [] });
  const records: HistoryRecord[] = [
    { k: 'gap', t: 100, reason: 'restart', since: 0 },
    key(100),
    { k: 'gap', t: 500, reason: 'engine', since: 500, engine: 'node-2' },
    key(900),
    { k: 'gap', t: 2_000, reason: 'restart', since: 1_200 },
    key(2_000),
    { k: 'gap', t: 3_000, reason: 'version', since: 3_000 },
  ];

  it('spans a restart from the last record to the restart, and an outage until the next keyframe', () => {
    expect(gapsOf(records)).toEqual([
      { from: 0, to: 100, reason: 'restart' },
      { from: 500, to: 900, reason: 'engine', engine: 'node-2' },
      { from: 1_200, to: 2_000, reason: 'restart' },
      { from: 3_000, to: null, reason: 'version' },
    ]);
  });

  it('calls only a restart a blind spot: during an outage the other engines were still seen', () => {
    const gaps = gapsOf(records);
    expect(blindSpotAt(gaps, 1_500)?.reason).toBe('restart');
    expect(blindSpotAt(gaps, 700)).toBeNull();
    expect(blindSpotAt(gaps, 2_000)).toBeNull();
  });

  it('counts changes per slice of time', () => {
    expect(densityOf([0, 1, 2, 9, 10, 11], 0, 10, 5)).toEqual([2, 1, 0, 0, 2]);
  });
});

describe('retention', () => {
  const segment = (start: number, end: number, bytes: number) => ({
    name: segmentFileName(start),
    start,
    end,
    bytes,
  });
  const segments = [segment(0, 90, 100), segment(100, 190, 100), segment(200, 290, 100)];

  it('drops segments older than the age limit, oldest first', () => {
    const decision = segmentsToDrop(segments, 300, { maxAgeMs: 150, maxBytes: 1e9 });
    expect(decision.drop.map((s) => s.start)).toEqual([0]);
    expect(decision.reason).toBe('age');
  });

  it('drops the oldest until the rest fit the size limit, never the newest', () => {
    expect(segmentsToDrop(segments, 300, { maxAgeMs: 1e9, maxBytes: 150 })).toEqual({
      drop: [segments[0], segments[1]],
      reason: 'size',
    });
    expect(segmentsToDrop(segments, 300, { maxAgeMs: 1, maxBytes: 1 }).drop).toHaveLength(2);
    expect(segmentsToDrop(segments, 300, { maxAgeMs: 1e9, maxBytes: 300 })).toEqual({
      drop: [],
      reason: null,
    });
  });

  it('sizes segments to a sixteenth of the limit, within bounds', () => {
    expect(segmentByteLimit(512 * 1024 * 1024)).toBe(16 * 1024 * 1024);
    expect(segmentByteLimit(16 * 1024 * 1024)).toBe(1024 * 1024);
    expect(segmentByteLimit(10)).toBe(4 * 1024);
  });
});

describe('comparing two moments', () => {
  const { one, two, three, network } = threeMoments();

  it('lists a changed field by path with both values', () => {
    const comparison = compareMoments(one, two);
    expect(comparison.added).toEqual([]);
    expect(comparison.removed).toEqual([]);
    expect(comparison.changed).toHaveLength(1);
    const [change] = comparison.changed;
    expect(change?.id).toBe(network.id);
    const subnet = network.subnets[0]?.subnet;
    expect(change?.fields).toContainEqual({
      path: `subnets[subnet=${subnet}].gateway`,
      before: network.subnets[0]?.gateway,
      after: '10.99.0.1',
    });
  });

  it('lists what disappeared and, the other way round, what appeared', () => {
    expect(compareMoments(two, three).removed).toEqual([
      { collection: 'networks', id: network.id, name: network.name },
    ]);
    expect(compareMoments(three, two).added).toEqual([
      { collection: 'networks', id: network.id, name: network.name },
    ]);
    expect(compareMoments(one, one)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('says what an added network is in a few words: its driver and subnets', () => {
    const [added] = compareMoments(three, two).added;
    if (!added) throw new Error('one network was added');
    expect(briefOf(two, added)).toBe(
      [network.driver, ...network.subnets.map((s) => s.subnet)].join(' · '),
    );
  });

  it('compares lists of plain values whole, and an added list item under its key', () => {
    expect(fieldChanges({ aliases: ['a'] }, { aliases: ['a', 'b'] })).toEqual([
      { path: 'aliases', before: ['a'], after: ['a', 'b'] },
    ]);
    expect(
      fieldChanges(
        { endpoints: [{ network: 'n1', ipv4: '10.0.0.2' }] },
        {
          endpoints: [
            { network: 'n1', ipv4: '10.0.0.3' },
            { network: 'n2', ipv4: null },
          ],
        },
      ),
    ).toEqual([
      { path: 'endpoints[network=n1].ipv4', before: '10.0.0.2', after: '10.0.0.3' },
      { path: 'endpoints[network=n2]', before: undefined, after: { network: 'n2', ipv4: null } },
    ]);
  });
});
