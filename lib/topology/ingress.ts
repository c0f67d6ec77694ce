/*
 * Ingress paths: how outside traffic reaches a workload. Derived from a service and its tasks
 * (swarm ingress and host-mode ports) or from a container's `-p` mappings (bridge).
 */
import type { SwarmService, SwarmTask } from '@/lib/docker/engine-api';

import { isRunningTask, plainAddress, servicePorts, taskName } from './elements';
import type {
  BridgePortPath,
  HostModePath,
  IngressBackend,
  SwarmIngressPath,
  TopologyContainer,
} from './types';

export interface SwarmContext {
  /** Every node of the service's swarm, sorted: the routing mesh opens the port on all of them. */
  nodes: readonly string[];
  /** Id of the swarm's ingress network, if known. */
  ingressNetwork: string | null;
}

function backend(task: SwarmTask, network: string | null): IngressBackend {
  const attachment = network
    ? task.NetworksAttachments?.find((candidate) => candidate.Network.ID === network)
    : undefined;
  return {
    task: task.ID,
    node: task.NodeID || null,
    container: task.Status.ContainerStatus?.ContainerID || null,
    address: plainAddress(attachment?.Addresses?.[0]),
  };
}

function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

export function serviceIngressPaths(
  service: SwarmService,
  tasks: readonly SwarmTask[],
  swarm: SwarmContext,
): (SwarmIngressPath | HostModePath)[] {
  const serviceName = service.Spec.Name;
  const running = tasks
    .filter(isRunningTask)
    .map((task) => ({ task, id: task.ID, name: taskName(task, serviceName) }))
    .sort(byName);
  const vip = swarm.ingressNetwork
    ? service.Endpoint?.VirtualIPs?.find((entry) => entry.NetworkID === swarm.ingressNetwork)
    : undefined;
  const paths: (SwarmIngressPath | HostModePath)[] = [];

  for (const port of servicePorts(service)) {
    const { target, protocol } = port;
    if (port.mode === 'ingress') {
      paths.push({
        id: `ingress:${service.ID}:${port.published}/${protocol}`,
        name: `${serviceName}:${port.published}->${target}/${protocol}`,
        kind: 'ingress',
        mode: 'ingress',
        service: service.ID,
        published: port.published,
        target,
        protocol,
        nodes: [...swarm.nodes],
        network: swarm.ingressNetwork,
        vip: plainAddress(vip?.Addr),
        tasks: running.map(({ task }) => backend(task, swarm.ingressNetwork)),
      });
      continue;
    }
    // NOTE: a host-mode port is bound by each task on its own node, possibly on a port the engine
    // picked (PortStatus), so each running task gets its own path.
    for (const { task, name } of running) {
      const bound = task.Status.PortStatus?.Ports?.find(
        (candidate) =>
          candidate.TargetPort === target && (candidate.Protocol ?? 'tcp') === protocol,
      );
      const published = bound?.PublishedPort ?? port.published;
      paths.push({
        id: `host:${task.ID}:${target}/${protocol}`,
        name: `${name}:${published}->${target}/${protocol}`,
        kind: 'host',
        mode: 'host',
        service: service.ID,
        task: task.ID,
        published,
        target,
        protocol,
        nodes: task.NodeID ? [task.NodeID] : [],
        tasks: [backend(task, null)],
      });
    }
  }
  return paths;
}

/** A container's `-p` mappings, one path per host port (all host IPs it is bound on together). */
export function containerPortPaths(container: TopologyContainer): BridgePortPath[] {
  const paths = new Map<string, BridgePortPath>();
  for (const port of container.ports) {
    const id = `bridge:${container.id}:${port.hostPort}->${port.containerPort}/${port.protocol}`;
    const path = paths.get(id);
    if (path) {
      if (!path.hostIps.includes(port.hostIp)) path.hostIps.push(port.hostIp);
      continue;
    }
    paths.set(id, {
      id,
      name: `${container.name}:${port.hostPort}->${port.containerPort}/${port.protocol}`,
      kind: 'bridge',
      mode: 'bridge',
      container: container.id,
      published: port.hostPort,
      target: port.containerPort,
      protocol: port.protocol,
      nodes: [container.node],
      hostIps: [port.hostIp],
    });
  }
  for (const path of paths.values()) path.hostIps.sort();
  return [...paths.values()];
}
