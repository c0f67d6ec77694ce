import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology } from '@/lib/topology/types';

import { ELEMENTS_PER_PIECE, formatRecord, recordPieces, type KeyframeRecord } from './records';

describe('recordPieces', () => {
  it('makes the same line as formatRecord, a keyframe in pieces of ELEMENTS_PER_PIECE elements', () => {
    const lab = buildTopology(labInventories(), {}, 3);
    const container = Object.values(lab.containers)[0]!;
    const containers: Topology['containers'] = {};
    for (let index = 0; index < 2 * ELEMENTS_PER_PIECE + 7; index++)
      containers[`c${index}`] = { ...container, id: `c${index}` };
    // NOTE: JSON leaves out what is undefined; so must the pieces.
    const withHole = { ...containers, hole: undefined } as unknown as Topology['containers'];
    const record: KeyframeRecord = {
      k: 'key',
      t: 5,
      stale: ['node-2'],
      topology: { ...lab, containers: withHole },
      events: [],
    };
    const pieces = [...recordPieces(record)];
    expect(pieces.join('')).toBe(formatRecord(record));
    expect(pieces).toHaveLength(3);
    expect(JSON.parse(pieces.join(''))).toEqual(JSON.parse(formatRecord(record)));
  });

  it('leaves any other record whole', () => {
    const record = { k: 'gap', t: 9, reason: 'restart', since: 1 } as const;
    expect([...recordPieces(record)]).toEqual([formatRecord(record)]);
  });
});
