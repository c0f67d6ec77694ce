import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { networksOnEngine } from '@/lib/topology/queries';

import { bridgeInterfaceOf, bridgeNameProblem, interfacesInUse } from './bridge-name';
import { checkNetworkAgainstTopology, createNetworkSchema } from './network';

const reachable = { reachable: true, stale: false, error: null };
const lab = buildTopology(
  labInventories(),
  { 'node-1': reachable, 'node-2': reachable, 'node-3': reachable },
  1,
);

const defaultBridge = {
  id: 'a'.repeat(64),
  name: 'bridge',
  driver: 'bridge',
  options: { 'com.docker.network.bridge.name': 'docker0' },
  parent: null,
};
const userBridge = {
  id: '0123456789abcdef',
  name: 'appnet',
  driver: 'bridge',
  options: {},
  parent: null,
};
const macvlan = {
  id: 'f'.repeat(64),
  name: 'external',
  driver: 'macvlan',
  options: {},
  parent: 'eth1',
};

describe('bridge names in use', () => {
  it('names the bridge of each kind of network', () => {
    expect(bridgeInterfaceOf(defaultBridge)).toBe('docker0');
    expect(bridgeInterfaceOf({ ...defaultBridge, options: {} })).toBe('docker0');
    expect(bridgeInterfaceOf(userBridge)).toBe('br-0123456789ab');
    expect(bridgeInterfaceOf(macvlan)).toBeNull();
    expect([...interfacesInUse([defaultBridge, userBridge, macvlan]).keys()]).toEqual([
      'docker0',
      'br-0123456789ab',
      'eth1',
    ]);
  });

  it.each([
    ['docker0', 'already exists on node-1 (the bridge of network bridge)'],
    ['DOCKER0', 'already exists'],
    ['br-0123456789ab', 'the bridge of network appnet'],
    ['eth1', 'the parent interface of network external'],
    ['docker_gwbridge', 'Docker’s own interfaces'],
    ['br-ffffffffffff', 'Docker’s own interfaces'],
    ['eth0', 'the host’s network interfaces'],
    ['enp0s3', 'the host’s network interfaces'],
    ['lo', 'loopback'],
    ['veth1234', 'Docker’s own interfaces'],
    ['virbr0', 'other network software'],
    ['wg0', 'tunnels'],
  ])('refuses %s', (name, reason) => {
    expect(bridgeNameProblem(name, [defaultBridge, userBridge, macvlan], 'node-1')).toContain(
      reason,
    );
  });

  it.each(['portolan0', 'appbr', 'lab-bridge', 'local1', 'mybr0'])('accepts %s', (name) => {
    expect(bridgeNameProblem(name, [defaultBridge, userBridge, macvlan], 'node-1')).toBeNull();
  });

  it('refuses each existing bridge of a lab engine in the create rules, per field', () => {
    const field = 'options.com.docker.network.bridge.name';
    const bridges = networksOnEngine(lab, 'node-1')
      .map((network) => bridgeInterfaceOf(network))
      .filter((name): name is string => name !== null);
    expect(bridges).toContain('docker0');
    expect(bridges).toContain('docker_gwbridge');
    for (const bridge of bridges) {
      const input = createNetworkSchema.parse({
        name: 'hijack',
        driver: 'bridge',
        engine: 'node-1',
        options: { 'com.docker.network.bridge.name': bridge },
      });
      expect(checkNetworkAgainstTopology(input, lab, 'node-1').fields[field], bridge).toMatch(
        /already exists on node-1|Docker’s own/,
      );
    }
  });
});
