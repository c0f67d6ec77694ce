import { MANAGED_LABEL, envKey } from '@/lib/docker/labels';

import { servicePrivileges } from './service-privileges';
import type { ServiceInspect } from './service-spec';
import { SECOND_NS } from './units';

/** A service as the update form shows it: the spec's values, env reduced to its keys. */
export function toServiceView(service: ServiceInspect, hostNetworks: ReadonlySet<string>) {
  const { Spec: spec } = service;
  const isHost = (target: string) => hostNetworks.has(target);
  const container = spec.TaskTemplate.ContainerSpec ?? {};
  const limits = spec.TaskTemplate.Resources?.Limits ?? {};
  const restart = spec.TaskTemplate.RestartPolicy;
  const update = spec.UpdateConfig as
    { Parallelism?: number; Delay?: number; FailureAction?: string; Order?: string } | undefined;
  return {
    id: service.ID,
    name: spec.Name,
    version: service.Version.Index,
    managed: spec.Labels?.[MANAGED_LABEL] === 'true',
    image: container.Image ?? null,
    command: container.Command ?? null,
    mode: spec.Mode?.Global ? 'global' : spec.Mode?.Replicated ? 'replicated' : 'other',
    replicas: spec.Mode?.Replicated?.Replicas ?? null,
    networks: (spec.TaskTemplate.Networks ?? []).map((network) => ({
      network: network.Target,
      aliases: network.Aliases ?? [],
    })),
    ports: (spec.EndpointSpec?.Ports ?? []).map((port) => ({
      target: port.TargetPort ?? 0,
      published: port.PublishedPort ?? null,
      protocol: port.Protocol ?? 'tcp',
      mode: port.PublishMode ?? 'ingress',
    })),
    endpointMode: spec.EndpointSpec?.Mode ?? 'vip',
    envKeys: (container.Env ?? []).map(envKey),
    labels: spec.Labels ?? {},
    constraints: spec.TaskTemplate.Placement?.Constraints ?? [],
    limits: {
      cpus: limits.NanoCPUs ? limits.NanoCPUs / SECOND_NS : null,
      memoryMb: limits.MemoryBytes ? Math.round(limits.MemoryBytes / 1024 / 1024) : null,
    },
    restartPolicy: restart
      ? {
          condition: restart.Condition ?? 'any',
          delaySeconds: restart.Delay !== undefined ? restart.Delay / SECOND_NS : null,
          maxAttempts: restart.MaxAttempts ?? null,
          windowSeconds: restart.Window !== undefined ? restart.Window / SECOND_NS : null,
        }
      : null,
    updateConfig: update
      ? {
          parallelism: update.Parallelism ?? null,
          delaySeconds: update.Delay !== undefined ? update.Delay / SECOND_NS : null,
          failureAction: update.FailureAction ?? null,
          order: update.Order ?? null,
        }
      : null,
    stopGracePeriodSeconds:
      container.StopGracePeriod !== undefined ? container.StopGracePeriod / SECOND_NS : null,
    canRollBack: service.PreviousSpec !== undefined,
    /** Host access the spec grants; Portolan shows it and will not update or roll back. */
    privileges: servicePrivileges(spec, isHost),
    previousPrivileges: servicePrivileges(service.PreviousSpec, isHost),
    updateStatus: service.UpdateStatus
      ? { state: service.UpdateStatus.State ?? null, message: service.UpdateStatus.Message ?? null }
      : null,
  };
}
