/*
 * Small hand-made topologies for the discovery rules' unit tests: just the fields the rules read,
 * with defaults for the rest. One node `n1` (engine `e1`, swarm active) unless a test adds more.
 */
import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import {
  emptyTopology,
  type ContainerEndpoint,
  type Topology,
  type TopologyContainer,
  type TopologyNetwork,
  type TopologyService,
  type TopologyTask,
} from '@/lib/topology/types';

/** The recorded lab (three engines, the seeded topology). */
export function labTopology(): Topology {
  return buildTopology(labInventories(), {}, 1);
}

export function byName<T extends { name: string }>(items: Record<string, T>, name: string): T {
  const found = Object.values(items).find((item) => item.name === name);
  if (!found) throw new Error(`fixture has no ${name}`);
  return found;
}

export function network(
  id: string,
  fields: Partial<TopologyNetwork> & { subnet?: string; gateway?: string } = {},
): TopologyNetwork {
  const { subnet, gateway, ...rest } = fields;
  return {
    id,
    name: id,
    driver: 'bridge',
    scope: 'local',
    subnets: subnet ? [{ subnet, gateway: gateway ?? null, ipRange: null }] : [],
    ipv6: false,
    internal: false,
    attachable: false,
    ingress: false,
    encrypted: false,
    parent: null,
    system: false,
    labels: {},
    options: {},
    nodes: ['n1'],
    loadBalancers: [],
    ...rest,
  };
}

export function endpoint(
  network: string,
  ipv4: string,
  aliases: string[] = [],
): ContainerEndpoint {
  return { network, networkName: network, ipv4, ipv6: null, mac: null, aliases };
}

export function container(
  id: string,
  fields: Partial<TopologyContainer> = {},
): TopologyContainer {
  return {
    id,
    name: id,
    image: 'busybox:latest',
    state: 'running',
    health: null,
    node: 'n1',
    engine: 'e1',
    labels: {},
    composeProject: null,
    stack: null,
    service: null,
    task: null,
    networkMode: null,
    endpoints: [],
    ports: [],
    volumes: [],
    ...fields,
  };
}

export function service(id: string, fields: Partial<TopologyService> = {}): TopologyService {
  return {
    id,
    name: id,
    mode: { kind: 'replicated', replicas: 1 },
    image: 'busybox:latest',
    labels: {},
    envKeys: [],
    endpointMode: 'vip',
    vips: [],
    networks: [],
    aliases: [],
    ports: [],
    volumes: [],
    replicas: { desired: 1, running: 1, starting: 0, stopping: 0 },
    updateStatus: null,
    ...fields,
  };
}

export function task(
  id: string,
  serviceId: string,
  addresses: { network: string; address: string }[],
  fields: Partial<TopologyTask> = {},
): TopologyTask {
  return {
    id,
    name: `${serviceId}.1`,
    service: serviceId,
    slot: 1,
    node: 'n1',
    desiredState: 'running',
    state: 'running',
    stateSince: null,
    error: null,
    message: null,
    containerId: null,
    addresses,
    ...fields,
  };
}

export function topology(parts: {
  networks?: TopologyNetwork[];
  containers?: TopologyContainer[];
  services?: TopologyService[];
  tasks?: TopologyTask[];
  swarm?: boolean;
}): Topology {
  const base = emptyTopology(1);
  const index = <T extends { id: string }>(items: T[] = []) =>
    Object.fromEntries(items.map((item) => [item.id, item]));
  return {
    ...base,
    engines: {
      e1: {
        id: 'e1',
        name: 'e1',
        reachable: true,
        stale: false,
        error: null,
        node: 'n1',
        hostname: 'n1',
        serverVersion: '20.10.24',
        apiVersion: '1.41',
        os: 'linux',
        swarm:
          parts.swarm === false
            ? null
            : { state: 'active', nodeId: 'n1', clusterId: 'c1', manager: true },
      },
    },
    nodes: {
      n1: {
        id: 'n1',
        name: 'n1',
        kind: 'swarm',
        hostname: 'n1',
        engine: 'e1',
        engineVersion: '20.10.24',
        address: '192.0.2.11',
        os: 'linux',
        architecture: 'x86_64',
        labels: {},
        role: 'manager',
        leader: true,
        managerReachability: 'reachable',
        availability: 'active',
        state: 'ready',
        message: null,
      },
    },
    networks: index(parts.networks),
    containers: index(parts.containers),
    services: index(parts.services),
    tasks: index(parts.tasks),
  };
}
