/*
 * Swarm payloads → topology elements: a service (mode, ports, VIPs, aliases, replicas counted by
 * task phase) and its tasks. Pure, like elements.ts.
 */
import type { SwarmService, SwarmTask } from '@/lib/docker/engine-api';

import { byKey, namedVolumes, nonEmpty, plainAddress, protocolOf } from './payload-values';
import { isDesiredRunning, taskPhase } from './tasks';
import type {
  ServiceMode,
  ServiceNetworkAliases,
  ServicePort,
  TopologyService,
  TopologyTask,
} from './types';

function serviceMode(service: SwarmService): ServiceMode {
  const mode = service.Spec.Mode;
  if (mode?.Global) return { kind: 'global' };
  if (mode?.GlobalJob) return { kind: 'global-job' };
  if (mode?.ReplicatedJob) {
    return {
      kind: 'replicated-job',
      maxConcurrent: mode.ReplicatedJob.MaxConcurrent ?? 1,
      totalCompletions: mode.ReplicatedJob.TotalCompletions ?? 1,
    };
  }
  // NOTE: the engine's default mode is one replica.
  return { kind: 'replicated', replicas: mode?.Replicated?.Replicas ?? 1 };
}

/** Ports as allocated by the manager, falling back to the spec before allocation. */
export function servicePorts(service: SwarmService): ServicePort[] {
  const ports = service.Endpoint?.Ports ?? service.Spec.EndpointSpec?.Ports ?? [];
  return ports.map((port) => ({
    target: port.TargetPort ?? 0,
    published: port.PublishedPort ?? 0,
    protocol: protocolOf(port.Protocol),
    mode: port.PublishMode === 'host' ? 'host' : 'ingress',
  }));
}

/** A task counts as up when it runs and is meant to. */
export function isRunningTask(task: SwarmTask): boolean {
  return task.Status.State === 'running' && isDesiredRunning(task.DesiredState);
}

/** Image reference without a pinned digest (`web:1@sha256:…` → `web:1`): the part people read. */
function displayImage(image: string): string {
  const at = image.indexOf('@');
  return at === -1 ? image : image.slice(0, at);
}

/** The spec's aliases per network, for the networks that have some. */
function serviceAliases(service: SwarmService): ServiceNetworkAliases[] {
  const byNetwork = new Map<string, string[]>();
  for (const attachment of service.Spec.TaskTemplate?.Networks ?? []) {
    const aliases = (attachment.Aliases ?? []).filter((alias) => alias !== '');
    if (aliases.length === 0) continue;
    const held = byNetwork.get(attachment.Target) ?? [];
    byNetwork.set(attachment.Target, [...new Set([...held, ...aliases])]);
  }
  return [...byNetwork]
    .map(([network, aliases]) => ({ network, aliases }))
    .sort(byKey((entry) => entry.network));
}

/** Tasks meant to run that do not run yet, and tasks told to stop whose container is still up. */
function movingTasks(tasks: readonly SwarmTask[]): { starting: number; stopping: number } {
  let starting = 0;
  let stopping = 0;
  for (const task of tasks) {
    const phase = taskPhase({ state: task.Status.State, desiredState: task.DesiredState });
    if (phase === 'stopping') stopping += 1;
    else if (phase === 'starting' && isDesiredRunning(task.DesiredState)) starting += 1;
  }
  return { starting, stopping };
}

export function toService(service: SwarmService, tasks: readonly SwarmTask[]): TopologyService {
  const spec = service.Spec;
  const mode = serviceMode(service);
  const endpointMode = spec.EndpointSpec?.Mode ?? service.Endpoint?.Spec?.Mode ?? 'vip';
  const envKeys = new Set(
    (spec.TaskTemplate?.ContainerSpec?.Env ?? []).map((entry) => entry.split('=', 1)[0] ?? entry),
  );
  const scheduled = tasks.filter((task) => isDesiredRunning(task.DesiredState));
  const desired =
    mode.kind === 'replicated'
      ? mode.replicas
      : mode.kind === 'replicated-job'
        ? mode.totalCompletions
        : // NOTE: a global service wants one task per eligible node; the scheduler's choice of
          // nodes is visible as the tasks it keeps desired-running.
          new Set(scheduled.map((task) => task.NodeID ?? task.ID)).size;
  const status = service.UpdateStatus;
  return {
    id: service.ID,
    name: spec.Name,
    mode,
    image: displayImage(spec.TaskTemplate?.ContainerSpec?.Image ?? ''),
    labels: { ...spec.Labels },
    envKeys: [...envKeys].filter((key) => key !== '').sort(),
    endpointMode,
    vips:
      endpointMode === 'dnsrr'
        ? []
        : (service.Endpoint?.VirtualIPs ?? [])
            .map((vip) => ({ network: vip.NetworkID, addr: plainAddress(vip.Addr) ?? '' }))
            .filter((vip) => vip.addr !== '')
            .sort(byKey((vip) => vip.network)),
    networks: [...new Set((spec.TaskTemplate?.Networks ?? []).map((net) => net.Target))].sort(),
    aliases: serviceAliases(service),
    ports: servicePorts(service),
    volumes: namedVolumes(
      (spec.TaskTemplate?.ContainerSpec?.Mounts ?? []).map((m) =>
        m.Type === 'volume' || m.Type === undefined ? m.Source : null,
      ),
    ),
    replicas: { desired, running: scheduled.filter(isRunningTask).length, ...movingTasks(tasks) },
    updateStatus: status?.State ? { state: status.State, message: nonEmpty(status.Message) } : null,
  };
}

/** `web.3` for replicated tasks, `agent.<node id>` for global ones, as the CLI names them. */
export function taskName(task: SwarmTask, serviceName: string | null): string {
  const service = serviceName ?? task.ServiceID.slice(0, 12);
  return task.Slot !== undefined && task.Slot > 0
    ? `${service}.${task.Slot}`
    : `${service}.${task.NodeID ?? task.ID}`;
}

/** Every address a task holds, with the network it is on. */
export function taskAddresses(task: SwarmTask): { network: string; address: string }[] {
  return (task.NetworksAttachments ?? []).flatMap((attachment) =>
    (attachment.Addresses ?? []).flatMap((cidr) => {
      const address = plainAddress(cidr);
      return address ? [{ network: attachment.Network.ID, address }] : [];
    }),
  );
}

export function toTask(task: SwarmTask, serviceName: string | null): TopologyTask {
  const status = task.Status;
  return {
    id: task.ID,
    name: taskName(task, serviceName),
    service: task.ServiceID,
    slot: task.Slot !== undefined && task.Slot > 0 ? task.Slot : null,
    node: nonEmpty(task.NodeID),
    desiredState: task.DesiredState,
    state: status.State,
    stateSince: status.Timestamp ?? null,
    error: nonEmpty(status.Err),
    message: nonEmpty(status.Message),
    containerId: nonEmpty(status.ContainerStatus?.ContainerID),
    addresses: taskAddresses(task),
  };
}
