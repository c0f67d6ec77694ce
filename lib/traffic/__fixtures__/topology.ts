import { emptyTopology } from '@/lib/topology/types';
import type {
  ContainerEndpoint,
  Topology,
  TopologyContainer,
  TopologyNetwork,
} from '@/lib/topology/types';

/** A network as the topology holds it, with one IPv4 subnet. */
export function network(id: string, name: string, subnet: string, gateway: string | null) {
  const value: TopologyNetwork = {
    id,
    name,
    driver: 'bridge',
    scope: 'local',
    subnets: [{ subnet, gateway, ipRange: null }],
    ipv6: false,
    internal: false,
    attachable: false,
    ingress: false,
    encrypted: false,
    parent: null,
    system: false,
    labels: {},
    options: {},
    nodes: ['node-1-id'],
    loadBalancers: [],
  };
  return value;
}

export function endpoint(net: TopologyNetwork, ipv4: string): ContainerEndpoint {
  return { network: net.id, networkName: net.name, ipv4, ipv6: null, mac: null, aliases: [] };
}

export function container(
  id: string,
  name: string,
  endpoints: ContainerEndpoint[],
  extra: Partial<TopologyContainer> = {},
): TopologyContainer {
  return {
    id,
    name,
    image: 'busybox',
    state: 'running',
    health: null,
    node: 'node-1-id',
    engine: 'node-1',
    labels: {},
    composeProject: null,
    stack: null,
    service: null,
    task: null,
    networkMode: endpoints[0]?.networkName ?? null,
    endpoints,
    ports: [],
    volumes: [],
    ...extra,
  };
}

/**
 * The recorded lab around the fixtures: `appnet` (172.19.0.0/16) with the HTTP server at .4 and
 * its client at .5 on node-1, and the `web` service's task on meta-globe and ingress.
 */
export function recordedLab(): Topology {
  const topology = emptyTopology(1);
  const appnet = network('appnet-id', 'appnet', '172.19.0.0/16', '172.19.0.1');
  const metaGlobe = {
    ...network('meta-globe-id', 'meta-globe', '10.0.1.0/24', '10.0.1.1'),
    driver: 'overlay',
    scope: 'swarm' as const,
    loadBalancers: [
      { node: 'node-1-id', endpointId: 'lb', ipv4: '10.0.1.4', ipv6: null, mac: null },
    ],
  };
  const ingress = { ...network('ingress-id', 'ingress', '10.0.0.0/24', '10.0.0.1'), ingress: true };
  const gwbridge = network('gwbridge-id', 'docker_gwbridge', '172.18.0.0/16', '172.18.0.1');
  for (const net of [appnet, metaGlobe, ingress, gwbridge]) topology.networks[net.id] = net;
  topology.nodes['node-1-id'] = {
    kind: 'swarm',
    id: 'node-1-id',
    name: 'node-1',
    hostname: 'node-1',
    engine: 'node-1',
    engineVersion: '20.10.24',
    address: '10.99.0.11',
    os: 'linux',
    architecture: 'x86_64',
    labels: {},
    role: 'manager',
    leader: true,
    managerReachability: 'reachable',
    availability: 'active',
    state: 'ready',
    message: null,
  };
  topology.containers['srv-id'] = container('srv-id', 't-tr-srv', [endpoint(appnet, '172.19.0.4')]);
  topology.containers['cli-id'] = container('cli-id', 't-tr-cli', [endpoint(appnet, '172.19.0.5')]);
  topology.containers['web1-id'] = container(
    'web1-id',
    'web.1.t28yoglaai2miopwlrk3tsutn',
    [endpoint(ingress, '10.0.0.8'), endpoint(metaGlobe, '10.0.1.14')],
    { service: 'web-svc', task: 'web1-task' },
  );
  topology.services['web-svc'] = {
    id: 'web-svc',
    name: 'web',
    mode: { kind: 'replicated', replicas: 2 },
    image: 'busybox',
    labels: {},
    envKeys: [],
    endpointMode: 'vip',
    vips: [{ network: 'meta-globe-id', addr: '10.0.1.2' }],
    networks: ['meta-globe-id'],
    aliases: [],
    ports: [],
    volumes: [],
    replicas: { desired: 2, running: 2, starting: 0, stopping: 0 },
    updateStatus: null,
  };
  for (const [id, slot, address, containerId] of [
    ['web1-task', 1, '10.0.1.14', 'web1-id'],
    ['web2-task', 2, '10.0.1.15', null],
  ] as const) {
    topology.tasks[id] = {
      id,
      name: `web.${slot}`,
      service: 'web-svc',
      slot,
      node: 'node-2-id',
      desiredState: 'running',
      state: 'running',
      stateSince: null,
      error: null,
      message: null,
      containerId,
      addresses: [{ network: 'meta-globe-id', address }],
    };
  }
  return topology;
}
