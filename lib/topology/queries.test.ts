import { describe, expect, it } from 'vitest';

import { labInventories } from './__fixtures__/lab';
import { buildTopology } from './build';
import {
  addressesInUse,
  clusterOf,
  engineOfLocalNetwork,
  findByRef,
  findContainers,
  inSwarmOf,
  managerEngines,
  networksOnEngine,
  swarmManagers,
  swarmPeers,
} from './queries';
import type { Topology, TopologyNetwork } from './types';

const reachable = { reachable: true, stale: false, error: null };
const lab: Topology = buildTopology(
  labInventories(),
  { 'node-1': reachable, 'node-2': reachable, 'node-3': reachable },
  1,
);

/** The lab with one engine of its own, outside swarm mode. */
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

function networkNamed(name: string, engine?: string): TopologyNetwork {
  const found = findByRef(
    engine ? networksOnEngine(lab, engine) : Object.values(lab.networks),
    name,
  );
  if (found.length !== 1) throw new Error(`${name}: ${found.length} networks`);
  return found[0] as TopologyNetwork;
}

describe('references on the recorded lab', () => {
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

  it('prefer an exact id to a name, and a name to an id prefix', () => {
    const items = [
      { id: 'abc123', name: 'web' },
      { id: 'abd456', name: 'abc123' },
      { id: 'fff000', name: 'ab' },
    ];
    expect(findByRef(items, 'abc123')).toEqual([items[0]]);
    expect(findByRef(items, 'ab')).toEqual([items[2]]);
    expect(findByRef(items, 'ABD')).toEqual([items[1]]);
    expect(findByRef(items, 'a')).toEqual([items[0], items[1]]);
    expect(findByRef(items, 'web-')).toEqual([]);
  });

  it('know which engine holds a local network, and none for a swarm network', () => {
    expect(engineOfLocalNetwork(lab, networkNamed('bridge', 'node-2'))).toBe('node-2');
    expect(engineOfLocalNetwork(lab, networkNamed('appnet'))).toBe('node-1');
    expect(engineOfLocalNetwork(lab, networkNamed('meta-globe'))).toBeNull();
  });
});

describe('swarms on the recorded lab', () => {
  it('put the three engines in one swarm, managed by node-1', () => {
    const cluster = clusterOf(lab, 'node-1');
    expect(cluster).not.toBeNull();
    expect(clusterOf(lab, 'node-3')).toBe(cluster);
    expect([...swarmPeers(lab, 'node-2')].sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(swarmManagers(lab, 'node-3')).toEqual(['node-1']);
    expect(inSwarmOf(lab, networkNamed('secure'), 'node-2')).toBe(true);
  });

  it('lists the managers, reachable first', () => {
    expect(managerEngines(lab)).toEqual([{ name: 'node-1', reachable: true }]);
  });

  it('count only reachable managers', () => {
    const offline: Topology = {
      ...lab,
      engines: {
        ...lab.engines,
        'node-1': {
          ...(lab.engines['node-1'] as Topology['engines'][string]),
          reachable: false,
        },
      },
    };
    expect(swarmManagers(offline, 'node-2')).toEqual([]);
    expect(managerEngines(offline)).toEqual([{ name: 'node-1', reachable: false }]);
  });

  it('leave an engine outside swarm mode on its own', () => {
    expect(clusterOf(standalone, 'solo')).toBeNull();
    expect(swarmPeers(standalone, 'solo')).toEqual(['solo']);
    expect(swarmManagers(standalone, 'solo')).toEqual([]);
    expect(inSwarmOf(standalone, networkNamed('meta-globe'), 'solo')).toBe(false);
  });
});

describe('addressesInUse on the recorded lab', () => {
  it('lists container endpoints and the gateway of a bridge', () => {
    expect(Object.fromEntries(addressesInUse(lab, networkNamed('appnet')))).toEqual({
      '172.19.0.1': 'the gateway',
      '172.19.0.2': 'container web',
      '172.19.0.3': 'container client',
    });
  });

  it('lists tasks, VIPs and load balancers of an overlay', () => {
    const used = addressesInUse(lab, networkNamed('ingress'));
    expect(used.get('10.0.0.9')).toBe('task web.1');
    expect(used.get('10.0.0.5')).toBe('the VIP of service web');
    expect(used.get('10.0.0.2')).toBe('the network’s load balancer');
    expect(addressesInUse(lab, networkNamed('secure')).get('10.0.2.1')).toBe('the gateway');
  });
});
