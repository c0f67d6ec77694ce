import { describe, expect, it } from 'vitest';

import {
  byName,
  container,
  endpoint,
  labTopology,
  network,
  topology,
} from './__fixtures__/hand-made';
import { egressOf } from './egress';

const lab = labTopology();
const egress = (name: string) => egressOf(lab, byName(lab.containers, name).id)!;

describe('egressOf on the recorded lab', () => {
  it('a bridge container leaves by NAT through its bridge gateway', () => {
    expect(egress('client')).toMatchObject({
      via: 'bridge-nat',
      gateway: '172.19.0.1',
      network: { name: 'appnet' },
      node: { name: 'node-1' },
    });
    expect(egress('legacy')).toMatchObject({ via: 'bridge-nat', gateway: '172.17.1.1' });
  });

  it('an overlay-only task leaves through docker_gwbridge of its node', () => {
    const result = egress('web.1.gvom2yjla4ao1csbaiaav7yxw');
    expect(result.via).toBe('gwbridge-nat');
    expect(result.node?.name).toBe('node-2');
    expect(result.gateway).toBe('172.18.0.1');
    expect(result.networks.map((exit) => [exit.network.name, exit.via])).toEqual([
      ['meta-globe', 'via-gwbridge'],
      ['ingress', 'mesh-only'],
    ]);
  });

  it('macvlan is on the LAN; host is the node; none has no way out', () => {
    expect(egress('edge')).toMatchObject({ via: 'lan', gateway: '10.214.0.1', node: null });
    expect(egress('hostnet').via).toBe('host');
    expect(egress('isolated').via).toBe('blocked');
  });
});

describe('egressOf rules', () => {
  const internal = network('back', { internal: true, subnet: '10.7.0.0/24', gateway: '10.7.0.1' });
  const front = network('front', { subnet: '10.6.0.0/24', gateway: '10.6.0.1' });

  it('internal networks have no way out', () => {
    const t = topology({
      networks: [internal],
      containers: [
        container('a'.repeat(64), { name: 'db', endpoints: [endpoint('back', '10.7.0.2')] }),
      ],
    });
    const result = egressOf(t, 'a'.repeat(64))!;
    expect(result.via).toBe('blocked');
    expect(result.explanation).toMatch(/only on internal networks/);
    expect(result.networks[0]?.explanation).toMatch(/internal/);
  });

  it('with an internal and a normal network, the normal one is the way out', () => {
    const t = topology({
      networks: [internal, front],
      containers: [
        container('a'.repeat(64), {
          name: 'api',
          endpoints: [endpoint('back', '10.7.0.2'), endpoint('front', '10.6.0.2')],
        }),
      ],
    });
    expect(egressOf(t, 'a'.repeat(64))).toMatchObject({ via: 'bridge-nat', gateway: '10.6.0.1' });
  });

  it('a bridge without masquerade routes without NAT', () => {
    const routed = network('routed', {
      subnet: '10.5.0.0/24',
      gateway: '10.5.0.1',
      options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
    });
    const t = topology({
      networks: [routed],
      containers: [container('a'.repeat(64), { endpoints: [endpoint('routed', '10.5.0.2')] })],
    });
    expect(egressOf(t, 'a'.repeat(64))!.via).toBe('bridge-routed');
  });
});
