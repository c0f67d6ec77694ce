/**
 * The scale bench's synthetic swarm, as state: nodes, networks, services, tasks and containers,
 * and the changes the fake engines announce as events (container stop/start, network
 * connect/disconnect, a service scaled). `payloads.ts` turns this state into Engine API answers
 * shaped like the recorded ones in fixtures/. Deterministic for a given seed.
 */

import { prng } from '../../test/support/prng';

export interface WorldOptions {
  nodes: number;
  services: number;
  tasksPerService: number;
  overlays: number;
  bridgesPerNode: number;
  standalonePerNode: number;
  seed?: number;
}

/** 100 nodes, 1,000 services × 10 tasks, 200 overlays + 300 bridges, 200 standalone containers. */
export const ISSUE_SIZE: WorldOptions = {
  nodes: 100,
  services: 1000,
  tasksPerService: 10,
  overlays: 200,
  bridgesPerNode: 3,
  standalonePerNode: 2,
};

export interface WNode {
  index: number;
  id: string;
  name: string;
  addr: string;
  manager: boolean;
}

export interface WNetwork {
  id: string;
  name: string;
  driver: 'overlay' | 'bridge' | 'host' | 'null';
  scope: 'swarm' | 'local';
  subnet: string | null;
  /** Local networks: the node index that holds it. */
  node: number | null;
  system: boolean;
  ingress: boolean;
  created: string;
  ipCount: number;
}

export interface WEndpoint {
  network: string;
  ip: string;
  mac: string;
  endpointId: string;
  aliases: string[];
}

export interface WContainer {
  id: string;
  name: string;
  node: number;
  task: string | null;
  service: string | null;
  running: boolean;
  pid: number;
  created: string;
  startedAt: string;
  finishedAt: string;
  /** Endpoints while running (a stopped container keeps its wish list in `networks`). */
  endpoints: WEndpoint[];
  networks: string[];
}

export interface WService {
  id: string;
  name: string;
  networks: string[];
  published: number | null;
  vips: { network: string; addr: string }[];
  replicas: number;
  version: number;
}

export interface WTask {
  id: string;
  service: string;
  slot: number;
  node: number;
  container: string;
  state: 'running' | 'shutdown';
  desired: 'running' | 'shutdown';
  version: number;
  timestamp: string;
}

/** One line an engine writes on /events. */
export interface WEvent {
  engine: number;
  message: Record<string, unknown>;
}

const ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

export class World {
  readonly nodes: WNode[] = [];
  readonly networks = new Map<string, WNetwork>();
  readonly services = new Map<string, WService>();
  readonly tasks = new Map<string, WTask>();
  readonly containers = new Map<string, WContainer>();
  readonly clusterId: string;
  ingress = '';
  /** Bumped on every change: payload caches key on it. */
  generation = 0;
  /** Ids of containers and networks changed since the last `drainTouched` (payload caches). */
  private touched = new Set<string>();
  private readonly random: () => number;
  private clock = Date.parse('2026-12-02T20:00:00Z');

  constructor(readonly options: WorldOptions) {
    this.random = prng(options.seed ?? 19);
    this.clusterId = this.id(25);
    this.build();
  }

  /** What changed since the last call (container and network ids), for payload caches. */
  drainTouched(): string[] {
    const ids = [...this.touched];
    this.touched.clear();
    return ids;
  }

  touch(container: WContainer, networks: readonly string[]) {
    this.generation += 1;
    this.touched.add(container.id);
    for (const network of networks) this.touched.add(network);
  }

  id(length: number, alphabet = ALNUM): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.random() * alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.id(length, HEX);
  }

  now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private network(fields: Omit<WNetwork, 'created' | 'ipCount'>): WNetwork {
    const network = { ...fields, created: this.now(), ipCount: 1 };
    this.networks.set(network.id, network);
    return network;
  }

  /** The next free address of a network (the gateway is .1). */
  nextIp(networkId: string): string {
    const network = this.networks.get(networkId);
    if (!network?.subnet) return '';
    network.ipCount += 1;
    const [a, b, c] = network.subnet.split('.');
    const n = network.ipCount;
    // NOTE: /16 subnets: the third octet steps every 250 addresses.
    return network.subnet.endsWith('/24')
      ? `${a}.${b}.${c}.${(n % 250) + 2}`
      : `${a}.${b}.${Math.floor(n / 250)}.${(n % 250) + 2}`;
  }

  endpoint(networkId: string, aliases: string[]): WEndpoint {
    const ip = this.nextIp(networkId);
    const mac = `02:42:${ip
      .split('.')
      .map((part) => Number(part).toString(16).padStart(2, '0'))
      .join(':')}`;
    return { network: networkId, ip, mac, endpointId: this.hex(64), aliases };
  }

  private build() {
    const o = this.options;
    for (let i = 0; i < o.nodes; i++) {
      this.nodes.push({
        index: i,
        id: this.id(25),
        name: `node-${i + 1}`,
        addr: `10.213.${Math.floor((11 + i) / 250)}.${(11 + i) % 250}`,
        manager: i === 0,
      });
    }
    this.ingress = this.network({
      id: this.id(25),
      name: 'ingress',
      driver: 'overlay',
      scope: 'swarm',
      subnet: '10.0.0.0/16',
      node: null,
      system: true,
      ingress: true,
    }).id;
    for (const node of this.nodes) {
      const i = node.index;
      for (const [name, driver, subnet] of [
        ['bridge', 'bridge', `172.17.0.0/16`],
        ['host', 'host', null],
        ['none', 'null', null],
        ['docker_gwbridge', 'bridge', '172.18.0.0/16'],
      ] as const) {
        this.network({
          id: this.hex(64),
          name,
          driver,
          scope: 'local',
          subnet,
          node: i,
          system: true,
          ingress: false,
        });
      }
      for (let b = 0; b < o.bridgesPerNode; b++) {
        this.network({
          id: this.hex(64),
          name: `app-${i + 1}-${b + 1}`,
          driver: 'bridge',
          scope: 'local',
          subnet: `172.${20 + b}.0.0/16`,
          node: i,
          system: false,
          ingress: false,
        });
      }
    }
    const overlays: string[] = [];
    for (let i = 0; i < o.overlays; i++) {
      const subnet = `10.${1 + Math.floor(i / 250)}.${i % 250}.0/24`;
      const network = this.network({
        id: this.id(25),
        name: `overlay-${i + 1}`,
        driver: 'overlay',
        scope: 'swarm',
        subnet: i < 250 ? `10.${100 + Math.floor(i / 100)}.${(i % 100) * 2}.0/23` : subnet,
        node: null,
        system: false,
        ingress: false,
      });
      overlays.push(network.id);
    }
    for (let s = 0; s < o.services; s++) {
      const a = overlays[s % overlays.length] as string;
      const b = overlays[Math.floor(this.random() * overlays.length)] as string;
      const networks = s % 2 === 0 ? [a] : [...new Set([a, b])];
      const published = s % 6 === 0 ? 30000 + s : null;
      const service: WService = {
        id: this.id(25),
        name: `svc-${String(s + 1).padStart(4, '0')}`,
        networks,
        published,
        vips: [],
        replicas: 0,
        version: 10 + s,
      };
      service.vips = [...(published ? [this.ingress] : []), ...networks].map((network) => ({
        network,
        addr: this.nextIp(network),
      }));
      this.services.set(service.id, service);
      for (let t = 0; t < o.tasksPerService; t++) this.addTask(service, (s * 7 + t * 13) % o.nodes);
    }
    for (const node of this.nodes) {
      const bridges = [...this.networks.values()].filter((n) => n.node === node.index && !n.system);
      for (let c = 0; c < o.standalonePerNode; c++) {
        const first = bridges[c % bridges.length];
        if (!first) continue;
        const nets = [first.id, ...(c % 2 === 1 ? [overlays[node.index % overlays.length]] : [])];
        this.addContainer(
          node.index,
          `proj-${node.index + 1}-app-${c + 1}`,
          null,
          nets as string[],
        );
      }
    }
  }

  private addContainer(
    node: number,
    name: string,
    task: WTask | null,
    networks: string[],
  ): WContainer {
    const id = this.hex(64);
    const at = this.now();
    const container: WContainer = {
      id,
      name,
      node,
      task: task?.id ?? null,
      service: task?.service ?? null,
      running: true,
      pid: 10_000 + this.containers.size,
      created: at,
      startedAt: at,
      finishedAt: '0001-01-01T00:00:00Z',
      networks,
      endpoints: [],
    };
    container.endpoints = networks.map((network) =>
      this.endpoint(network, task ? [id.slice(0, 12)] : [name, id.slice(0, 12)]),
    );
    this.containers.set(id, container);
    return container;
  }

  addTask(service: WService, node: number): { task: WTask; container: WContainer } {
    service.replicas += 1;
    const slot = service.replicas;
    const id = this.id(25);
    const nets = [...(service.published ? [this.ingress] : []), ...service.networks];
    const task: WTask = {
      id,
      service: service.id,
      slot,
      node,
      container: '',
      state: 'running',
      desired: 'running',
      version: 100,
      timestamp: this.now(),
    };
    const container = this.addContainer(node, `${service.name}.${slot}.${id}`, task, nets);
    task.container = container.id;
    this.tasks.set(id, task);
    return { task, container };
  }

  /** Local containers of a node attached to a network (the network inspect's `Containers`). */
  localEndpoints(
    networkId: string,
    node: number,
  ): { container: WContainer; endpoint: WEndpoint }[] {
    const out: { container: WContainer; endpoint: WEndpoint }[] = [];
    for (const container of this.containersByNode(node)) {
      for (const endpoint of container.endpoints) {
        if (endpoint.network === networkId) out.push({ container, endpoint });
      }
    }
    return out;
  }

  private byNode: Map<number, WContainer[]> | null = null;
  private byNodeGeneration = -1;

  containersByNode(node: number): WContainer[] {
    if (!this.byNode || this.byNodeGeneration !== this.generation) {
      this.byNode = new Map();
      for (const container of this.containers.values()) {
        const list = this.byNode.get(container.node) ?? [];
        list.push(container);
        this.byNode.set(container.node, list);
      }
      this.byNodeGeneration = this.generation;
    }
    return this.byNode.get(node) ?? [];
  }

  /** The nodes on which a swarm network is instantiated (a running local endpoint). */
  overlayNodes(networkId: string): number[] {
    if (networkId === this.ingress) return this.nodes.map((node) => node.index);
    const nodes = new Set<number>();
    for (const container of this.containers.values()) {
      if (container.endpoints.some((endpoint) => endpoint.network === networkId))
        nodes.add(container.node);
    }
    return [...nodes].sort((a, b) => a - b);
  }

  event(
    engine: number,
    type: string,
    action: string,
    actor: string,
    attributes: Record<string, string>,
    scope = 'local',
  ): WEvent {
    const nano = BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(this.random() * 1e6));
    return {
      engine,
      message: {
        ...(type === 'container' ? { status: action, id: actor, from: 'busybox:latest' } : {}),
        Type: type,
        Action: action,
        Actor: { ID: actor, Attributes: attributes },
        scope,
        time: Number(nano / 1_000_000_000n),
        timeNano: Number(nano),
      },
    };
  }

  containerAttributes(container: WContainer): Record<string, string> {
    const attributes: Record<string, string> = { image: 'busybox:latest', name: container.name };
    const task = container.task ? this.tasks.get(container.task) : undefined;
    const service = task ? this.services.get(task.service) : undefined;
    if (task && service) {
      Object.assign(attributes, {
        'com.docker.swarm.node.id': this.nodes[container.node]?.id ?? '',
        'com.docker.swarm.service.id': service.id,
        'com.docker.swarm.service.name': service.name,
        'com.docker.swarm.task': '',
        'com.docker.swarm.task.id': task.id,
        'com.docker.swarm.task.name': `${service.name}.${task.slot}.${task.id}`,
      });
    } else {
      attributes['com.docker.compose.project'] = container.name.replace(/-app-\d+$/, '');
    }
    return attributes;
  }

  networkEvent(container: WContainer, networkId: string, action: string): WEvent {
    const network = this.networks.get(networkId);
    return this.event(container.node, 'network', action, networkId, {
      container: container.id,
      name: network?.name ?? '',
      type: network?.driver ?? '',
    });
  }
}
