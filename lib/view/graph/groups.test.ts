import { describe, expect, it } from 'vitest';

import type { StandaloneHostNode, SwarmHostNode, Topology } from '@/lib/topology/types';

import type { ViewNode } from '../model';
import { hostLines, SWARM_GROUP, toGroups } from './groups';

const base = {
  engine: null,
  engineVersion: null,
  address: null,
  os: null,
  architecture: null,
  labels: {},
};

function swarmHost(id: string, overrides: Partial<SwarmHostNode> = {}): SwarmHostNode {
  return {
    ...base,
    id,
    name: id,
    hostname: id,
    kind: 'swarm',
    role: 'worker',
    leader: false,
    managerReachability: null,
    availability: 'active',
    state: 'ready',
    message: null,
    ...overrides,
  };
}

describe('hostLines', () => {
  it('gives role, then what is unusual, then the address', () => {
    expect(
      hostLines(swarmHost('a', { role: 'manager', leader: true, address: '10.0.0.1' })),
    ).toEqual(['manager · leader', '10.0.0.1']);
    expect(hostLines(swarmHost('b', { state: 'down', availability: 'drain' }))).toEqual([
      'worker',
      'down',
      'drain',
    ]);
    expect(hostLines(swarmHost('c', { unread: 'No agent answers' }))).toEqual([
      'worker',
      'own containers not visible',
    ]);
    const standalone: StandaloneHostNode = {
      ...base,
      id: 'e',
      name: 'e',
      hostname: 'e',
      kind: 'standalone',
    };
    expect(hostLines(standalone)).toEqual(['standalone engine']);
  });
});

describe('toGroups', () => {
  const topology = {
    nodes: {
      b: swarmHost('b', { hostname: 'node-2' }),
      a: swarmHost('a', { hostname: 'node-1', role: 'manager' }),
    },
  } as unknown as Topology;
  const on = (id: string, host: string | null) => ({ id, host }) as ViewNode;

  it('puts the swarm band first, then hosts by name, each with its members', () => {
    const groups = toGroups(topology, [on('x', 'a'), on('svc', null)], false, new Set(['b']));
    expect(groups.map((g) => [g.id, g.members, g.stale])).toEqual([
      [SWARM_GROUP, ['svc'], false],
      ['a', ['x'], false],
      ['b', [], true],
    ]);
    expect(groups[0]?.lines[0]).toBe('2 nodes · 1 manager');
  });

  it('counts only the swarm nodes in the band, not a standalone engine beside it', () => {
    const standalone = { ...base, id: 'c', name: 'c', hostname: 'node-4', kind: 'standalone' };
    const mixed = { nodes: { ...topology.nodes, c: standalone } } as unknown as Topology;
    const groups = toGroups(mixed, [on('svc', null)], false, new Set());
    expect(groups[0]?.lines[0]).toBe('2 nodes · 1 manager');
    expect(groups.map((g) => g.id)).toEqual([SWARM_GROUP, 'a', 'b', 'c']);
  });

  it('leaves out empty regions when filtered, and gives an unknown host its own', () => {
    const groups = toGroups(
      topology,
      [on('x', 'a'), on('y', 'ghost-host-id-long')],
      true,
      new Set(),
    );
    expect(groups.map((g) => [g.id, g.name, g.members])).toEqual([
      ['a', 'node-1', ['x']],
      ['ghost-host-id-long', 'ghost-host-i', ['y']],
    ]);
  });
});
