import { describe, expect, it } from 'vitest';

import { errorUnder, keyedErrorUnder } from './field-errors';

describe('which refusal a list or map field shows', () => {
  const errors = { name: 'Give it a name.', 'env.1': 'KEY=value', 'labels.tier': 'Too long.' };

  it('a list field: the first message for it or an entry, as it is', () => {
    expect(errorUnder(errors, 'env')).toBe('KEY=value');
    expect(errorUnder(errors, 'constraints')).toBeUndefined();
  });

  it('a map field: the entry’s key before its message; the map’s own message as it is', () => {
    expect(keyedErrorUnder(errors, 'labels')).toBe('tier: Too long.');
    expect(keyedErrorUnder({ labels: 'Not a map.' }, 'labels')).toBe('Not a map.');
    expect(keyedErrorUnder({ labelsX: 'no' }, 'labels')).toBeUndefined();
  });
});
