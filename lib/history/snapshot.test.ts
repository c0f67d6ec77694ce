import { describe, expect, it } from 'vitest';

import { fieldPath } from './snapshot';

describe('fieldPath', () => {
  it('writes a key as a reader finds it in the file', () => {
    expect(fieldPath(['topology', 'networks', 'a0f2a692cq', 'subnets', 0])).toBe(
      'topology.networks.a0f2a692cq.subnets[0]',
    );
    expect(fieldPath(['topology', 'networks', '9kx2', 'name'])).toBe(
      'topology.networks["9kx2"].name',
    );
    expect(fieldPath(['topology', 'containers', 'node-1:ab', 'name'])).toBe(
      'topology.containers["node-1:ab"].name',
    );
    expect(fieldPath([])).toBe('the file');
  });
});
