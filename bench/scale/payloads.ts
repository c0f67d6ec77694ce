/**
 * Engine API answers for the scale bench's world, shaped like the payloads recorded from the lab
 * (fixtures/): each answer is a copy of a recorded one with ids, names, addresses, states and
 * lists replaced. The fields Portolan does not read stay as the engine sent them.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { WContainer, WNetwork, WNode, World } from './world';

type Json = Record<string, unknown>;

const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const load = (name: string): Json =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as Json;
const first = (name: string): Json => (load(name) as unknown as Json[])[0] as Json;

const T = {
  version: load('version.json'),
  infoManager: load('info-manager.json'),
  infoWorker: load('info-worker.json'),
  containerTask: load('container-task.json'),
  containerStandalone: load('container-standalone.json'),
  listTask: first('containers-list-task.json'),
  listStandalone: first('containers-list-standalone.json'),
  overlay: load('network-overlay-worker.json'),
  bridge: load('network-bridge.json'),
  ingress: load('network-ingress.json'),
  service: load('service.json'),
  task: load('task.json'),
  nodeManager: load('node-manager.json'),
  nodeWorker: load('node-worker.json'),
};

const clone = <V>(value: V): V => structuredClone(value);

export function versionPayload(): Json {
  return clone(T.version);
}

export function infoPayload(world: World, node: WNode): Json {
  const info = clone(node.manager ? T.infoManager : T.infoWorker);
  const mine = world.containersByNode(node.index);
  const running = mine.filter((c) => c.running).length;
  const manager = world.nodes[0] as WNode;
  Object.assign(info, {
    ID: `${node.id.slice(0, 4).toUpperCase()}:SCALE:BENCH:${node.index}`,
    Name: node.name,
    Containers: mine.length,
    ContainersRunning: running,
    ContainersStopped: mine.length - running,
  });
  const swarm = info.Swarm as Json;
  Object.assign(swarm, {
    NodeID: node.id,
    NodeAddr: node.addr,
    RemoteManagers: [{ NodeID: manager.id, Addr: `${manager.addr}:2377` }],
  });
  if (node.manager) {
    Object.assign(swarm, { Nodes: world.nodes.length, Managers: 1 });
    (swarm.Cluster as Json).ID = world.clusterId;
  }
  return info;
}

function networkSettings(world: World, container: WContainer, template: Json): Json {
  const settings = clone(template.NetworkSettings) as Json;
  const networks: Json = {};
  for (const endpoint of container.endpoints) {
    const network = world.networks.get(endpoint.network);
    if (!network) continue;
    networks[network.name] = {
      IPAMConfig: network.driver === 'overlay' ? { IPv4Address: endpoint.ip } : null,
      Links: null,
      Aliases: endpoint.aliases,
      NetworkID: network.id,
      EndpointID: endpoint.endpointId,
      Gateway: network.driver === 'overlay' ? '' : network.subnet?.replace(/0\/\d+$/, '1'),
      IPAddress: endpoint.ip,
      IPPrefixLen: Number(network.subnet?.split('/')[1] ?? 0),
      IPv6Gateway: '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      MacAddress: endpoint.mac,
      DriverOpts: null,
    };
  }
  settings.Networks = networks;
  settings.SandboxKey = `/var/run/docker/netns/${container.id.slice(0, 12)}`;
  return settings;
}

export function containerPayload(world: World, container: WContainer): Json {
  const template = container.task ? T.containerTask : T.containerStandalone;
  const payload = clone(template);
  const labels: Json = { ...(world.containerAttributes(container) as Json) };
  delete labels.image;
  delete labels.name;
  Object.assign(payload, {
    Id: container.id,
    Created: container.created,
    Name: `/${container.name}`,
    State: {
      Status: container.running ? 'running' : 'exited',
      Running: container.running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: container.running ? container.pid : 0,
      ExitCode: 0,
      Error: '',
      StartedAt: container.startedAt,
      FinishedAt: container.finishedAt,
    },
    NetworkSettings: networkSettings(world, container, template),
  });
  const config = payload.Config as Json;
  config.Hostname = container.id.slice(0, 12);
  config.Labels = labels;
  const hostConfig = payload.HostConfig as Json;
  const firstNetwork = world.networks.get(container.networks[0] ?? '');
  hostConfig.NetworkMode = container.task ? 'default' : (firstNetwork?.name ?? 'default');
  return payload;
}

export function containerSummary(world: World, container: WContainer): Json {
  const summary = clone(container.task ? T.listTask : T.listStandalone);
  const labels = world.containerAttributes(container);
  Object.assign(summary, {
    Id: container.id,
    Names: [`/${container.name}`],
    Created: Math.floor(Date.parse(container.created) / 1000),
    Labels: labels,
    State: container.running ? 'running' : 'exited',
    Status: container.running ? 'Up 2 hours' : 'Exited (0) 1 second ago',
  });
  return summary;
}

function ipamConfig(network: WNetwork): Json[] {
  return network.subnet
    ? [{ Subnet: network.subnet, Gateway: network.subnet.replace(/0\/\d+$/, '1') }]
    : [];
}

/** `GET /networks/{id}?verbose=true` as the engine of `node` answers it. */
export function networkPayload(
  world: World,
  network: WNetwork,
  node: WNode,
  overlayNodes: (id: string) => readonly number[],
  servicesOn: (id: string) => Json,
): Json {
  const template = network.ingress
    ? T.ingress
    : network.driver === 'overlay'
      ? T.overlay
      : T.bridge;
  const payload = clone(template);
  const containers: Json = {};
  for (const { container, endpoint } of world.localEndpoints(network.id, node.index)) {
    containers[container.id] = {
      Name: container.name,
      EndpointID: endpoint.endpointId,
      MacAddress: endpoint.mac,
      IPv4Address: `${endpoint.ip}/${network.subnet?.split('/')[1] ?? '24'}`,
      IPv6Address: '',
    };
  }
  Object.assign(payload, {
    Name: network.name,
    Id: network.id,
    Created: network.created,
    Scope: network.scope,
    Driver: network.driver,
    Internal: false,
    Attachable: network.driver === 'overlay' && !network.ingress,
    Labels: {},
  });
  (payload.IPAM as Json).Config = ipamConfig(network);
  if (network.driver === 'overlay') {
    const nodes = overlayNodes(network.id);
    const lb = network.ingress ? 'ingress-sbox' : `lb-${network.name}`;
    if (nodes.includes(node.index)) {
      containers[lb] = {
        Name: `${network.name}-endpoint`,
        EndpointID: `${node.id}${network.id}`.padEnd(64, '0').slice(0, 64),
        MacAddress: '02:42:0a:00:00:02',
        IPv4Address: `${network.subnet?.replace(/0\/\d+$/, '2')}`,
        IPv6Address: '',
      };
    }
    payload.Peers = nodes.flatMap((index) => {
      const peer = world.nodes[index];
      return peer ? [{ Name: peer.id.slice(0, 12), IP: peer.addr }] : [];
    });
    payload.Services = servicesOn(network.id);
  } else {
    payload.Options = network.system && network.name === 'bridge' ? payload.Options : {};
  }
  payload.Containers = containers;
  return payload;
}

/** An item of `GET /networks` (not verbose: no peers or services, no endpoints). */
export function networkSummary(payload: Json): Json {
  const { Peers: _peers, Services: _services, ...rest } = payload;
  return { ...rest, Containers: {} };
}

export function servicePayload(world: World, id: string): Json | null {
  const service = world.services.get(id);
  if (!service) return null;
  const payload = clone(T.service);
  const spec = payload.Spec as Json;
  const ports = service.published
    ? [
        {
          Protocol: 'tcp',
          TargetPort: 80,
          PublishedPort: service.published,
          PublishMode: 'ingress',
        },
      ]
    : [];
  spec.Name = service.name;
  spec.Labels = {};
  (spec.TaskTemplate as Json).Networks = service.networks.map((Target) => ({ Target }));
  spec.Mode = { Replicated: { Replicas: service.replicas } };
  spec.EndpointSpec = { Mode: 'vip', Ports: ports };
  Object.assign(payload, {
    ID: service.id,
    Version: { Index: service.version },
    Endpoint: {
      Spec: { Mode: 'vip', Ports: ports },
      Ports: ports,
      VirtualIPs: service.vips.map((vip) => ({
        NetworkID: vip.network,
        Addr: `${vip.addr}/${world.networks.get(vip.network)?.subnet?.split('/')[1] ?? '24'}`,
      })),
    },
  });
  return payload;
}

export function taskPayload(world: World, id: string): Json | null {
  const task = world.tasks.get(id);
  const service = task && world.services.get(task.service);
  const container = task && world.containers.get(task.container);
  if (!task || !service || !container) return null;
  const payload = clone(T.task);
  const attachmentTemplate = (payload.NetworksAttachments as Json[])[0] as Json;
  Object.assign(payload, {
    ID: task.id,
    Version: { Index: task.version },
    ServiceID: service.id,
    Slot: task.slot,
    NodeID: world.nodes[task.node]?.id,
    DesiredState: task.desired,
    Status: {
      Timestamp: task.timestamp,
      State: container.running ? task.state : 'failed',
      Message: container.running ? 'started' : 'task: non-zero exit (0)',
      ContainerStatus: { ContainerID: container.id, PID: container.pid, ExitCode: 0 },
      PortStatus: {},
    },
    NetworksAttachments: container.networks.map((networkId) => {
      const attachment = clone(attachmentTemplate);
      const network = world.networks.get(networkId);
      const netJson = attachment.Network as Json;
      netJson.ID = networkId;
      (netJson.Spec as Json).Name = network?.name;
      (netJson.Spec as Json).Ingress = network?.ingress ?? false;
      const endpoint = container.endpoints.find((e) => e.network === networkId);
      attachment.Addresses = endpoint ? [`${endpoint.ip}/${network?.subnet?.split('/')[1]}`] : [];
      return attachment;
    }),
  });
  const spec = payload.Spec as Json;
  spec.Networks = service.networks.map((Target) => ({ Target }));
  return payload;
}

export function nodePayload(world: World, id: string): Json | null {
  const node = world.nodes.find((candidate) => candidate.id === id);
  if (!node) return null;
  const payload = clone(node.manager ? T.nodeManager : T.nodeWorker);
  payload.ID = node.id;
  (payload.Description as Json).Hostname = node.name;
  (payload.Status as Json).Addr = node.addr;
  if (node.manager) (payload.ManagerStatus as Json).Addr = `${node.addr}:2377`;
  return payload;
}
