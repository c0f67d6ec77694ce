import { z } from 'zod';

import type { Protocol, Topology, TopologyNetwork } from '@/lib/topology/types';

import {
  closedObject,
  commandSchema,
  envSchema,
  imageSchema,
  ipAddressSchema,
  labelsSchema,
  limitsSchema,
  networkAttachmentsSchema,
  portSchema,
  protocolSchema,
  stopGracePeriodSchema,
  uniquePublishedPorts,
} from './common';
import type { PortConflict } from './service';

/**
 * Standalone containers: the "Run container" form (any engine, swarm or not) and the routes
 * behind it. Only what is listed here reaches the engine: no mounts, privileges, capabilities,
 * devices, sysctls, host network or PID namespace.
 */

// NOTE: the engine's own rule (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`): at least two characters.
export const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export const containerNameSchema = z
  .string({ error: 'A name is a text.' })
  .trim()
  .min(2, { error: 'At least 2 characters.' })
  .max(128, { error: 'At most 128 characters.' })
  .regex(CONTAINER_NAME, {
    error: 'Letters, digits, "_", "." and "-" only, starting with a letter or digit.',
  });

/** A `-p` mapping: host port (`published`) → container port (`target`). */
export const containerPortSchema = closedObject({
  target: portSchema,
  /** Omitted: the engine picks a free host port. */
  published: portSchema.optional(),
  protocol: protocolSchema.default('tcp'),
  /** Omitted: every host address. */
  hostIp: ipAddressSchema.optional(),
});

export type ContainerPortInput = z.input<typeof containerPortSchema>;
export type ContainerPort = z.output<typeof containerPortSchema>;

export const containerPortsSchema = z
  .array(containerPortSchema)
  .max(32, { error: 'At most 32 port mappings.' })
  .superRefine(uniquePublishedPorts('mapped'));

/** The engine's restart policy (`--restart`). */
export const containerRestartPolicySchema = closedObject({
  condition: z
    .enum(['no', 'on-failure', 'always', 'unless-stopped'], {
      error: 'no, on-failure, always or unless-stopped.',
    })
    .default('no'),
  /** on-failure only. */
  maxAttempts: z.number().int().min(0).max(100, { error: '0–100 attempts.' }).optional(),
}).superRefine((value, ctx) => {
  if (value.maxAttempts !== undefined && value.condition !== 'on-failure') {
    ctx.addIssue({
      code: 'custom',
      path: ['maxAttempts'],
      message: 'Only with condition on-failure.',
    });
  }
});

/** `POST /api/containers`: the "Run container" form. */
export const createContainerSchema = closedObject({
  /** The engine to run on (its name in Portolan); default: the first reachable one. */
  engine: z
    .string({ error: 'Choose an engine.' })
    .trim()
    .min(1, { error: 'Choose an engine.' })
    .optional(),
  /** Omitted: the engine makes one up. */
  name: containerNameSchema.optional(),
  image: imageSchema,
  command: commandSchema.optional(),
  env: envSchema.optional(),
  labels: labelsSchema.optional(),
  /** The first is the container's network at creation, the others are connected before start. */
  networks: networkAttachmentsSchema.optional(),
  ports: containerPortsSchema.optional(),
  restartPolicy: containerRestartPolicySchema.optional(),
  limits: limitsSchema.optional(),
  /** Omitted: the engine's default (10 s). */
  stopGracePeriodSeconds: stopGracePeriodSchema.optional(),
  /** Start it after creating it (default true). */
  start: z.boolean({ error: 'true or false.' }).default(true),
});

export type CreateContainerInput = z.input<typeof createContainerSchema>;
export type CreateContainer = z.output<typeof createContainerSchema>;

/** Optional body of `POST /api/containers/:idOrName/{stop,restart}`. */
export const containerStopSchema = closedObject({
  /** Seconds to wait after SIGTERM before killing; default: the container's own. */
  timeoutSeconds: stopGracePeriodSchema.optional(),
});

export type ContainerStop = z.output<typeof containerStopSchema>;

function overlaps(a: string, b: string): boolean {
  const any = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '::';
  return any(a) || any(b) || a === b;
}

/**
 * Host ports of a new container that are already taken on its engine's node: by another
 * container's mapping, by a swarm ingress port (open on every swarm node), or by a host-mode
 * task port on that node.
 */
export function containerPortConflicts(
  input: { ports?: ContainerPortInput[] | undefined },
  topology: Topology,
  engine: string,
): PortConflict[] {
  const node = topology.engines[engine]?.node ?? null;
  if (node === null) return [];
  const swarmNode = topology.nodes[node]?.kind === 'swarm';
  const conflicts: PortConflict[] = [];
  (input.ports ?? []).forEach((port, index) => {
    if (port.published === undefined) return;
    const protocol: Protocol = port.protocol ?? 'tcp';
    const hostIp = port.hostIp ?? '';
    const field = `ports.${index}.published`;
    const label = `${port.published}/${protocol}`;
    const container = Object.values(topology.containers).find(
      (candidate) =>
        candidate.node === node &&
        candidate.state !== 'exited' &&
        candidate.state !== 'dead' &&
        candidate.state !== 'created' &&
        candidate.ports.some(
          (held) =>
            held.hostPort === port.published &&
            held.protocol === protocol &&
            overlaps(held.hostIp, hostIp),
        ),
    );
    if (container) {
      conflicts.push({
        field,
        published: port.published,
        protocol,
        holder: { kind: 'container', id: container.id, name: container.name },
        message: `Port ${label} is already mapped by container ${container.name} on this engine.`,
      });
      return;
    }
    const path = Object.values(topology.ingress).find(
      (candidate) =>
        candidate.kind !== 'bridge' &&
        candidate.published === port.published &&
        candidate.protocol === protocol &&
        (candidate.kind === 'ingress' ? swarmNode : candidate.nodes.includes(node)),
    );
    if (path && path.kind !== 'bridge') {
      const service = topology.services[path.service];
      conflicts.push({
        field,
        published: port.published,
        protocol,
        holder: { kind: 'service', id: path.service, name: service?.name ?? path.service },
        message: `Port ${label} is already published by service ${service?.name ?? path.service}${
          path.kind === 'ingress' ? ' on every swarm node' : ' on this node'
        }.`,
      });
    }
  });
  return conflicts;
}

/** What a container's `networks` resolve to on its engine: network ids, or a message per field. */
export interface ResolvedContainerNetworks {
  ids: (string | null)[];
  /** Not in the topology (yet): the server asks the engine before refusing. */
  unknown: { index: number; ref: string }[];
  fields: Record<string, string>;
}

/** Why a container cannot join this network, or null when it can. */
export function containerNetworkProblem(
  network: Pick<TopologyNetwork, 'name' | 'driver' | 'scope' | 'attachable' | 'ingress' | 'system'>,
  attachment: { aliases?: string[] | undefined },
  count: number,
): { field: 'network' | 'aliases'; message: string } | null {
  if (network.driver === 'host') {
    return { field: 'network', message: 'Host networking is not offered: choose another network.' };
  }
  if (network.ingress) {
    return { field: 'network', message: `${network.name} is the swarm's ingress network.` };
  }
  if (network.scope === 'swarm' && !network.attachable) {
    return {
      field: 'network',
      message: `${network.name} is a swarm network not created attachable: only services can join it.`,
    };
  }
  if (network.driver === 'null' && count > 1) {
    return {
      field: 'network',
      message: `${network.name} means no network: it cannot be combined.`,
    };
  }
  if ((attachment.aliases ?? []).length > 0 && (network.system || network.driver === 'null')) {
    return {
      field: 'aliases',
      message: `Aliases need a user-defined network; ${network.name} is the engine's own.`,
    };
  }
  return null;
}

/**
 * Resolves a container's networks (name or id) to networks present on `engine`'s node: its
 * local networks, and attachable swarm networks.
 */
export function resolveContainerNetworks(
  attachments: { network: string; aliases?: string[] | undefined }[] | undefined,
  topology: Topology,
  engine: string,
): ResolvedContainerNetworks {
  const node = topology.engines[engine]?.node ?? null;
  const candidates = Object.values(topology.networks).filter(
    (network) => network.scope !== 'local' || (node !== null && network.nodes.includes(node)),
  );
  const result: ResolvedContainerNetworks = { ids: [], unknown: [], fields: {} };
  const list = attachments ?? [];
  list.forEach((attachment, index) => {
    const found =
      candidates.find((network) => network.id === attachment.network) ??
      candidates.find((network) => network.name === attachment.network);
    if (!found) {
      result.ids.push(null);
      result.unknown.push({ index, ref: attachment.network });
      return;
    }
    const problem = containerNetworkProblem(found, attachment, list.length);
    if (problem) {
      result.ids.push(null);
      result.fields[`networks.${index}.${problem.field}`] = problem.message;
      return;
    }
    result.ids.push(found.id);
  });
  return result;
}
