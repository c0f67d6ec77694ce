// NOTE: lib/docker may take the validated request types from lib/validation, never its code.
import type { CreateService, ServicePort, UpdateService } from '@/lib/validation/service';

import { envKey, withManagedLabel } from '@/lib/docker/labels';

import { SECOND_NS } from './units';

/** The parts of a service spec Portolan writes (Engine API 1.41 `ServiceSpec`). */
export interface ServiceSpec {
  Name: string;
  Labels?: Record<string, string> | null;
  TaskTemplate: {
    ContainerSpec?: {
      Image?: string;
      Labels?: Record<string, string> | null;
      Command?: string[] | null;
      Env?: string[] | null;
      StopGracePeriod?: number;
      [key: string]: unknown;
    };
    Resources?: {
      Limits?: { NanoCPUs?: number; MemoryBytes?: number; [key: string]: unknown };
      [key: string]: unknown;
    };
    RestartPolicy?: { Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number };
    Placement?: { Constraints?: string[] | null; [key: string]: unknown };
    Networks?: { Target: string; Aliases?: string[] }[] | null;
    ForceUpdate?: number;
    [key: string]: unknown;
  };
  Mode?: {
    Replicated?: { Replicas?: number };
    Global?: Record<string, never>;
    [key: string]: unknown;
  };
  UpdateConfig?: Record<string, unknown>;
  /** Deprecated place for networks; the engine still accepts it from old clients. */
  Networks?: unknown;
  EndpointSpec?: {
    Mode?: 'vip' | 'dnsrr';
    Ports?:
      | { Protocol?: string; TargetPort?: number; PublishedPort?: number; PublishMode?: string }[]
      | null;
  };
  [key: string]: unknown;
}

export interface ServiceInspect {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  UpdateStatus?: { State?: string; Message?: string };
}

function portsSpec(ports: ServicePort[]) {
  return ports.map((port) => ({
    Protocol: port.protocol,
    TargetPort: port.target,
    ...(port.published !== undefined ? { PublishedPort: port.published } : {}),
    PublishMode: port.mode,
  }));
}

function networksSpec(attachments: { aliases?: string[] | undefined }[], ids: string[]) {
  return attachments.map((attachment, index) => ({
    Target: ids[index] ?? '',
    ...(attachment.aliases?.length ? { Aliases: attachment.aliases } : {}),
  }));
}

function limitsSpec(limits: { cpus?: number | undefined; memoryMb?: number | undefined }) {
  return {
    ...(limits.cpus !== undefined ? { NanoCPUs: Math.round(limits.cpus * SECOND_NS) } : {}),
    ...(limits.memoryMb !== undefined ? { MemoryBytes: limits.memoryMb * 1024 * 1024 } : {}),
  };
}

function restartSpec(policy: NonNullable<CreateService['restartPolicy']>) {
  return {
    Condition: policy.condition,
    ...(policy.delaySeconds !== undefined ? { Delay: policy.delaySeconds * SECOND_NS } : {}),
    ...(policy.maxAttempts !== undefined ? { MaxAttempts: policy.maxAttempts } : {}),
    ...(policy.windowSeconds !== undefined ? { Window: policy.windowSeconds * SECOND_NS } : {}),
  };
}

function updateConfigSpec(config: NonNullable<CreateService['updateConfig']>) {
  return {
    ...(config.parallelism !== undefined ? { Parallelism: config.parallelism } : {}),
    ...(config.delaySeconds !== undefined ? { Delay: config.delaySeconds * SECOND_NS } : {}),
    ...(config.failureAction !== undefined ? { FailureAction: config.failureAction } : {}),
    ...(config.order !== undefined ? { Order: config.order } : {}),
  };
}

/**
 * The engine request for a new service, built only from validated fields: nothing else the
 * Engine API offers (mounts, capabilities, secrets, host networking…) can get in.
 */
export function toServiceSpec(input: CreateService, networkIds: string[]): ServiceSpec {
  return {
    Name: input.name,
    Labels: withManagedLabel(input.labels),
    TaskTemplate: {
      ContainerSpec: {
        Image: input.image,
        Labels: withManagedLabel(),
        ...(input.command ? { Command: input.command } : {}),
        ...(input.env ? { Env: input.env } : {}),
        ...(input.stopGracePeriodSeconds !== undefined
          ? { StopGracePeriod: input.stopGracePeriodSeconds * SECOND_NS }
          : {}),
      },
      ...(input.limits ? { Resources: { Limits: limitsSpec(input.limits) } } : {}),
      ...(input.restartPolicy ? { RestartPolicy: restartSpec(input.restartPolicy) } : {}),
      ...(input.constraints?.length ? { Placement: { Constraints: input.constraints } } : {}),
      ...(input.networks?.length ? { Networks: networksSpec(input.networks, networkIds) } : {}),
    },
    Mode:
      input.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: input.replicas ?? 1 } },
    ...(input.updateConfig ? { UpdateConfig: updateConfigSpec(input.updateConfig) } : {}),
    EndpointSpec: {
      Mode: input.endpointMode,
      ...(input.ports?.length ? { Ports: portsSpec(input.ports) } : {}),
    },
  };
}

/** The current spec with the update's fields replaced; every other part stays as the engine has it. */
export function applyServiceUpdate(
  current: ServiceSpec,
  input: UpdateService,
  networkIds: string[],
): ServiceSpec {
  const spec: ServiceSpec = structuredClone(current);
  const task = spec.TaskTemplate;
  const container = (task.ContainerSpec ??= {});
  if (input.image !== undefined) container.Image = input.image;
  if (input.command === null) delete container.Command;
  else if (input.command !== undefined) container.Command = input.command;
  if (input.env !== undefined) container.Env = input.env;
  if (input.envAdd || input.envRemove) {
    const changed = new Set([...(input.envAdd ?? []).map(envKey), ...(input.envRemove ?? [])]);
    container.Env = [
      ...(container.Env ?? []).filter((entry) => !changed.has(envKey(entry))),
      ...(input.envAdd ?? []),
    ];
  }
  if (input.stopGracePeriodSeconds !== undefined) {
    container.StopGracePeriod = input.stopGracePeriodSeconds * SECOND_NS;
  }
  if (input.replicas !== undefined) spec.Mode = { Replicated: { Replicas: input.replicas } };
  if (input.networks !== undefined) {
    task.Networks = networksSpec(input.networks, networkIds);
    delete spec.Networks;
  }
  if (input.ports !== undefined) {
    spec.EndpointSpec = { ...spec.EndpointSpec, Ports: portsSpec(input.ports) };
  }
  if (input.constraints !== undefined) {
    task.Placement = { ...task.Placement, Constraints: input.constraints };
  }
  if (input.limits !== undefined) {
    task.Resources = { ...task.Resources, Limits: limitsSpec(input.limits) };
  }
  if (input.restartPolicy !== undefined) task.RestartPolicy = restartSpec(input.restartPolicy);
  if (input.updateConfig !== undefined) {
    spec.UpdateConfig = { ...spec.UpdateConfig, ...updateConfigSpec(input.updateConfig) };
  }
  if (input.force) task.ForceUpdate = (task.ForceUpdate ?? 0) + 1;
  return spec;
}
