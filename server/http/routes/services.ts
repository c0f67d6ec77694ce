import {
  privilegeRefusal,
  servicePrivileges,
  type ServicePrivilege,
} from '@/lib/docker/specs/service-privileges';
import type { Topology } from '@/lib/topology/types';
import { MANAGED_LABEL, closedObject, envKey, withManagedLabel } from '@/lib/validation/common';
import {
  createServiceSchema,
  portConflicts,
  resolveServiceNetworks,
  scaleServiceSchema,
  serviceNetworkProblem,
  updateServiceSchema,
  type CreateService,
  type ServicePort,
  type UpdateService,
} from '@/lib/validation/service';

import { sendError, sendJson } from '../json';
import type { ApiRequest, Route, RouteContext, RouteEngine } from '../route';
import {
  OutOfSequenceError,
  chooseManager,
  dial,
  engineMessage,
  readValidBody,
  sendEngineFailure,
  statusOf,
  withVersionRetry,
} from './engine-calls';

/** The parts of a service spec Portolan writes (Engine API 1.41 `ServiceSpec`). */
interface ServiceSpec {
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

interface ServiceInspect {
  ID: string;
  Version: { Index: number };
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  UpdateStatus?: { State?: string; Message?: string };
}

const SECOND_NS = 1e9;

/** A refusal decided while holding the service's current state (global service, no history…). */
class ServiceRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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

/**
 * The network targets of these specs that are a `host` network. NOTE: `--network host` makes the
 * target the swarm's predefined host network, which no network list shows; targets the topology
 * does not know are read from the manager.
 */
async function hostNetworksOf(
  manager: RouteEngine,
  specs: readonly (ServiceSpec | undefined)[],
  topology: Topology,
): Promise<Set<string>> {
  const targets = new Set(
    specs.flatMap((spec) => (spec?.TaskTemplate.Networks ?? []).map((network) => network.Target)),
  );
  const host = new Set<string>();
  for (const target of targets) {
    const known =
      topology.networks[target] ??
      Object.values(topology.networks).find((network) => network.name === target);
    if (known) {
      if (known.driver === 'host') host.add(target);
      continue;
    }
    try {
      const network = await dial<{ Driver?: string }>(manager.docker, {
        method: 'GET',
        path: `/networks/${encodeURIComponent(target)}`,
        ok: [200],
      });
      if (network.Driver === 'host') host.add(target);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
  return host;
}

/** What the service's current and previous specs hold that Portolan will not act through. */
async function privilegesOf(
  manager: RouteEngine,
  service: ServiceInspect,
  topology: Topology,
): Promise<ServicePrivilege[]> {
  const host = await hostNetworksOf(manager, [service.Spec, service.PreviousSpec], topology);
  const isHost = (target: string) => host.has(target);
  const seen = new Set<string>();
  return [
    ...servicePrivileges(service.Spec, isHost),
    ...servicePrivileges(service.PreviousSpec, isHost),
  ].filter((privilege) => {
    const key = `${privilege.kind}:${privilege.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

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

/**
 * Networks the topology does not know yet (created a moment ago) are looked up on the manager
 * before being refused. Returns the network ids, or the per-field messages.
 */
async function resolveNetworks(
  manager: RouteEngine,
  attachments: { network: string }[] | undefined,
  topology: Topology,
): Promise<{ ids: string[]; fields: Record<string, string> }> {
  const resolved = resolveServiceNetworks(attachments, topology);
  const ids = [...resolved.ids];
  const fields = { ...resolved.fields };
  for (const { index, ref } of resolved.unknown) {
    const field = `networks.${index}.network`;
    try {
      const network = await dial<{ Id: string; Name: string; Scope: string; Ingress?: boolean }>(
        manager.docker,
        { method: 'GET', path: `/networks/${encodeURIComponent(ref)}`, ok: [200] },
      );
      const problem = serviceNetworkProblem({
        name: network.Name,
        scope: network.Scope,
        ingress: network.Ingress === true,
      });
      if (problem) fields[field] = problem;
      else ids[index] = network.Id;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      fields[field] = `No network ${ref} in the swarm.`;
    }
  }
  return { ids: ids.map((id) => id ?? ''), fields };
}

/** Port conflicts answer 409 with the field of each clashing port. */
function sendPortConflicts(
  res: ApiRequest['res'],
  conflicts: ReturnType<typeof portConflicts>,
): boolean {
  if (conflicts.length === 0) return false;
  const fields: Record<string, string> = {};
  for (const conflict of conflicts) fields[conflict.field] ??= conflict.message;
  sendError(res, 409, conflicts[0]?.message ?? 'A port is already published.', fields);
  return true;
}

/** The engine's own port check, for what the topology had not seen yet: 409 on that field. */
function sendEngineFailureWithPorts(
  res: ApiRequest['res'],
  error: unknown,
  ports: ServicePort[] | undefined,
): void {
  const message = engineMessage(error);
  const clash = /port '(\d+)' is already in use by service/i.exec(message);
  if (clash) {
    const index = (ports ?? []).findIndex((port) => port.published === Number(clash[1]));
    sendError(
      res,
      409,
      message,
      index >= 0 ? { [`ports.${index}.published`]: message } : undefined,
    );
    return;
  }
  sendEngineFailure(res, error);
}

/** Engines of the manager's swarm that lack the image: its tasks cannot start there. */
async function missingImageWarnings(
  context: RouteContext,
  manager: RouteEngine,
  image: string,
): Promise<string[]> {
  const { engines } = context.hub.snapshot();
  const cluster = engines[manager.name]?.swarm?.clusterId ?? null;
  const peers = context.engines.filter((engine) => {
    const state = engines[engine.name];
    return state?.reachable && state.swarm?.clusterId === cluster;
  });
  const missing = await Promise.all(
    peers.map(async (engine) => {
      try {
        await dial(engine.docker, {
          method: 'GET',
          path: `/images/${encodeURIComponent(image)}/json`,
          ok: [200],
        });
        return null;
      } catch (error) {
        return statusOf(error) === 404 ? engine.name : null;
      }
    }),
  );
  const names = missing.filter((name): name is string => name !== null);
  if (names.length === 0) return [];
  return [
    `${image} is not present on ${names.join(', ')}: tasks placed there try a registry pull and fail without one (Portolan never pulls).`,
  ];
}

function inspectService(manager: RouteEngine, idOrName: string): Promise<ServiceInspect> {
  return dial<ServiceInspect>(manager.docker, {
    method: 'GET',
    path: `/services/${encodeURIComponent(idOrName)}`,
    ok: [200],
  });
}

function updateService(
  manager: RouteEngine,
  service: ServiceInspect,
  spec: ServiceSpec,
  rollback = false,
): Promise<{ Warnings?: string[] | null }> {
  return dial(manager.docker, {
    method: 'POST',
    path: `/services/${service.ID}/update`,
    query: { version: service.Version.Index, ...(rollback ? { rollback: 'previous' } : {}) },
    body: spec,
    ok: [200],
  });
}

function sendServiceFailure(res: ApiRequest['res'], error: unknown, ports?: ServicePort[]) {
  if (error instanceof ServiceRefusal) sendError(res, error.status, error.message);
  else if (error instanceof OutOfSequenceError) sendError(res, 409, error.message);
  else sendEngineFailureWithPorts(res, error, ports);
}

/**
 * Swarm services: create, scale, update, roll back, remove, and read one for the update form.
 * Requests go to a reachable manager. The map learns the result from the engine's events.
 */
export function serviceRoutes(context: RouteContext): Route[] {
  const { hub, logger } = context;

  /** Resolves the manager or answers the request with why there is none. */
  const manager = (res: ApiRequest['res']): RouteEngine | null => {
    const choice = chooseManager(context);
    if (choice.ok) return choice.engine;
    sendError(res, choice.status, choice.error);
    return null;
  };

  return [
    {
      method: 'POST',
      pattern: /^\/api\/services$/,
      handle: async (request) => {
        const { res } = request;
        const input = await readValidBody(request, createServiceSchema);
        if (!input) return;
        const engine = manager(res);
        if (!engine) return;
        try {
          const topology = hub.snapshot();
          const networks = await resolveNetworks(engine, input.networks, topology);
          if (Object.keys(networks.fields).length > 0) {
            sendError(res, 400, 'Some networks cannot carry this service.', networks.fields);
            return;
          }
          if (sendPortConflicts(res, portConflicts(input, topology))) return;
          const created = await dial<{ ID: string; Warnings?: string[] | null }>(engine.docker, {
            method: 'POST',
            path: '/services/create',
            body: toServiceSpec(input, networks.ids),
            ok: [200, 201],
          });
          const warnings = [
            ...(created.Warnings ?? []),
            ...(await missingImageWarnings(context, engine, input.image)),
          ];
          logger.info('service created', {
            service: input.name,
            id: created.ID,
            engine: engine.name,
          });
          sendJson(res, 201, { id: created.ID, name: input.name, warnings });
        } catch (error) {
          sendServiceFailure(res, error, input.ports);
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/services\/([^/]+)$/,
      handle: async ({ res, params }) => {
        const engine = manager(res);
        if (!engine) return;
        try {
          const service = await inspectService(engine, params[0] ?? '');
          const host = await hostNetworksOf(
            engine,
            [service.Spec, service.PreviousSpec],
            hub.snapshot(),
          );
          sendJson(res, 200, toServiceView(service, host));
        } catch (error) {
          sendEngineFailure(res, error);
        }
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/services\/([^/]+)\/scale$/,
      handle: async (request) => {
        const { res, params } = request;
        const input = await readValidBody(request, scaleServiceSchema);
        if (!input) return;
        const engine = manager(res);
        if (!engine) return;
        const idOrName = params[0] ?? '';
        try {
          const result = await withVersionRetry(`Service ${idOrName}`, async () => {
            const service = await inspectService(engine, idOrName);
            const replicated = service.Spec.Mode?.Replicated;
            if (!replicated) {
              throw new ServiceRefusal(
                409,
                `${service.Spec.Name} is a global service: it runs one task per node and cannot be scaled.`,
              );
            }
            const previous = replicated.Replicas ?? 0;
            const spec: ServiceSpec = structuredClone(service.Spec);
            spec.Mode = { ...spec.Mode, Replicated: { Replicas: input.replicas } };
            await updateService(engine, service, spec);
            return { id: service.ID, name: service.Spec.Name, previous };
          });
          logger.info('service scaled', { service: result.name, replicas: input.replicas });
          sendJson(res, 200, {
            id: result.id,
            name: result.name,
            replicas: input.replicas,
            previousReplicas: result.previous,
          });
        } catch (error) {
          sendServiceFailure(res, error);
        }
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/services\/([^/]+)\/update$/,
      handle: async (request) => {
        const { res, params } = request;
        const input = await readValidBody(request, updateServiceSchema);
        if (!input) return;
        const engine = manager(res);
        if (!engine) return;
        const idOrName = params[0] ?? '';
        try {
          const topology = hub.snapshot();
          const networks = await resolveNetworks(engine, input.networks, topology);
          if (Object.keys(networks.fields).length > 0) {
            sendError(res, 400, 'Some networks cannot carry this service.', networks.fields);
            return;
          }
          const result = await withVersionRetry(`Service ${idOrName}`, async () => {
            const service = await inspectService(engine, idOrName);
            if (input.replicas !== undefined && !service.Spec.Mode?.Replicated) {
              throw new ServiceRefusal(
                409,
                `${service.Spec.Name} is a global service: it runs one task per node, replicas do not apply.`,
              );
            }
            const privileges = await privilegesOf(engine, service, topology);
            if (privileges.length > 0) {
              throw new ServiceRefusal(
                403,
                privilegeRefusal(service.Spec.Name, 'update', privileges),
              );
            }
            const conflicts = portConflicts(input, topology, service.ID);
            if (conflicts.length > 0) return { kind: 'conflicts' as const, conflicts };
            const spec = applyServiceUpdate(service.Spec, input, networks.ids);
            const answer = await updateService(engine, service, spec);
            return { kind: 'updated' as const, service, warnings: answer.Warnings ?? [] };
          });
          if (result.kind === 'conflicts') {
            sendPortConflicts(res, result.conflicts);
            return;
          }
          const warnings = [
            ...result.warnings,
            ...(input.image ? await missingImageWarnings(context, engine, input.image) : []),
          ];
          logger.info('service updated', {
            service: result.service.Spec.Name,
            fields: Object.keys(input),
          });
          sendJson(res, 200, { id: result.service.ID, name: result.service.Spec.Name, warnings });
        } catch (error) {
          sendServiceFailure(res, error, input.ports);
        }
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/services\/([^/]+)\/rollback$/,
      handle: async (request) => {
        const { res, params } = request;
        if (!(await readValidBody(request, closedObject({}), { optional: true }))) return;
        const engine = manager(res);
        if (!engine) return;
        const idOrName = params[0] ?? '';
        try {
          const service = await withVersionRetry(`Service ${idOrName}`, async () => {
            const current = await inspectService(engine, idOrName);
            if (!current.PreviousSpec) {
              throw new ServiceRefusal(
                409,
                `${current.Spec.Name} has no previous version to roll back to.`,
              );
            }
            const privileges = await privilegesOf(engine, current, hub.snapshot());
            if (privileges.length > 0) {
              throw new ServiceRefusal(
                403,
                privilegeRefusal(current.Spec.Name, 'roll back', privileges),
              );
            }
            // NOTE: the engine wants the current spec in the body and swaps in the previous one.
            await updateService(engine, current, current.Spec, true);
            return current;
          });
          logger.info('service rolled back', { service: service.Spec.Name });
          sendJson(res, 200, { id: service.ID, name: service.Spec.Name });
        } catch (error) {
          sendServiceFailure(res, error);
        }
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/services\/([^/]+)$/,
      handle: async ({ res, params }) => {
        const engine = manager(res);
        if (!engine) return;
        try {
          const service = await inspectService(engine, params[0] ?? '');
          await dial(engine.docker, {
            method: 'DELETE',
            path: `/services/${service.ID}`,
            ok: [200, 204],
          });
          logger.info('service removed', { service: service.Spec.Name, id: service.ID });
          sendJson(res, 200, { id: service.ID, name: service.Spec.Name });
        } catch (error) {
          sendEngineFailure(res, error);
        }
      },
    },
  ];
}
