import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { createPatch } from '@/lib/topology/diff';
import { emptyTopology, type EngineState, type Topology } from '@/lib/topology/types';

import { staleEngines } from './plan';
import { createPresence } from './presence';
import { onMapOf } from './attribution';

const live: EngineState = { reachable: true, stale: false, error: null };
const down: EngineState = { reachable: false, stale: true, error: 'connection refused' };
const lab = (version: number, nodeTwo = live): Topology =>
  buildTopology(labInventories(), { 'node-1': live, 'node-2': nodeTwo, 'node-3': live }, version);

describe('presence followed from patches', () => {
  it('agrees with the topologies the patches lead to, and names what each patch made appear', () => {
    const one = lab(1);
    const container = Object.keys(one.containers)[0] as string;
    const { [container]: _gone, ...others } = one.containers;
    const two: Topology = { ...lab(2, down), containers: others };
    const presence = createPresence(emptyTopology(0));
    const appeared = presence.apply(createPatch(emptyTopology(0), one));
    expect(appeared).toEqual(new Set(Object.values(one).flatMap((c) => Object.keys(c ?? {}))));
    expect(presence.apply(createPatch(one, two))).toEqual(new Set());
    const onMap = onMapOf(two);
    for (const id of [container, ...Object.keys(two.networks), 'nothing'])
      expect(presence.has(id), id).toBe(onMap(id));
    expect(presence.stale()).toEqual(staleEngines(two));
    expect(presence.apply(createPatch(two, one))).toEqual(new Set([container]));
    expect(presence.stale()).toEqual(new Set());
  });

  it('starts again from a reset', () => {
    const presence = createPresence(lab(1));
    presence.apply({ from: 1, to: 2, ops: [{ op: 'reset', topology: emptyTopology(2) }] });
    expect(presence.has(Object.keys(lab(1).networks)[0] as string)).toBe(false);
  });
});
