import { fieldErrors } from '@/lib/validation/fields';
import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';

import {
  DRIVER_OPTIONS,
  NETWORK_DRIVERS,
  NETWORK_DRIVER_HELP,
  checkConnectAgainstNetwork,
  checkDriverOffered,
  checkNetworkAgainstTopology,
  chooseNetworkEngine,
  connectNetworkSchema,
  createNetworkSchema,
  disconnectNetworkSchema,
  findByRef,
  findContainers,
  networksOnEngine,
  removeNetworkQuerySchema,
  swarmManagers,
  type CreateNetworkRequest,
} from './network';

const reachable = { reachable: true, stale: false, error: null };
const lab: Topology = buildTopology(
  labInventories(),
  { 'node-1': reachable, 'node-2': reachable, 'node-3': reachable },
  1,
);

function networkNamed(name: string, engine?: string): TopologyNetwork {
  const found = findByRef(
    engine ? networksOnEngine(lab, engine) : Object.values(lab.networks),
    name,
  );
  if (found.length !== 1) throw new Error(`${name}: ${found.length} networks`);
  return found[0] as TopologyNetwork;
}

function parseCreate(input: unknown): CreateNetworkRequest {
  const result = createNetworkSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(fieldErrors(result.error)));
  return result.data;
}

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

describe('help and allow-lists', () => {
  it('explain every driver, and list options only for known drivers', () => {
    for (const driver of NETWORK_DRIVERS) {
      expect(NETWORK_DRIVER_HELP[driver].length).toBeGreaterThan(40);
      expect(DRIVER_OPTIONS[driver]).toBeDefined();
    }
    expect(NETWORK_DRIVER_HELP.bridge).toContain('port');
    expect(NETWORK_DRIVER_HELP.macvlan).toContain('promiscuous');
  });
});

describe('the connect, disconnect and remove schemas', () => {
  it('accept a container with aliases and addresses', () => {
    expect(
      connectNetworkSchema.parse({
        container: '/web',
        aliases: ['api', 'api.internal'],
        ipv4: '10.30.0.5',
        ipv6: '',
      }),
    ).toEqual({ container: 'web', aliases: ['api', 'api.internal'], ipv4: '10.30.0.5' });
    expect(disconnectNetworkSchema.parse({ container: 'web', force: true })).toEqual({
      container: 'web',
      force: true,
    });
    expect(removeNetworkQuerySchema.parse({ disconnect: '1', engine: 'node-2' })).toEqual({
      disconnect: true,
      engine: 'node-2',
    });
  });

  it.each<[string, unknown, string]>([
    ['no container', {}, 'container'],
    ['a bad alias', { container: 'web', aliases: ['a b'] }, 'aliases.0'],
    ['a twice-given alias', { container: 'web', aliases: ['a', 'a'] }, 'aliases'],
    ['an IPv6 as ipv4', { container: 'web', ipv4: 'fd00::1' }, 'ipv4'],
    ['an address with prefix', { container: 'web', ipv4: '10.0.0.1/24' }, 'ipv4'],
    ['an unknown field', { container: 'web', EndpointConfig: {} }, 'EndpointConfig'],
  ])('connect refuses %s', (_what, input, field) => {
    const result = connectNetworkSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(Object.keys(fieldErrors(result.error))).toContain(field);
  });

  it('remove refuses unknown query parameters and odd flags', () => {
    const unknown = removeNetworkQuerySchema.safeParse({ force: '1' });
    expect(unknown.success).toBe(false);
    if (!unknown.success)
      expect(fieldErrors(unknown.error)).toEqual({ force: 'Unknown field: force' });
    expect(removeNetworkQuerySchema.safeParse({ disconnect: 'yes' }).success).toBe(false);
  });
});

describe('the topology rules on the recorded lab', () => {
  it('resolve names the way the engine does, and see local names on each engine', () => {
    expect(findByRef(Object.values(lab.networks), 'bridge')).toHaveLength(3);
    expect(networkNamed('bridge', 'node-2').subnets[0]?.subnet).toBe('172.17.2.0/24');
    const external = networkNamed('external');
    expect(findByRef(Object.values(lab.networks), external.id.slice(0, 6))).toEqual([external]);
    expect(
      networksOnEngine(lab, 'node-3')
        .map((network) => network.name)
        .sort(),
    ).toEqual(['bridge', 'docker_gwbridge', 'host', 'ingress', 'meta-globe', 'none', 'secure']);
    expect(findContainers(lab, 'edge').map((container) => container.engine)).toEqual(['node-1']);
    expect(findContainers(lab, 'edge', 'node-2')).toEqual([]);
  });

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

  it('check that the engine offers the driver', () => {
    expect(checkDriverOffered('ipvlan', ['bridge', 'host', 'ipvlan'], 'node-1')).toBeNull();
    expect(checkDriverOffered('macvlan', ['bridge', 'overlay', 'null'], 'node-1')).toBe(
      'node-1 does not offer the macvlan driver (it offers bridge, overlay).',
    );
  });
});

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
