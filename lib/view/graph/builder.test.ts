import { describe, expect, it } from 'vitest';

import type { Topology } from '@/lib/topology/types';

import { DEFAULT_LAYERS } from '../model';
import { addLink, type Builder, endpointAddresses, projectOf } from './builder';

function emptyBuilder(): Builder {
  return {
    topology: {} as Topology,
    layers: { ...DEFAULT_LAYERS },
    nodes: new Map(),
    links: new Map(),
    staleNodes: new Set(),
    serviceHosts: new Map(),
  };
}

describe('addLink', () => {
  it('keeps one link per source and target, gathering the paths it is a leg of', () => {
    const builder = emptyBuilder();
    addLink(builder, 'svc', 'net', 'vip', 'VIP 10.0.0.2', 'net');
    addLink(builder, 'svc', 'net', 'vip', 'other label', 'net', ['p1']);
    addLink(builder, 'svc', 'net', 'vip', '', 'net', ['p1', 'p2']);
    expect([...builder.links.values()]).toEqual([
      {
        id: 'svc->net',
        source: 'svc',
        target: 'net',
        kind: 'vip',
        label: 'VIP 10.0.0.2',
        network: 'net',
        paths: ['p1', 'p2'],
      },
    ]);
  });

  it('does not share the caller’s paths array', () => {
    const builder = emptyBuilder();
    const paths = ['p1'];
    addLink(builder, 'port', 'net', 'publish', '', null, paths);
    addLink(builder, 'port', 'net', 'publish', '', null, ['p2']);
    expect(paths).toEqual(['p1']);
  });
});

describe('projectOf', () => {
  it('prefers the compose project, then the stack', () => {
    expect(projectOf('shop', 'prod')).toBe('compose:shop');
    expect(projectOf(null, 'prod')).toBe('stack:prod');
    expect(projectOf(undefined, '')).toBeNull();
  });
});

describe('endpointAddresses', () => {
  it('lists both addresses and the aliases of every endpoint', () => {
    const endpoint = { network: 'n', networkName: 'n', mac: null };
    expect(
      endpointAddresses([
        { ...endpoint, ipv4: '10.0.0.2', ipv6: 'fd00::2', aliases: ['web'] },
        { ...endpoint, ipv4: null, ipv6: null, aliases: ['db', 'pg'] },
      ]),
    ).toEqual(['10.0.0.2', 'fd00::2', 'web', 'db', 'pg']);
  });
});
