import { emptyTopology } from '@/lib/topology/types';
import type {
  ContainerEndpoint,
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';
import { prng } from './prng';

function hexId(random: () => number, length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) id += Math.floor(random() * 16).toString(16);
  return id;
}

function network(
  id: string,
  name: string,
  driver: string,
  scope: TopologyNetwork['scope'],
  nodes: string[],
  subnet: string | null,
  extra: Partial<TopologyNetwork> = {},
): TopologyNetwork {
  return {
    id,
    name,
    driver,
    scope,
    subnets: subnet ? [{ subnet, gateway: subnet.replace(/0\/\d+$/, '1'), ipRange: null }] : [],
    ipv6: false,
    internal: false,
    attachable: false,
    ingress: false,
    encrypted: false,
    parent: null,
    system: false,
    labels: {},
    options: {},
    nodes,
    loadBalancers: [],
    ...extra,
  };
}

export interface SyntheticOptions {
  /** Graph elements wanted (networks + services + tasks + containers), roughly. */
  elements: number;
  hosts?: number;
  seed?: number;
}

/**
 * A made-up swarm of the requested size, for benchmarks and scale tests: `hosts` nodes, each with
 * its system networks, shared overlays, services with tasks spread over the nodes, and standalone
 * containers in compose projects on per-host bridges. About 2.5 links per element.
 */
export function syntheticTopology(options: SyntheticOptions): Topology {
  const random = prng(options.seed ?? 42);
  const hostCount = options.hosts ?? 5;
  const total = Math.max(20, options.elements);
  const topology: Topology = emptyTopology(1);
  const hosts: string[] = [];
  for (let h = 0; h < hostCount; h++) {
    const id = `node${h + 1}${hexId(random, 20)}`;
    const name = `node-${h + 1}`;
    hosts.push(id);
    topology.engines[name] = {
      id: name,
      name,
      reachable: true,
      stale: false,
      error: null,
      node: id,
      hostname: name,
      serverVersion: '20.10.24',
      apiVersion: '1.41',
      os: 'Debian GNU/Linux 12',
      swarm: { state: 'active', nodeId: id, clusterId: 'cluster', manager: h === 0 },
    };
    topology.nodes[id] = {
      id,
      name,
      kind: 'swarm',
      hostname: name,
      engine: name,
      engineVersion: '20.10.24',
      address: `10.213.0.${11 + h}`,
      os: 'linux',
      architecture: 'x86_64',
      labels: {},
      role: h === 0 ? 'manager' : 'worker',
      leader: h === 0,
      managerReachability: h === 0 ? 'reachable' : null,
      availability: 'active',
      state: 'ready',
      message: null,
    };
  }

  const systemCount = hostCount * 4 + 1;
  const overlayCount = Math.max(3, Math.round(total * 0.012));
  const bridgeCount = Math.max(hostCount, Math.round(total * 0.01));
  const serviceCount = Math.max(2, Math.round(total * 0.03));
  const remaining = total - systemCount - overlayCount - bridgeCount - serviceCount;
  const taskCount = Math.max(serviceCount, Math.round(remaining * 0.62));
  const containerCount = Math.max(1, remaining - taskCount);

  const ingressId = hexId(random, 25);
  topology.networks[ingressId] = network(
    ingressId,
    'ingress',
    'overlay',
    'swarm',
    [...hosts],
    '10.0.0.0/24',
    {
      ingress: true,
      system: true,
    },
  );
  const bridgesByHost = new Map<string, string[]>();
  hosts.forEach((host, h) => {
    const bridge = hexId(random, 64);
    topology.networks[bridge] = network(
      bridge,
      'bridge',
      'bridge',
      'local',
      [host],
      `172.17.${h}.0/24`,
      { system: true },
    );
    bridgesByHost.set(host, [bridge]);
    for (const [name, driver] of [
      ['host', 'host'],
      ['none', 'null'],
      ['docker_gwbridge', 'bridge'],
    ] as const) {
      const id = hexId(random, 64);
      topology.networks[id] = network(
        id,
        name,
        driver,
        'local',
        [host],
        driver === 'bridge' ? '172.18.0.0/16' : null,
        { system: true },
      );
    }
  });
  const overlays: string[] = [];
  for (let i = 0; i < overlayCount; i++) {
    const id = hexId(random, 25);
    overlays.push(id);
    topology.networks[id] = network(
      id,
      `overlay-${i + 1}`,
      'overlay',
      'swarm',
      [...hosts],
      `10.${1 + (i % 250)}.0.0/16`,
      {
        encrypted: i % 5 === 4,
        attachable: true,
      },
    );
  }
  const userBridges: string[] = [];
  for (let i = 0; i < bridgeCount; i++) {
    const host = hosts[i % hostCount] as string;
    const id = hexId(random, 64);
    userBridges.push(id);
    topology.networks[id] = network(
      id,
      `app-${i + 1}`,
      'bridge',
      'local',
      [host],
      `172.${20 + (i % 200)}.0.0/16`,
      {
        internal: i % 7 === 6,
      },
    );
  }

  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const ipCounters = new Map<string, number>();
  const nextIp = (networkId: string) => {
    const n = (ipCounters.get(networkId) ?? 1) + 1;
    ipCounters.set(networkId, n);
    const subnet = topology.networks[networkId]?.subnets[0]?.subnet ?? '10.255.0.0/16';
    const [a, b] = subnet.split('.');
    return `${a}.${b}.${Math.floor(n / 250)}.${(n % 250) + 2}`;
  };
  const endpoint = (networkId: string, aliases: string[] = []): ContainerEndpoint => ({
    network: networkId,
    networkName: topology.networks[networkId]?.name ?? networkId,
    ipv4: nextIp(networkId),
    ipv6: null,
    mac: `02:42:${hexId(random, 2)}:${hexId(random, 2)}:${hexId(random, 2)}:${hexId(random, 2)}`,
    aliases,
  });

  // Services and their tasks.
  const services: TopologyService[] = [];
  for (let i = 0; i < serviceCount; i++) {
    const id = hexId(random, 25);
    const a = pick(overlays);
    const b = pick(overlays);
    const networks = [...new Set([a, b])].sort();
    const published = i % 6 === 0;
    const service: TopologyService = {
      id,
      name: `svc-${String(i + 1).padStart(3, '0')}`,
      mode: { kind: 'replicated', replicas: 0 },
      image: 'busybox:latest',
      // Every third service is in a stack, two or so to a stack.
      labels: i % 3 === 0 ? { 'com.docker.stack.namespace': `stack-${Math.floor(i / 6) + 1}` } : {},
      envKeys: ['PATH'],
      endpointMode: i % 9 === 8 ? 'dnsrr' : 'vip',
      vips: [],
      networks,
      aliases: [],
      ports: published
        ? [{ target: 80, published: 30000 + i, protocol: 'tcp', mode: 'ingress' }]
        : [],
      volumes: [],
      replicas: { desired: 0, running: 0, starting: 0, stopping: 0 },
      updateStatus: null,
    };
    if (service.endpointMode === 'vip') {
      service.vips = [...(published ? [ingressId] : []), ...networks].map((net) => ({
        network: net,
        addr: nextIp(net),
      }));
    }
    services.push(service);
    topology.services[id] = service;
  }
  for (let i = 0; i < taskCount; i++) {
    const service = services[i % services.length] as TopologyService;
    const slot = Math.floor(i / services.length) + 1;
    const id = hexId(random, 25);
    const node = pick(hosts);
    const containerId = hexId(random, 64);
    const nets = [...(service.ports.length > 0 ? [ingressId] : []), ...service.networks];
    const endpoints = nets.map((net) => endpoint(net));
    const task: TopologyTask = {
      id,
      name: `${service.name}.${slot}`,
      service: service.id,
      slot,
      node,
      desiredState: 'running',
      state: 'running',
      stateSince: null,
      error: null,
      message: 'started',
      containerId,
      addresses: endpoints.map((e) => ({ network: e.network, address: e.ipv4 ?? '' })),
    };
    topology.tasks[id] = task;
    const container: TopologyContainer = {
      id: containerId,
      name: `${service.name}.${slot}.${id}`,
      image: service.image,
      state: 'running',
      health: null,
      node,
      engine: topology.nodes[node]?.engine ?? '',
      labels: { 'com.docker.swarm.service.id': service.id },
      composeProject: null,
      stack: service.labels['com.docker.stack.namespace'] ?? null,
      service: service.id,
      task: id,
      networkMode: 'default',
      endpoints,
      ports: [],
      volumes: [],
    };
    topology.containers[containerId] = container;
    service.replicas = {
      ...service.replicas,
      desired: service.replicas.desired + 1,
      running: service.replicas.running + 1,
    };
    service.mode = { kind: 'replicated', replicas: service.replicas.desired };
  }
  for (const service of services) {
    for (const port of service.ports) {
      const id = `ingress:${service.id}:${port.published}/${port.protocol}`;
      topology.ingress[id] = {
        id,
        name: `${service.name}:${port.published}->${port.target}/${port.protocol}`,
        kind: 'ingress',
        mode: 'ingress',
        service: service.id,
        published: port.published,
        target: port.target,
        protocol: port.protocol,
        nodes: [...hosts].sort(),
        network: ingressId,
        vip: service.vips.find((v) => v.network === ingressId)?.addr ?? null,
        tasks: Object.values(topology.tasks)
          .filter((t) => t.service === service.id)
          .map((t) => ({
            task: t.id,
            node: t.node,
            container: t.containerId,
            address: t.addresses[0]?.address ?? null,
          })),
      };
    }
  }

  // Standalone containers in compose projects, on their host's bridges.
  // Compose projects of about six containers, each on one host (as compose does).
  const projectCount = Math.max(1, Math.round(containerCount / 6));
  for (let i = 0; i < containerCount; i++) {
    const p = i % projectCount;
    const host = hosts[p % hostCount] as string;
    const local = userBridges.filter((id) => topology.networks[id]?.nodes[0] === host);
    const nets = new Set<string>();
    nets.add(
      local.length > 0
        ? (local[p % local.length] as string)
        : (bridgesByHost.get(host)?.[0] as string),
    );
    if (random() < 0.4 && local.length > 1) nets.add(pick(local));
    if (random() < 0.25) nets.add(pick(overlays));
    const project = `proj-${p + 1}`;
    const id = hexId(random, 64);
    const name = `${project}-app-${i + 1}`;
    const stopped = i % 23 === 22;
    topology.containers[id] = {
      id,
      name,
      image: 'busybox:latest',
      state: stopped ? 'exited' : 'running',
      health: null,
      node: host,
      engine: topology.nodes[host]?.engine ?? '',
      labels: { 'com.docker.compose.project': project },
      composeProject: project,
      stack: null,
      service: null,
      task: null,
      networkMode: [...nets][0] ?? 'default',
      endpoints: [...nets].sort().map((net) => endpoint(net, [name])),
      ports: [],
      volumes: [],
    };
  }
  return topology;
}
