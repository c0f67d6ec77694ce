import { describe, expect, it } from 'vitest';

import { swarmManagers } from '@/lib/topology/queries';

import { lab } from './__fixtures__/lab';
import { checkDriverOffered, chooseNetworkEngine, swarmNetworkProblem } from './engine-choice';

describe('the engine a network goes to, on the recorded lab', () => {
  it('choose the engine: named, a manager for overlays, and ask when several fit', () => {
    expect(chooseNetworkEngine({ driver: 'overlay' }, lab)).toEqual({ ok: true, engine: 'node-1' });
    expect(chooseNetworkEngine({ driver: 'overlay', engine: 'node-3' }, lab)).toEqual({
      ok: true,
      engine: 'node-1',
    });
    expect(chooseNetworkEngine({ driver: 'bridge', engine: 'node-2' }, lab)).toEqual({
      ok: true,
      engine: 'node-2',
    });
    expect(chooseNetworkEngine({ driver: 'bridge' }, lab)).toMatchObject({
      ok: false,
      fields: { engine: expect.stringContaining('node-1, node-2, node-3') as string },
    });
    expect(chooseNetworkEngine({ driver: 'bridge', engine: 'node-9' }, lab)).toMatchObject({
      ok: false,
      fields: { engine: expect.stringContaining('No engine named node-9') as string },
    });
    expect(swarmManagers(lab, 'node-2')).toEqual(['node-1']);
  });

  it('check that the engine offers the driver', () => {
    expect(checkDriverOffered('ipvlan', ['bridge', 'host', 'ipvlan'], 'node-1')).toBeNull();
    expect(checkDriverOffered('macvlan', ['bridge', 'overlay', 'null'], 'node-1')).toBe(
      'node-1 does not offer the macvlan driver (it offers bridge, overlay).',
    );
  });
});

describe('swarmNetworkProblem: overlays on a standalone engine', () => {
  const standalone = {
    ...lab,
    engines: {
      ...lab.engines,
      'node-4': { ...lab.engines['node-1']!, name: 'node-4', id: 'node-4', swarm: null },
    },
  };

  it('says nothing for a swarm node, and why not for a standalone engine or an unknown one', () => {
    for (const engine of ['node-1', 'node-2', 'node-3']) {
      expect(swarmNetworkProblem(standalone, engine), engine).toBeNull();
    }
    expect(swarmNetworkProblem(standalone, 'node-4')).toBe(
      'node-4 is a standalone engine (not in a swarm): overlay networks need swarm mode.',
    );
    expect(swarmNetworkProblem(standalone, 'node-9')).toBe('No engine named node-9.');
  });
});
