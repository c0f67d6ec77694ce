import { z } from 'zod';

import type { Protocol, Topology, TopologyNetwork } from '@/lib/topology/types';

import {
  closedObject,
  commandSchema,
  envKey,
  envKeySchema,
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

/**
 * Swarm services: the "New service", "Scale" and "Update" forms and the routes behind them
 * validate with these schemas. Context checks (does the network exist, is the port taken) run
 * against a topology, so the browser can run them on its live copy before submitting.
 */

export const MAX_REPLICAS = 1000;

// NOTE: swarmkit's rule for service names: a DNS label (no dots), at most 63 characters.
export const SERVICE_NAME = /^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$/;

export const serviceNameSchema = z
  .string({ error: 'Give the service a name.' })
  .trim()
  .min(1, { error: 'Give the service a name.' })
  .max(63, { error: 'At most 63 characters.' })
  .regex(SERVICE_NAME, {
    error: 'Letters, digits, "-" and "_", starting and ending with a letter or digit (no dots).',
  });

export const replicasSchema = z
  .number({ error: 'Replicas are a number.' })
  .int({ error: 'Replicas are a whole number.' })
  .min(0, { error: `0–${MAX_REPLICAS} replicas.` })
  .max(MAX_REPLICAS, { error: `0–${MAX_REPLICAS} replicas.` });

export const servicePortSchema = closedObject({
  target: portSchema,
  /** Omitted: the swarm picks one (30000–32767 for ingress). */
  published: portSchema.optional(),
  protocol: protocolSchema.default('tcp'),
  mode: z.enum(['ingress', 'host'], { error: 'ingress or host.' }).default('ingress'),
});

export type ServicePortInput = z.input<typeof servicePortSchema>;
export type ServicePort = z.output<typeof servicePortSchema>;

export const servicePortsSchema = z
  .array(servicePortSchema)
  .max(32, { error: 'At most 32 published ports.' })
  .superRefine(uniquePublishedPorts('published'));

const CONSTRAINT =
  /^(node\.(id|hostname|role|platform\.os|platform\.arch)|node\.labels\.[A-Za-z0-9_.-]+|engine\.labels\.[A-Za-z0-9_.-]+)\s*(==|!=)\s*([^\s=!]\S*)$/;

/** A placement constraint: `node.role==worker`, `node.hostname!=node-1`, `node.labels.zone==a`. */
export const constraintSchema = z
  .string({ error: 'A constraint is a text.' })
  // NOTE: checked before trimming: a constraint is one line, and a control character is refused,
  // not quietly cut off.
  .regex(/^[^\u0000-\u001f\u007f]*$/, {
    error: 'A constraint is one line without control characters.',
  })
  .trim()
  .max(256, { error: 'At most 256 characters.' })
  .superRefine((constraint, ctx) => {
    const match = CONSTRAINT.exec(constraint);
    if (!match) {
      ctx.addIssue({
        code: 'custom',
        message:
          'Write node.role, node.hostname, node.id, node.platform.os|arch, node.labels.KEY or engine.labels.KEY, then == or !=, then a value.',
      });
      return;
    }
    if (match[1] === 'node.role' && !['manager', 'worker'].includes(match[4] ?? '')) {
      ctx.addIssue({ code: 'custom', message: 'node.role is manager or worker.' });
    }
  });

export const constraintsSchema = z
  .array(constraintSchema)
  .max(32, { error: 'At most 32 constraints.' });

/** Swarm restart policy (`--restart-condition`, `--restart-delay`, …). */
export const serviceRestartPolicySchema = closedObject({
  condition: z
    .enum(['none', 'on-failure', 'any'], { error: 'none, on-failure or any.' })
    .default('any'),
  delaySeconds: z.number().int().min(0).max(3600, { error: '0–3600 seconds.' }).optional(),
  maxAttempts: z.number().int().min(0).max(1000, { error: '0–1000 attempts.' }).optional(),
  windowSeconds: z.number().int().min(0).max(3600, { error: '0–3600 seconds.' }).optional(),
});

/** How a rolling update proceeds (`--update-parallelism`, `--update-delay`, …). */
export const updateConfigSchema = closedObject({
  parallelism: z.number().int().min(0).max(100, { error: '0–100 tasks at a time.' }).optional(),
  delaySeconds: z.number().int().min(0).max(3600, { error: '0–3600 seconds.' }).optional(),
  failureAction: z
    .enum(['pause', 'continue', 'rollback'], { error: 'pause, continue or rollback.' })
    .optional(),
  order: z.enum(['stop-first', 'start-first'], { error: 'stop-first or start-first.' }).optional(),
});

function checkPortsForEndpointMode(
  value: { endpointMode?: 'vip' | 'dnsrr' | undefined; ports?: ServicePort[] | undefined },
  ctx: z.RefinementCtx,
) {
  if (value.endpointMode !== 'dnsrr') return;
  (value.ports ?? []).forEach((port, index) => {
    if (port.mode === 'ingress') {
      ctx.addIssue({
        code: 'custom',
        path: ['ports', index, 'mode'],
        message: 'A dnsrr service has no VIP: publish in host mode, or use endpoint mode vip.',
      });
    }
  });
}

/** `POST /api/services`: the "New service" form. */
export const createServiceSchema = closedObject({
  name: serviceNameSchema,
  image: imageSchema,
  command: commandSchema.optional(),
  mode: z.enum(['replicated', 'global'], { error: 'replicated or global.' }).default('replicated'),
  /** Replicated services only; default 1. */
  replicas: replicasSchema.optional(),
  networks: networkAttachmentsSchema.optional(),
  ports: servicePortsSchema.optional(),
  endpointMode: z.enum(['vip', 'dnsrr'], { error: 'vip or dnsrr.' }).default('vip'),
  env: envSchema.optional(),
  labels: labelsSchema.optional(),
  constraints: constraintsSchema.optional(),
  limits: limitsSchema.optional(),
  restartPolicy: serviceRestartPolicySchema.optional(),
  updateConfig: updateConfigSchema.optional(),
  /** Omitted: the engine's default (10 s). */
  stopGracePeriodSeconds: stopGracePeriodSchema.optional(),
}).superRefine((value, ctx) => {
  if (value.mode === 'global' && value.replicas !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['replicas'],
      message: 'A global service runs one task per node: leave replicas out.',
    });
  }
  checkPortsForEndpointMode(value, ctx);
});

export type CreateServiceInput = z.input<typeof createServiceSchema>;
export type CreateService = z.output<typeof createServiceSchema>;

/** `POST /api/services/:idOrName/scale`. */
export const scaleServiceSchema = closedObject({ replicas: replicasSchema });

export type ScaleService = z.output<typeof scaleServiceSchema>;

/**
 * `POST /api/services/:idOrName/update`: every field is optional and replaces that part of the
 * service's spec; what is left out stays as it is. `envAdd`/`envRemove` change single variables
 * (a form only knows the keys of the current environment), `env` replaces it whole.
 */
export const updateServiceSchema = closedObject({
  image: imageSchema.optional(),
  /** `null` goes back to the image's own command. */
  command: commandSchema.nullable().optional(),
  env: envSchema.optional(),
  envAdd: envSchema.optional(),
  envRemove: z.array(envKeySchema).max(128, { error: 'At most 128 variables.' }).optional(),
  replicas: replicasSchema.optional(),
  networks: networkAttachmentsSchema.optional(),
  ports: servicePortsSchema.optional(),
  constraints: constraintsSchema.optional(),
  limits: limitsSchema.optional(),
  restartPolicy: serviceRestartPolicySchema.optional(),
  updateConfig: updateConfigSchema.optional(),
  stopGracePeriodSeconds: stopGracePeriodSchema.optional(),
  /** Restart every task even if nothing else changed (`docker service update --force`). */
  force: z.boolean({ error: 'true or false.' }).optional(),
}).superRefine((value, ctx) => {
  if (Object.values(value).every((field) => field === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'Nothing to update: give at least one field.' });
  }
  if (value.env && (value.envAdd || value.envRemove)) {
    ctx.addIssue({
      code: 'custom',
      path: ['env'],
      message: 'Either replace the environment (env) or change it (envAdd, envRemove), not both.',
    });
  }
  const added = new Set((value.envAdd ?? []).map(envKey));
  (value.envRemove ?? []).forEach((key, index) => {
    if (added.has(key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['envRemove', index],
        message: `${key} is both added and removed.`,
      });
    }
  });
});

export type UpdateServiceInput = z.input<typeof updateServiceSchema>;
export type UpdateService = z.output<typeof updateServiceSchema>;

/** `POST /api/swarm/init`: the "Initialize swarm" offer on an engine outside swarm mode. */
export const swarmInitSchema = closedObject({
  engine: z.string({ error: 'Choose an engine.' }).trim().min(1, { error: 'Choose an engine.' }),
  advertiseAddr: ipAddressSchema.refine(isUsableAdvertiseAddress, {
    error:
      'Other nodes must reach this address: not a loopback, unspecified, multicast or link-local one.',
  }),
});

export type SwarmInit = z.output<typeof swarmInitSchema>;

/** False for addresses other nodes can never reach (loopback, 0.0.0.0, multicast, link-local). */
export function isUsableAdvertiseAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower.includes(':')) {
    return !(
      lower === '::' ||
      lower === '::1' ||
      lower.startsWith('fe8') ||
      lower.startsWith('fe9') ||
      lower.startsWith('fea') ||
      lower.startsWith('feb') ||
      lower.startsWith('ff')
    );
  }
  const [first = 0, second = 0] = lower.split('.').map(Number);
  return !(
    first === 0 ||
    first === 127 ||
    (first === 169 && second === 254) ||
    (first >= 224 && first <= 239) ||
    first === 255
  );
}

/** A published port that clashes with one already published, and who holds it. */
export interface PortConflict {
  /** The form field to show it on: `ports.2.published`. */
  field: string;
  published: number;
  protocol: Protocol;
  /** The holder: a service or a container, by id and name. */
  holder: { kind: 'service' | 'container'; id: string; name: string };
  message: string;
}

/**
 * Ports of a new or updated service that are already published, naming who publishes them.
 * An ingress port is open on every swarm node, so it clashes with any service port and with any
 * container's `-p` mapping on a swarm node; two host-mode ports may coexist on different nodes.
 * `except` is the service being updated (its own ports are not a conflict).
 */
export function portConflicts(
  input: { ports?: ServicePortInput[] | undefined },
  topology: Topology,
  except?: string,
): PortConflict[] {
  const conflicts: PortConflict[] = [];
  const swarmNodes = new Set(
    Object.values(topology.nodes)
      .filter((node) => node.kind === 'swarm')
      .map((node) => node.id),
  );
  (input.ports ?? []).forEach((port, index) => {
    if (port.published === undefined) return;
    const protocol = port.protocol ?? 'tcp';
    const mode = port.mode ?? 'ingress';
    const field = `ports.${index}.published`;
    const label = `${port.published}/${protocol}`;
    const service = Object.values(topology.services).find(
      (candidate) =>
        candidate.id !== except &&
        candidate.ports.some(
          (held) =>
            held.published === port.published &&
            held.protocol === protocol &&
            (mode === 'ingress' || held.mode === 'ingress'),
        ),
    );
    if (service) {
      conflicts.push({
        field,
        published: port.published,
        protocol,
        holder: { kind: 'service', id: service.id, name: service.name },
        message: `Port ${label} is already published by service ${service.name}.`,
      });
      return;
    }
    if (mode !== 'ingress') return;
    const container = Object.values(topology.containers).find(
      (candidate) =>
        candidate.task === null &&
        swarmNodes.has(candidate.node) &&
        candidate.ports.some(
          (held) => held.hostPort === port.published && held.protocol === protocol,
        ),
    );
    if (container) {
      conflicts.push({
        field,
        published: port.published,
        protocol,
        holder: { kind: 'container', id: container.id, name: container.name },
        message: `Port ${label} is already published by container ${container.name} on one of the swarm's nodes.`,
      });
    }
  });
  return conflicts;
}

/** What a service's `networks` resolve to: network ids, or a message per bad field. */
export interface ResolvedNetworks {
  ids: (string | null)[];
  /** Networks the topology does not know (yet): the server asks the engine before refusing. */
  unknown: { index: number; ref: string }[];
  fields: Record<string, string>;
}

function findNetwork(
  networks: TopologyNetwork[],
  ref: string,
): { network: TopologyNetwork | null; ambiguous: boolean } {
  const byId = networks.find((network) => network.id === ref);
  if (byId) return { network: byId, ambiguous: false };
  const byName = networks.filter((network) => network.name === ref);
  if (byName.length === 1) return { network: byName[0] ?? null, ambiguous: false };
  return { network: null, ambiguous: byName.length > 1 };
}

/** Why a network cannot carry a swarm service, or null when it can. */
export function serviceNetworkProblem(network: {
  name: string;
  scope: string;
  ingress: boolean;
}): string | null {
  if (network.ingress) {
    return `${network.name} is the ingress network: services join it by publishing ports.`;
  }
  if (network.scope !== 'swarm') {
    return `${network.name} is local to one engine: services attach to swarm-scoped (overlay) networks.`;
  }
  return null;
}

/** Resolves a service's networks (name or id) to swarm-scoped networks of the topology. */
export function resolveServiceNetworks(
  attachments: { network: string }[] | undefined,
  topology: Topology,
): ResolvedNetworks {
  const networks = Object.values(topology.networks);
  const result: ResolvedNetworks = { ids: [], unknown: [], fields: {} };
  (attachments ?? []).forEach((attachment, index) => {
    const swarmScoped = networks.filter((network) => network.scope === 'swarm');
    const { network } = findNetwork(swarmScoped, attachment.network);
    const local = network ? null : findNetwork(networks, attachment.network).network;
    const found = network ?? local;
    if (!found) {
      result.ids.push(null);
      result.unknown.push({ index, ref: attachment.network });
      return;
    }
    const problem = serviceNetworkProblem(found);
    if (problem) {
      result.ids.push(null);
      result.fields[`networks.${index}.network`] = problem;
      return;
    }
    result.ids.push(found.id);
  });
  return result;
}
