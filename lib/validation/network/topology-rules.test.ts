import { describe, expect, it } from 'vitest';

import type { Topology } from '@/lib/topology/types';

import { lab, parseCreate } from './__fixtures__/lab';
import { chooseNetworkEngine } from './engine-choice';
import { checkNetworkAgainstTopology } from './topology-rules';

describe('the topology rules on the recorded lab', () => {
  it('refuse overlays outside swarm mode', () => {
    const standalone: Topology = {
      ...lab,
      engines: {
        solo: {
          ...(lab.engines['node-1'] as Topology['engines'][string]),
          name: 'solo',
          id: 'solo',
          swarm: null,
        },
      },
    };
    expect(chooseNetworkEngine({ driver: 'overlay' }, standalone)).toMatchObject({
      ok: false,
      fields: { driver: expect.stringContaining('need swarm mode') as string },
    });
    const check = checkNetworkAgainstTopology(
      parseCreate({ name: 'o', driver: 'overlay' }),
      lab,
      'node-2',
    );
    expect(check.fields.driver).toContain('node-2 is a worker');
  });

  it.each<[string, unknown, string, string]>([
    [
      'the macvlan subnet on node-1',
      { name: 'n', driver: 'bridge', subnet: '10.214.0.0/25' },
      'node-1',
      'overlaps 10.214.0.0/24 of network external (macvlan on node-1)',
    ],
    [
      'appnet from inside',
      { name: 'n', driver: 'bridge', subnet: '172.19.5.0/24' },
      'node-1',
      'network appnet (bridge on node-1)',
    ],
    [
      'the default bridge of node-2',
      { name: 'n', driver: 'bridge', subnet: '172.17.0.0/16' },
      'node-2',
      'network bridge (bridge on node-2)',
    ],
    [
      'an overlay seen from a worker',
      { name: 'n', driver: 'bridge', subnet: '10.0.1.128/25' },
      'node-3',
      'network meta-globe (overlay, swarm)',
    ],
    [
      'ingress, for a new overlay',
      { name: 'n', driver: 'overlay', subnet: '10.0.0.0/16' },
      'node-1',
      'network ingress (overlay, swarm)',
    ],
    [
      'a local network of a worker, for a new overlay',
      { name: 'n', driver: 'overlay', subnet: '172.17.3.0/24' },
      'node-1',
      'bridge (bridge on node-3)',
    ],
  ])('refuse a subnet overlapping %s, naming it', (_what, input, engine, message) => {
    const check = checkNetworkAgainstTopology(parseCreate(input), lab, engine);
    expect(check.fields.subnet).toContain(message);
    expect(check.conflicts).toEqual([]);
  });

  it('accept a subnet free on the engine even when another engine uses it', () => {
    const input = parseCreate({
      name: 'n',
      driver: 'bridge',
      subnet: '10.214.0.0/24',
      engine: 'node-2',
    });
    expect(checkNetworkAgainstTopology(input, lab, 'node-2')).toEqual({
      fields: {},
      conflicts: [],
    });
  });

  it('refuse a second macvlan on the same parent, naming the first', () => {
    const input = parseCreate({
      name: 'n',
      driver: 'macvlan',
      parent: 'eth1',
      subnet: '10.216.0.0/24',
    });
    expect(checkNetworkAgainstTopology(input, lab, 'node-1').fields.parent).toContain(
      'already the parent of macvlan network external',
    );
    expect(checkNetworkAgainstTopology(input, lab, 'node-2').fields).toEqual({});
    const vlan = parseCreate({ name: 'n', driver: 'macvlan', parent: 'eth1.50' });
    expect(checkNetworkAgainstTopology(vlan, lab, 'node-1').fields).toEqual({});
  });

  it('report a taken name as a conflict the engine answers', () => {
    expect(
      checkNetworkAgainstTopology(parseCreate({ name: 'appnet', driver: 'bridge' }), lab, 'node-1'),
    ).toEqual({
      fields: { name: expect.stringContaining('appnet (bridge on node-1)') as string },
      conflicts: ['name'],
    });
    expect(
      checkNetworkAgainstTopology(parseCreate({ name: 'appnet', driver: 'bridge' }), lab, 'node-2')
        .fields,
    ).toEqual({});
    expect(
      checkNetworkAgainstTopology(parseCreate({ name: 'secure', driver: 'bridge' }), lab, 'node-2')
        .conflicts,
    ).toEqual(['name']);
  });
});
