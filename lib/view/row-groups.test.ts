import { describe, expect, it } from 'vitest';

import { stackRecording } from '@/lib/discovery/__fixtures__/stack-lab';

import { toGraph } from './graph';
import { DEFAULT_LAYERS } from './model';
import { groupRows } from './row-groups';
import { toRows } from './rows';

/* The list view grouped as the map is. */

describe('groupRows', () => {
  const { topology } = stackRecording('steady');
  const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
  const rows = toRows(graph, topology);

  it('keeps one untitled section for the other groupings', () => {
    for (const groupBy of ['node', 'network'] as const) {
      expect(groupRows(rows, graph, groupBy)).toEqual([{ id: null, title: null, rows }]);
    }
  });

  it('by stack: one section per stack (its header selects it), then the rest', () => {
    const sections = groupRows(rows, graph, 'stack');
    expect(sections.map((s) => [s.id, s.title])).toEqual([
      ['stack:fxstk', 'stack fxstk'],
      [null, 'Not in a stack or compose project'],
    ]);
    const stack = sections[0]!.rows;
    expect(stack.filter((row) => row.kind === 'service').map((row) => row.name)).toEqual([
      'fxstk_api',
      'fxstk_cache',
      'fxstk_front',
    ]);
    expect(stack.filter((row) => row.kind === 'task')).toHaveLength(5);
    expect(sections[1]!.rows.map((row) => row.name)).toContain('fxstk-kv');
    // every row once, in the same order within a section
    expect(sections.flatMap((s) => s.rows)).toHaveLength(rows.length);
    expect(stack).toEqual(rows.filter((row) => stack.includes(row)));
  });
});
