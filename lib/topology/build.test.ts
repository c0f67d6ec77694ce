import { describe, expect, it } from 'vitest';

import { labInventories, labInventory, type LabEngine } from './__fixtures__/lab';
import { buildTopology } from './build';
import { createInventory, withContainer, type EngineInventory } from './inventory';
import type { Element, Topology, TopologyNetwork } from './types';

function named<T extends Element>(collection: Record<string, T>, name: string): T[] {
  return Object.values(collection).filter((element) => element.name === name);
}

function one<T extends Element>(collection: Record<string, T>, name: string): T {
  const found = named(collection, name);
  if (found.length !== 1) throw new Error(`expected one ${name}, found ${found.length}`);
  return found[0] as T;
}

function nodeId(topology: Topology, hostname: string): string {
  return one(topology.nodes, hostname).id;
}

const lab = buildTopology(labInventories(), {}, 1);
const [node1, node2, node3] = ['node-1', 'node-2', 'node-3'].map((name) => nodeId(lab, name)) as [
  string,
  string,
  string,
];
const allNodes = [node1, node2, node3].sort();

describe('buildTopology on the recorded lab swarm', () => {
  it('has the three engines, one manager', () => {
    expect(Object.keys(lab.engines).sort()).toEqual(['node-1', 'node-2', 'node-3']);
    expect(lab.engines['node-1']).toMatchObject({
      reachable: true,
      stale: false,
      node: node1,
      apiVersion: '1.41',
      swarm: { state: 'active', manager: true },
    });
    expect(lab.engines['node-2']?.swarm?.manager).toBe(false);
  });

  it('has the swarm nodes with role, leadership and their engine', () => {
    expect(Object.keys(lab.nodes)).toHaveLength(3);
    expect(one(lab.nodes, 'node-1')).toMatchObject({
      kind: 'swarm',
      role: 'manager',
      leader: true,
      managerReachability: 'reachable',
      availability: 'active',
      state: 'ready',
      address: '10.213.0.11',
      engine: 'node-1',
      engineVersion: '20.10.24+dfsg1',
    });
    expect(one(lab.nodes, 'node-3')).toMatchObject({
      role: 'worker',
      leader: false,
      managerReachability: null,
      address: '10.213.0.13',
      engine: 'node-3',
    });
  });

  it.each<[string, Partial<TopologyNetwork>]>([
    ['appnet', { driver: 'bridge', scope: 'local', internal: false, system: false }],
    ['backend', { driver: 'bridge', internal: true, system: false }],
    [
      'external',
      {
        driver: 'macvlan',
        parent: 'eth1',
        subnets: [{ subnet: '10.214.0.0/24', gateway: '10.214.0.1', ipRange: null }],
      },
    ],
    ['meta-globe', { driver: 'overlay', scope: 'swarm', attachable: true, encrypted: false }],
    ['secure', { driver: 'overlay', scope: 'swarm', encrypted: true, attachable: false }],
    ['ingress', { driver: 'overlay', ingress: true, system: true }],
  ])('network %s has the right driver and flags', (name, expected) => {
    expect(one(lab.networks, name)).toMatchObject(expected);
  });

  it('places local networks on their engine node and swarm networks where they exist', () => {
    expect(one(lab.networks, 'appnet').nodes).toEqual([node1]);
    expect(one(lab.networks, 'external').nodes).toEqual([node1]);
    expect(one(lab.networks, 'ingress').nodes).toEqual(allNodes);
    expect(one(lab.networks, 'meta-globe').nodes).toEqual(allNodes);
    // vault's two tasks run on node-1 and node-3 only.
    expect(one(lab.networks, 'secure').nodes).toEqual([node1, node3].sort());
  });

  it("puts a swarm network on a read node by that node's own inspect, on an unread one by peers", () => {
    const secureOn = (inventories: EngineInventory[]) =>
      one(buildTopology(inventories, {}, 1).networks, 'secure').nodes;
    const withSecure = (
      engine: LabEngine,
      change: (network: EngineInventory['networks'][string]) => typeof network | null,
    ) => {
      const inventory = structuredClone(labInventory(engine));
      const [id, network] = Object.entries(inventory.networks).find(
        ([, candidate]) => candidate.Name === 'secure',
      ) as [string, EngineInventory['networks'][string]];
      const changed = change(network);
      const networks = { ...inventory.networks };
      if (changed) networks[id] = changed;
      else delete networks[id];
      return { ...inventory, networks };
    };
    const others = (engine: LabEngine) =>
      (['node-1', 'node-2', 'node-3'] as const)
        .filter((name) => name !== engine)
        .map((name) => structuredClone(labInventory(name)));
    // node-3 dropped its instance (a drain); node-1's last inspect still names it as a peer.
    expect(secureOn([...others('node-3'), withSecure('node-3', () => null)])).toEqual([node1]);
    // Only an endpoint no container has joined yet (`ep-…`): not there yet.
    const reserved = withSecure('node-3', (network) => ({
      ...network,
      Peers: [],
      Containers: { 'ep-0123': Object.values(network.Containers ?? {})[0]! },
    }));
    expect(secureOn([...others('node-3'), reserved])).toEqual([node1]);
    // node-3's engine not read: node-1's peers are the only word on it.
    expect(secureOn([structuredClone(labInventory('node-1'))])).toEqual([node1, node3].sort());
  });

  it('merges per-node load balancers of swarm networks', () => {
    const ingress = one(lab.networks, 'ingress');
    expect(ingress.loadBalancers.map((lb) => lb.node)).toEqual(allNodes);
    expect(ingress.loadBalancers.every((lb) => lb.ipv4?.startsWith('10.0.0.'))).toBe(true);
    expect(one(lab.networks, 'meta-globe').loadBalancers.map((lb) => lb.node)).toEqual(allNodes);
    expect(one(lab.networks, 'secure').loadBalancers.map((lb) => lb.node)).toEqual(
      [node1, node3].sort(),
    );
    expect(one(lab.networks, 'appnet').loadBalancers).toEqual([]);
    // docker_gwbridge holds an `ingress-sbox` leg too, but that is a gateway, not its balancer.
    expect(named(lab.networks, 'docker_gwbridge').every((n) => n.loadBalancers.length === 0)).toBe(
      true,
    );
  });

  it('keeps one local system network per engine', () => {
    for (const name of ['bridge', 'host', 'none', 'docker_gwbridge']) {
      const networks = named(lab.networks, name);
      expect(networks.map((network) => network.nodes[0]).sort()).toEqual(allNodes);
      expect(networks.every((network) => network.system)).toBe(true);
    }
  });

  it('has the seeded standalone containers with their endpoints', () => {
    const appnet = one(lab.networks, 'appnet');
    const web = one(lab.containers, 'web');
    expect(web).toMatchObject({ state: 'running', image: 'busybox:latest', node: node1 });
    expect(web.endpoints).toEqual([
      expect.objectContaining({ network: appnet.id, networkName: 'appnet', ipv4: '172.19.0.2' }),
    ]);
    expect(web.endpoints[0]?.aliases).toContain('frontend');
    expect(web.endpoints[0]?.aliases).not.toContain(web.id.slice(0, 12));
    expect(one(lab.containers, 'client').endpoints.map((e) => e.networkName)).toEqual(['appnet']);
    expect(one(lab.containers, 'edge').endpoints[0]).toMatchObject({
      networkName: 'external',
      ipv4: '10.214.0.10',
    });
    expect(one(lab.containers, 'hostnet').endpoints[0]).toMatchObject({
      networkName: 'host',
      ipv4: null,
    });
    expect(one(lab.containers, 'isolated').endpoints[0]).toMatchObject({
      networkName: 'none',
      ipv4: null,
    });
  });

  it('maps the legacy container port as a bridge path', () => {
    const legacy = one(lab.containers, 'legacy');
    expect(legacy.ports).toEqual([
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(legacy.endpoints[0]?.network).toBe(
      named(lab.networks, 'bridge').find((n) => n.nodes[0] === node1)?.id,
    );
    const path = Object.values(lab.ingress).find(
      (p) => p.kind === 'bridge' && p.container === legacy.id,
    );
    expect(path).toMatchObject({ published: 8080, target: 80, protocol: 'tcp', nodes: [node1] });
  });

  it('has the services with mode, VIPs and ports', () => {
    const ingress = one(lab.networks, 'ingress');
    const metaGlobe = one(lab.networks, 'meta-globe');
    const web = one(lab.services, 'web');
    expect(web).toMatchObject({
      mode: { kind: 'replicated', replicas: 4 },
      endpointMode: 'vip',
      replicas: { desired: 4, running: 4 },
      ports: [{ target: 80, published: 5000, protocol: 'tcp', mode: 'ingress' }],
      labels: expect.objectContaining({ App: 'meta-globe', Env: 'prod' }),
      networks: [metaGlobe.id],
    });
    expect(web.vips.map((vip) => vip.network).sort()).toEqual([ingress.id, metaGlobe.id].sort());
    for (const name of ['orange', 'blue', 'plumb']) {
      expect(one(lab.services, name)).toMatchObject({
        vips: [{ network: metaGlobe.id, addr: expect.stringMatching(/^10\.0\.1\.\d+$/) }],
        replicas: { desired: 1, running: 1 },
      });
    }
  });

  it('gives the dnsrr service no VIP', () => {
    expect(one(lab.services, 'vault')).toMatchObject({
      endpointMode: 'dnsrr',
      vips: [],
      networks: [one(lab.networks, 'secure').id],
      replicas: { desired: 2, running: 2 },
    });
  });

  it('routes web:5000 through every node to the four web tasks', () => {
    const web = one(lab.services, 'web');
    const ingress = one(lab.networks, 'ingress');
    const path = lab.ingress[`ingress:${web.id}:5000/tcp`];
    expect(path).toMatchObject({
      kind: 'ingress',
      service: web.id,
      published: 5000,
      target: 80,
      protocol: 'tcp',
      nodes: allNodes,
      network: ingress.id,
      vip: web.vips.find((vip) => vip.network === ingress.id)?.addr,
    });
    if (path?.kind !== 'ingress') throw new Error('no ingress path');
    expect(path.tasks).toHaveLength(4);
    for (const backend of path.tasks) {
      const task = lab.tasks[backend.task];
      expect(task?.service).toBe(web.id);
      expect(backend.address).toBe(
        task?.addresses.find((address) => address.network === ingress.id)?.address,
      );
    }
  });

  it('puts each task on its node, matching the container its engine reports', () => {
    const tasks = Object.values(lab.tasks);
    expect(tasks).toHaveLength(9);
    for (const task of tasks) {
      const container = lab.containers[task.containerId ?? ''];
      expect(container, task.name).toBeDefined();
      expect(container?.node).toBe(task.node);
      expect(container?.task).toBe(task.id);
      expect(container?.service).toBe(task.service);
    }
    expect(named(lab.tasks, 'web.1')[0]?.state).toBe('running');
    expect(new Set(tasks.map((task) => task.node))).toEqual(new Set(allNodes));
  });
});

describe('merging engines', () => {
  it('reports every object once', () => {
    const inventories = labInventories();
    const containerCount = inventories.reduce(
      (sum, inventory) => sum + Object.keys(inventory.containers).length,
      0,
    );
    expect(Object.keys(lab.containers)).toHaveLength(containerCount);
    const names = Object.values(lab.networks).map((network) => network.name);
    const count = (name: string): number => names.filter((n) => n === name).length;
    expect([count('ingress'), count('meta-globe'), count('secure')]).toEqual([1, 1, 1]);
    expect([count('bridge'), count('host'), count('none')]).toEqual([3, 3, 3]);
    expect(Object.keys(lab.ingress)).toHaveLength(2);
  });

  it('gives the same swarm objects whatever the engine order', () => {
    const reversed = buildTopology([...labInventories()].reverse(), {}, 1);
    expect(reversed).toEqual(lab);
  });

  it('keeps a worker-only view usable: its node comes from the engine itself', () => {
    const alone = buildTopology([labInventory('node-2')], {}, 1);
    expect(Object.values(alone.nodes)).toEqual([
      expect.objectContaining({ id: node2, kind: 'swarm', role: 'worker', state: 'unknown' }),
    ]);
    expect(Object.keys(alone.services)).toHaveLength(0);
    // Without the manager, task containers fall back to plain containers; no port paths appear.
    expect(Object.values(alone.containers).every((c) => c.node === node2)).toBe(true);
  });

  it('says why a swarm node no engine of which is read shows only its tasks', () => {
    // NOTE: copies, so the memo entries of the shared fixture payloads stay as the lab built them.
    const managerOnly = buildTopology(
      structuredClone([labInventory('node-1'), labInventory('node-3')]),
      {},
      1,
    );
    expect(managerOnly.nodes[node2]).toMatchObject({
      engine: null,
      unread: expect.stringMatching(/swarm tasks show from the manager/),
    });
    expect(managerOnly.nodes[node3]).not.toHaveProperty('unread');
    expect(Object.values(managerOnly.tasks).some((task) => task.node === node2)).toBe(true);
    const told = buildTopology(
      structuredClone([labInventory('node-1')]),
      {},
      1,
      'No agent answers at tasks.agent',
    );
    expect(told.nodes[node2]).toMatchObject({ unread: 'No agent answers at tasks.agent' });
    expect(lab.nodes[node2]).not.toHaveProperty('unread');
  });

  it('shows a standalone engine as one host', () => {
    const inventory = labInventory('node-1');
    const standalone: EngineInventory = {
      engine: 'solo',
      info: { ...inventory.info, Name: 'solo-host', Swarm: undefined },
      networks: {},
      containers: {},
    };
    const topology = buildTopology([standalone], {}, 1);
    expect(topology.nodes['engine:solo']).toMatchObject({
      kind: 'standalone',
      hostname: 'solo-host',
      engine: 'solo',
    });
    expect(topology.engines.solo).toMatchObject({ node: 'engine:solo', swarm: null });
  });

  it('lists engines known only from their state, and marks stale ones', () => {
    const topology = buildTopology(
      labInventories(),
      {
        'node-2': { reachable: false, stale: true, error: 'connect ECONNREFUSED' },
        'node-4': { reachable: false, stale: false, error: 'no such socket' },
      },
      1,
    );
    expect(topology.engines['node-2']).toMatchObject({ reachable: false, stale: true });
    expect(topology.engines['node-4']).toMatchObject({
      reachable: false,
      node: null,
      error: 'no such socket',
    });
  });
});

describe('memoization', () => {
  it('rebuilding from the same payloads yields the same element objects', () => {
    const again = buildTopology(labInventories(), {}, 2);
    for (const collection of [
      'nodes',
      'networks',
      'containers',
      'services',
      'tasks',
      'ingress',
    ] as const) {
      for (const [id, element] of Object.entries(lab[collection])) {
        expect(again[collection][id], `${collection}/${id}`).toBe(element);
      }
    }
  });

  it('a changed container changes only that container', () => {
    const inventories = labInventories();
    const [manager, ...workers] = inventories as [EngineInventory, ...EngineInventory[]];
    const client = one(lab.containers, 'client');
    const raw = manager.containers[client.id];
    if (!raw) throw new Error('no client payload');
    const stopped = withContainer(manager, client.id, {
      ...raw,
      State: { ...raw.State, Status: 'exited', Running: false },
    });
    const next = buildTopology([stopped, ...workers], {}, 2);
    expect(next.containers[client.id]?.state).toBe('exited');
    expect(next.containers[client.id]).not.toBe(client);
    for (const [id, container] of Object.entries(lab.containers)) {
      if (id !== client.id) expect(next.containers[id]).toBe(container);
    }
    for (const [id, network] of Object.entries(lab.networks)) {
      expect(next.networks[id]).toBe(network);
    }
  });

  it('a full re-listing with equal payloads yields the previous objects', () => {
    const previous = labInventories();
    const relisted = previous.map((inventory) =>
      createInventory(
        structuredClone({
          engine: inventory.engine,
          info: inventory.info,
          version: inventory.version,
          networks: Object.values(inventory.networks),
          containers: Object.values(inventory.containers),
          swarm: inventory.swarm && {
            nodes: Object.values(inventory.swarm.nodes),
            services: Object.values(inventory.swarm.services),
            tasks: Object.values(inventory.swarm.tasks),
          },
        }),
        inventory,
      ),
    );
    // Nothing changed, so each re-listed inventory is the one it replaces.
    relisted.forEach((inventory, index) => expect(inventory).toBe(previous[index]));
    const next = buildTopology(relisted, {}, 2);
    for (const [id, container] of Object.entries(lab.containers)) {
      expect(next.containers[id]).toBe(container);
    }
    expect(next.ingress).toEqual(lab.ingress);
    for (const [id, path] of Object.entries(lab.ingress)) expect(next.ingress[id]).toBe(path);
  });
});
