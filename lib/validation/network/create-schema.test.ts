import { fieldErrors } from '@/lib/validation/fields';
import { describe, expect, it } from 'vitest';

import { parseCreate } from './__fixtures__/lab';
import { createNetworkSchema } from './create-schema';

function refusal(input: unknown): Record<string, string> {
  const result = createNetworkSchema.safeParse(input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return fieldErrors(result.error);
}

describe('createNetworkSchema accepts', () => {
  it('a minimal bridge, trimming and dropping blank texts', () => {
    expect(
      parseCreate({ name: ' web-net ', driver: 'bridge', subnet: '', gateway: ' ', parent: '' }),
    ).toEqual({ name: 'web-net', driver: 'bridge' });
  });

  it('every field of each driver', () => {
    expect(
      parseCreate({
        name: 'b1',
        driver: 'bridge',
        subnet: '10.30.0.0/24',
        gateway: '10.30.0.254',
        ipRange: '10.30.0.128/25',
        ipv6Subnet: 'fd00:30::/64',
        ipv6Gateway: 'fd00:30::1',
        internal: true,
        labels: { team: 'net', 'portolan.test': 'true' },
        options: {
          'com.docker.network.bridge.name': 'br-b1',
          'com.docker.network.bridge.enable_icc': 'false',
          'com.docker.network.bridge.enable_ip_masquerade': 'true',
          'com.docker.network.driver.mtu': '1400',
          'com.docker.network.bridge.host_binding_ipv4': '127.0.0.1',
        },
        engine: 'node-2',
      }).subnet,
    ).toBe('10.30.0.0/24');
    expect(
      parseCreate({
        name: 'o1',
        driver: 'overlay',
        attachable: true,
        encrypted: true,
        options: { 'com.docker.network.driver.mtu': '1450' },
      }).encrypted,
    ).toBe(true);
    expect(
      parseCreate({
        name: 'm1',
        driver: 'macvlan',
        parent: 'eth1.50',
        options: { macvlan_mode: 'bridge' },
      }).parent,
    ).toBe('eth1.50');
    expect(
      parseCreate({
        name: 'i1',
        driver: 'ipvlan',
        parent: 'eth1',
        options: { ipvlan_mode: 'l3', ipvlan_flag: 'private' },
      }).options,
    ).toEqual({ ipvlan_mode: 'l3', ipvlan_flag: 'private' });
  });

  it('false overlay-only flags on any driver (a form sends unchecked boxes)', () => {
    expect(
      parseCreate({ name: 'b', driver: 'bridge', attachable: false, encrypted: false }).driver,
    ).toBe('bridge');
  });
});

describe('createNetworkSchema refuses, with a message on the field', () => {
  it.each<[string, unknown, string, string]>([
    ['no name', { driver: 'bridge' }, 'name', 'Give a name'],
    ['a blank name', { name: '  ', driver: 'bridge' }, 'name', 'Give a name'],
    ['a name with a space', { name: 'my net', driver: 'bridge' }, 'name', 'Letters, digits'],
    ['a name starting with "-"', { name: '-net', driver: 'bridge' }, 'name', 'starting with'],
    ['a name with a slash', { name: 'a/b', driver: 'bridge' }, 'name', 'Letters, digits'],
    ['a predefined name', { name: 'host', driver: 'bridge' }, 'name', 'its own network'],
    ['a long name', { name: 'n'.repeat(129), driver: 'bridge' }, 'name', 'At most 128'],
    ['a numeric name', { name: 7, driver: 'bridge' }, 'name', 'Give a name'],
    ['no driver', { name: 'n' }, 'driver', 'Choose bridge, overlay'],
    ['the host driver', { name: 'n', driver: 'host' }, 'driver', 'Choose bridge, overlay'],
    [
      'a subnet without prefix',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0' },
      'subnet',
      'address/length',
    ],
    [
      'a bad subnet address',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.300/24' },
      'subnet',
      'not an IP address',
    ],
    [
      'subnet host bits',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.7/24' },
      'subnet',
      'did you mean 10.1.0.0/24',
    ],
    ['a /4 subnet', { name: 'n', driver: 'bridge', subnet: '16.0.0.0/4' }, 'subnet', '/8 to /30'],
    ['a /31 subnet', { name: 'n', driver: 'bridge', subnet: '10.1.0.0/31' }, 'subnet', '/8 to /30'],
    ['loopback', { name: 'n', driver: 'bridge', subnet: '127.1.0.0/16' }, 'subnet', 'loopback'],
    ['multicast', { name: 'n', driver: 'bridge', subnet: '239.1.0.0/16' }, 'subnet', 'multicast'],
    [
      'IPv6 in subnet',
      { name: 'n', driver: 'bridge', subnet: 'fd00::/64' },
      'subnet',
      'ipv6Subnet',
    ],
    [
      'IPv4 in ipv6Subnet',
      { name: 'n', driver: 'bridge', ipv6Subnet: '10.0.0.0/24' },
      'ipv6Subnet',
      'put it in subnet',
    ],
    ['a subnet number', { name: 'n', driver: 'bridge', subnet: 10 }, 'subnet', 'is a text'],
    [
      'a gateway without subnet',
      { name: 'n', driver: 'bridge', gateway: '10.1.0.1' },
      'gateway',
      'Set subnet first',
    ],
    [
      'a gateway outside',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0/24', gateway: '10.1.1.1' },
      'gateway',
      'outside the subnet 10.1.0.0/24',
    ],
    [
      'the network address as gateway',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0/24', gateway: '10.1.0.0' },
      'gateway',
      "subnet's own address",
    ],
    [
      'the broadcast as gateway',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0/24', gateway: '10.1.0.255' },
      'gateway',
      'broadcast',
    ],
    [
      'a gateway that is not an address',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0/24', gateway: 'router' },
      'gateway',
      'not an IPv4 address',
    ],
    [
      'an IPv6 gateway outside',
      { name: 'n', driver: 'bridge', ipv6Subnet: 'fd00:1::/64', ipv6Gateway: 'fd00:2::1' },
      'ipv6Gateway',
      'outside',
    ],
    [
      'a range without subnet',
      { name: 'n', driver: 'bridge', ipRange: '10.1.0.0/25' },
      'ipRange',
      'Set subnet first',
    ],
    [
      'a range outside',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0/24', ipRange: '10.1.1.0/25' },
      'ipRange',
      'not inside the subnet',
    ],
    [
      'a range wider than the subnet',
      { name: 'n', driver: 'bridge', subnet: '10.1.0.0/24', ipRange: '10.1.0.0/23' },
      'ipRange',
      'not inside the subnet',
    ],
    [
      'macvlan without parent',
      { name: 'n', driver: 'macvlan' },
      'parent',
      'macvlan needs a parent',
    ],
    [
      'ipvlan without parent',
      { name: 'n', driver: 'ipvlan', parent: ' ' },
      'parent',
      'ipvlan needs a parent',
    ],
    [
      'a parent on a bridge',
      { name: 'n', driver: 'bridge', parent: 'eth1' },
      'parent',
      'Only macvlan and ipvlan',
    ],
    [
      'a bad parent name',
      { name: 'n', driver: 'macvlan', parent: 'eth 1' },
      'parent',
      'An interface name',
    ],
    [
      'a too long parent',
      { name: 'n', driver: 'macvlan', parent: 'e'.repeat(16) },
      'parent',
      'At most 15',
    ],
    [
      'an encrypted bridge',
      { name: 'n', driver: 'bridge', encrypted: true },
      'encrypted',
      'Only overlay',
    ],
    [
      'an attachable macvlan',
      { name: 'n', driver: 'macvlan', parent: 'eth1', attachable: true },
      'attachable',
      'Only overlay',
    ],
    [
      'internal as a text',
      { name: 'n', driver: 'bridge', internal: 'yes' },
      'internal',
      'true or false',
    ],
    [
      'labels as a list',
      { name: 'n', driver: 'bridge', labels: ['a=b'] },
      'labels',
      'Labels are an object',
    ],
    [
      'a label number',
      { name: 'n', driver: 'bridge', labels: { a: 1 } },
      'labels.a',
      'Label values are texts',
    ],
    [
      'a reserved label',
      { name: 'n', driver: 'bridge', labels: { 'com.portolan.managed': 'false' } },
      'labels.com.portolan.managed',
      'reserved',
    ],
    [
      'a label key with a space',
      { name: 'n', driver: 'bridge', labels: { 'a b': 'c' } },
      'labels.a b',
      'Label keys are',
    ],
    [
      'an unknown option',
      {
        name: 'n',
        driver: 'bridge',
        options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' },
      },
      'options.com.docker.network.bridge.inhibit_ipv4',
      'not an option of the bridge driver',
    ],
    [
      'a bridge option on an overlay',
      { name: 'n', driver: 'overlay', options: { 'com.docker.network.bridge.name': 'x' } },
      'options.com.docker.network.bridge.name',
      'not an option of the overlay driver',
    ],
    [
      'parent smuggled as an option',
      { name: 'n', driver: 'macvlan', parent: 'eth1', options: { parent: 'eth0' } },
      'options.parent',
      'Set the parent field',
    ],
    [
      'encrypted smuggled as an option',
      { name: 'n', driver: 'overlay', options: { encrypted: '' } },
      'options.encrypted',
      'Set the encrypted field',
    ],
    [
      'a bad MTU',
      { name: 'n', driver: 'bridge', options: { 'com.docker.network.driver.mtu': '9' } },
      'options.com.docker.network.driver.mtu',
      '68 to 65535',
    ],
    [
      'a bad macvlan mode',
      { name: 'n', driver: 'macvlan', parent: 'eth1', options: { macvlan_mode: 'l2' } },
      'options.macvlan_mode',
      'bridge, vepa, passthru, private',
    ],
    [
      'an option number',
      { name: 'n', driver: 'bridge', options: { 'com.docker.network.driver.mtu': 1500 } },
      'options.com.docker.network.driver.mtu',
      'texts',
    ],
    [
      'an unknown field',
      { name: 'n', driver: 'bridge', privileged: true },
      'privileged',
      'Unknown field: privileged',
    ],
    [
      'Docker’s own field name',
      { Name: 'n', name: 'n', driver: 'bridge' },
      'Name',
      'Unknown field: Name',
    ],
    [
      'a bad engine name',
      { name: 'n', driver: 'bridge', engine: 'node 1' },
      'engine',
      'Not an engine name',
    ],
  ])('%s', (_what, input, field, message) => {
    const fields = refusal(input);
    expect(fields[field], JSON.stringify(fields)).toContain(message);
  });

  it('a body that is not an object', () => {
    for (const input of [null, [], 'bridge', 3]) {
      expect(refusal(input)).toEqual({ _: 'Send the network as a JSON object.' });
    }
  });

  it('several problems at once, each on its field', () => {
    expect(
      Object.keys(
        refusal({
          name: 'n',
          driver: 'bridge',
          encrypted: true,
          attachable: true,
          parent: 'eth1',
          subnet: '10.1.0.0/24',
          gateway: '10.2.0.1',
        }),
      ).sort(),
    ).toEqual(['attachable', 'encrypted', 'gateway', 'parent']);
  });
});
