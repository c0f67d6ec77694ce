// NOTE: lib/docker may take the validated request types from lib/validation, never its code.
import type { CreateContainer } from '@/lib/validation/container';

import { withManagedLabel } from '../labels';
import { SECOND_NS } from './units';

/** A network a new container joins: how to name it to the engine, and its aliases. */
export interface NetworkChoice {
  /** The id, or the name for the engine's own networks (`bridge`, `none` are matched by name). */
  ref: string;
  aliases: string[];
}

/**
 * The engine request for a new container, built only from validated fields: no mounts,
 * privileges, capabilities, devices, sysctls, host network or PID namespace can get in.
 */
export function toContainerConfig(input: CreateContainer, networks: NetworkChoice[]) {
  const [first] = networks;
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of input.ports ?? []) {
    const key = `${port.target}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({
      HostIp: port.hostIp ?? '',
      HostPort: port.published !== undefined ? String(port.published) : '',
    });
  }
  const restart = input.restartPolicy;
  return {
    Image: input.image,
    ...(input.command ? { Cmd: input.command } : {}),
    ...(input.env ? { Env: input.env } : {}),
    Labels: withManagedLabel(input.labels),
    ...(input.stopGracePeriodSeconds !== undefined
      ? { StopTimeout: input.stopGracePeriodSeconds }
      : {}),
    ...(Object.keys(exposed).length > 0 ? { ExposedPorts: exposed } : {}),
    HostConfig: {
      ...(first ? { NetworkMode: first.ref } : {}),
      ...(Object.keys(bindings).length > 0 ? { PortBindings: bindings } : {}),
      ...(restart
        ? {
            RestartPolicy: {
              Name: restart.condition === 'no' ? '' : restart.condition,
              ...(restart.maxAttempts !== undefined
                ? { MaximumRetryCount: restart.maxAttempts }
                : {}),
            },
          }
        : {}),
      ...(input.limits?.cpus !== undefined
        ? { NanoCpus: Math.round(input.limits.cpus * SECOND_NS) }
        : {}),
      ...(input.limits?.memoryMb !== undefined
        ? { Memory: input.limits.memoryMb * 1024 * 1024 }
        : {}),
    },
    ...(first && first.aliases.length > 0
      ? { NetworkingConfig: { EndpointsConfig: { [first.ref]: { Aliases: first.aliases } } } }
      : {}),
  };
}
