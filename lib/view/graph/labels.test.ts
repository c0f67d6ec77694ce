import { describe, expect, it } from 'vitest';

import { service } from '@/lib/discovery/__fixtures__/hand-made';
import type { TopologyNetwork } from '@/lib/topology/types';

import {
  endpointLabel,
  networkLines,
  networkTags,
  portText,
  replicasText,
  serviceLinkLabel,
} from './labels';

function network(overrides: Partial<TopologyNetwork>): TopologyNetwork {
  return {
    id: 'n1',
    name: 'appnet',
    driver: 'bridge',
    scope: 'local',
    subnets: [],
    ipv6: false,
    internal: false,
    attachable: false,
    ingress: false,
    encrypted: false,
    parent: null,
    system: false,
    labels: {},
    options: {},
    nodes: ['node-1'],
    loadBalancers: [],
    ...overrides,
  };
}

describe('portText', () => {
  it('writes published→target/protocol, * for a port the engine picks', () => {
    expect(portText(5000, 80, 'tcp')).toBe('5000→80/tcp');
    expect(portText(0, 53, 'udp')).toBe('*→53/udp');
  });
});

describe('networkLines', () => {
  it('says the kind, then the IPv4 subnet and gateway', () => {
    const subnets = [
      { subnet: 'fd00::/64', gateway: null, ipRange: null },
      { subnet: '10.0.0.0/24', gateway: '10.0.0.1', ipRange: null },
    ];
    expect(networkLines(network({ driver: 'overlay', encrypted: true, subnets }))).toEqual([
      'overlay · encrypted',
      '10.0.0.0/24 gw 10.0.0.1',
    ]);
    expect(networkLines(network({ internal: true, subnets: [subnets[0]!] }))).toEqual([
      'bridge · internal',
      'fd00::/64',
    ]);
  });

  it('names the parent of a macvlan and the mesh of ingress', () => {
    expect(networkLines(network({ driver: 'macvlan', parent: 'eth1' }))[0]).toBe(
      'macvlan · parent eth1',
    );
    expect(networkLines(network({ driver: 'overlay', ingress: true }))[0]).toBe(
      'overlay · routing mesh',
    );
  });

  it('does not repeat the driver of host and none', () => {
    expect(networkLines(network({ name: 'host', driver: 'host' }))).toEqual([
      "the host's own stack",
    ]);
    expect(networkLines(network({ name: 'none', driver: 'null' }))).toEqual(['loopback only']);
  });
});

describe('networkTags', () => {
  it('lists the marks in a fixed order', () => {
    const all = network({
      system: true,
      ingress: true,
      encrypted: true,
      internal: true,
      attachable: true,
      scope: 'swarm',
    });
    expect(networkTags(all)).toEqual([
      'system',
      'ingress',
      'encrypted',
      'internal',
      'attachable',
      'swarm',
    ]);
    expect(networkTags(network({}))).toEqual([]);
  });
});

describe('endpointLabel', () => {
  const endpoint = { ipv4: '10.0.0.2', ipv6: null, aliases: ['web', 'frontend'] };

  it('is the address and the aliases other than the name', () => {
    expect(endpointLabel(endpoint, 'web', 'bridge')).toBe('10.0.0.2 · frontend');
    expect(endpointLabel({ ...endpoint, aliases: ['web'] }, 'web', 'bridge')).toBe('10.0.0.2');
    expect(endpointLabel({ ...endpoint, ipv4: null, ipv6: 'fd00::2' }, 'x', 'bridge')).toBe(
      'fd00::2 · web, frontend',
    );
  });

  it('says what an endpoint without an address is', () => {
    const bare = { ipv4: null, ipv6: null, aliases: [] };
    expect(endpointLabel(bare, 'x', 'host')).toBe('host stack');
    expect(endpointLabel(bare, 'x', 'null')).toBe('no network');
    expect(endpointLabel({ ...bare, aliases: ['db'] }, 'x', 'overlay')).toBe('db');
  });
});

describe('serviceLinkLabel', () => {
  const net = network({ id: 'o', name: 'shop_back', driver: 'overlay' });

  it('is the VIP (or dnsrr), then the aliases on that network', () => {
    const vip = service('s', { vips: [{ network: 'o', addr: '10.0.5.2' }] });
    expect(serviceLinkLabel(vip, net)).toBe('VIP 10.0.5.2');
    const aliased = { ...vip, aliases: [{ network: 'o', aliases: ['db', 'pg'] }] };
    expect(serviceLinkLabel(aliased, net)).toBe('VIP 10.0.5.2 · db, pg');
    const rr = service('r', {
      endpointMode: 'dnsrr',
      aliases: [{ network: 'o', aliases: ['db'] }],
    });
    expect(serviceLinkLabel(rr, net)).toBe('dnsrr · db');
    const elsewhere = service('e', { aliases: [{ network: 'p', aliases: ['db'] }] });
    expect(serviceLinkLabel(elsewhere, net)).toBe('');
  });
});

describe('replicasText', () => {
  it('is running against desired, then what starts and what stops', () => {
    expect(replicasText({ desired: 4, running: 4, starting: 0, stopping: 0 })).toBe('4/4 running');
    expect(replicasText({ desired: 4, running: 1, starting: 3, stopping: 3 })).toBe(
      '1/4 running · 3 starting · 3 stopping',
    );
  });
});
