import { describe, expect, it } from 'vitest';

import { changedSince, noteDerived } from './record-lineage';

describe('record lineage', () => {
  it('answers the keys noted along the way from an older record to a newer one', () => {
    const one = { a: 1, b: 2 };
    const two = { ...one, b: 3 };
    noteDerived(two, one, ['b']);
    const three = { ...two, c: 4 };
    noteDerived(three, two, ['c']);
    expect(changedSince(one, three)).toEqual(new Set(['b', 'c']));
    expect(changedSince(two, three)).toEqual(new Set(['c']));
    expect(changedSince(three, three)).toEqual(new Set());
  });

  it('answers null when the newer record was not derived from the older one', () => {
    const one = { a: 1 };
    const other = { a: 2 };
    const two = { ...other, b: 1 };
    noteDerived(two, other, ['b']);
    expect(changedSince(one, two)).toBeNull();
    // Nor backwards: an older record is not derived from a newer one.
    expect(changedSince(two, other)).toBeNull();
  });
});
