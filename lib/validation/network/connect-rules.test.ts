import { describe, expect, it } from 'vitest';

import { findContainers } from '@/lib/topology/queries';

import { lab, networkNamed } from './__fixtures__/lab';
import { checkConnectAgainstNetwork } from './connect-rules';
import { connectNetworkSchema } from './request-schemas';

describe('checkConnectAgainstNetwork on the recorded lab', () => {
  const connect = (input: unknown) => connectNetworkSchema.parse(input);

  it('accepts a free address inside the subnet, and no address at all', () => {
    const appnet = networkNamed('appnet');
    expect(
      checkConnectAgainstNetwork(connect({ container: 'x', ipv4: '172.19.9.9' }), appnet, lab),
    ).toEqual({});
    expect(
      checkConnectAgainstNetwork(connect({ container: 'x', aliases: ['a'] }), appnet, lab),
    ).toEqual({});
  });

  it('refuses containers without a network stack of their own', () => {
    const isolated = findContainers(lab, 'isolated')[0];
    const hostnet = findContainers(lab, 'hostnet')[0];
    if (!isolated || !hostnet) throw new Error('seeded containers missing');
    const appnet = networkNamed('appnet');
    expect(
      checkConnectAgainstNetwork(connect({ container: 'isolated' }), appnet, lab, isolated),
    ).toEqual({
      container: 'isolated runs with --network none; it cannot join networks.',
    });
    expect(
      checkConnectAgainstNetwork(connect({ container: 'hostnet' }), appnet, lab, hostnet).container,
    ).toContain("host's network stack");
  });

  it.each<[string, string, unknown, string, string]>([
    [
      'outside the subnet',
      'appnet',
      { ipv4: '10.9.0.5' },
      'ipv4',
      "outside appnet's subnet 172.19.0.0/16",
    ],
    ['the subnet address', 'appnet', { ipv4: '172.19.0.0' }, 'ipv4', "subnet's own address"],
    ['the broadcast address', 'appnet', { ipv4: '172.19.255.255' }, 'ipv4', 'broadcast'],
    ['the gateway', 'appnet', { ipv4: '172.19.0.1' }, 'ipv4', 'already used by the gateway'],
    [
      'a container’s address',
      'appnet',
      { ipv4: '172.19.0.2' },
      'ipv4',
      'already used by container web',
    ],
    [
      'a task’s address',
      'meta-globe',
      { ipv4: '10.0.1.9' },
      'ipv4',
      'already used by task plumb.1',
    ],
    [
      'an address on a network without IPv6',
      'appnet',
      { ipv6: 'fd00::5' },
      'ipv6',
      'has no IPv6 subnet',
    ],
    [
      'an address on the default bridge',
      'bridge',
      { ipv4: '172.17.1.50' },
      'ipv4',
      'user-defined networks',
    ],
    [
      'aliases on the default bridge',
      'bridge',
      { aliases: ['x'] },
      'aliases',
      'user-defined networks',
    ],
    ['a non-attachable overlay', 'secure', {}, '_', 'not attachable'],
  ])('refuses %s', (_what, name, body, field, message) => {
    const network = networkNamed(name, 'node-1');
    const fields = checkConnectAgainstNetwork(
      connect({ container: 'x', ...(body as object) }),
      network,
      lab,
    );
    expect(fields[field], JSON.stringify(fields)).toContain(message);
  });
});
