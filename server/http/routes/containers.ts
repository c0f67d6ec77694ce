import type { Topology } from '@/lib/topology/types';
import { withManagedLabel } from '@/lib/validation/common';
import {
  containerNetworkProblem,
  containerPortConflicts,
  containerStopSchema,
  createContainerSchema,
  resolveContainerNetworks,
  type CreateContainer,
} from '@/lib/validation/container';

import { sendError, sendJson } from '../json';
import type { ApiRequest, Route, RouteContext, RouteEngine } from '../route';
import {
  ENGINE_CALL_MS,
  dial,
  engineNamed,
  readValidBody,
  sendEngineFailure,
  statusOf,
} from './engine-calls';

const SECOND_NS = 1e9;
const SYSTEM_NETWORKS = new Set(['bridge', 'host', 'none', 'docker_gwbridge', 'ingress']);

interface ContainerInspect {
  Id: string;
  Name: string;
  State: { Status: string };
  Config: { Labels?: Record<string, string> | null };
}

/** A network a new container joins: how to name it to the engine, and its aliases. */
interface NetworkChoice {
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

function inspectContainer(engine: RouteEngine, id: string): Promise<ContainerInspect> {
  return dial<ContainerInspect>(engine.docker, {
    method: 'GET',
    path: `/containers/${encodeURIComponent(id)}/json`,
    ok: [200],
  });
}

const nameOf = (container: ContainerInspect) => container.Name.replace(/^\//, '');

type Found =
  | { ok: true; engine: RouteEngine; container: ContainerInspect }
  | { ok: false; status: number; error: string };

/**
 * The container a per-container action is about: from the live topology (id, id prefix or
 * name; `engine` narrows it), else by asking the engines, so one created a moment ago is found.
 */
async function findContainer(
  context: RouteContext,
  ref: string,
  engineName: string | null,
): Promise<Found> {
  if (engineName !== null && !engineNamed(context, engineName)) {
    return { ok: false, status: 404, error: `No engine named ${engineName}.` };
  }
  const topology = context.hub.snapshot();
  const inScope = Object.values(topology.containers).filter(
    (container) => engineName === null || container.engine === engineName,
  );
  const exact = inScope.filter((container) => container.id === ref || container.name === ref);
  const matches =
    exact.length > 0 ? exact : inScope.filter((container) => container.id.startsWith(ref));
  if (matches.length > 1) {
    const where = [...new Set(matches.map((container) => container.engine))].join(', ');
    return {
      ok: false,
      status: 409,
      error: `${ref} matches ${matches.length} containers (on ${where}): give the full id, or ?engine=NAME.`,
    };
  }
  const candidates = matches[0]
    ? [matches[0].engine]
    : context.engines
        .map((engine) => engine.name)
        .filter(
          (name) =>
            (engineName === null || name === engineName) && topology.engines[name]?.reachable,
        );
  let notFound = `No such container: ${ref}`;
  for (const name of candidates) {
    const engine = engineNamed(context, name);
    if (!engine) continue;
    try {
      return { ok: true, engine, container: await inspectContainer(engine, matches[0]?.id ?? ref) };
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      notFound = (error as { json?: { message?: string } }).json?.message ?? notFound;
    }
  }
  return { ok: false, status: 404, error: notFound };
}

/** The engine a new container runs on: the one named, else the first reachable one. */
function chooseEngine(
  context: RouteContext,
  topology: Topology,
  name: string | undefined,
):
  | { ok: true; engine: RouteEngine }
  | { ok: false; status: number; error: string; field?: boolean } {
  if (name !== undefined) {
    const engine = engineNamed(context, name);
    if (!engine) {
      const known = context.engines.map((candidate) => candidate.name).join(', ');
      return {
        ok: false,
        status: 400,
        error: `No engine named ${name} (known: ${known}).`,
        field: true,
      };
    }
    if (!topology.engines[name]?.reachable) {
      return { ok: false, status: 503, error: `The engine ${name} is unreachable.` };
    }
    return { ok: true, engine };
  }
  const engine = context.engines.find((candidate) => topology.engines[candidate.name]?.reachable);
  return engine
    ? { ok: true, engine }
    : { ok: false, status: 503, error: 'No engine is reachable.' };
}

/** Resolves the networks on the engine (topology first, then the engine itself). */
async function resolveNetworks(
  engine: RouteEngine,
  input: CreateContainer,
  topology: Topology,
): Promise<{ choices: NetworkChoice[]; fields: Record<string, string> }> {
  const attachments = input.networks ?? [];
  const resolved = resolveContainerNetworks(attachments, topology, engine.name);
  const fields = { ...resolved.fields };
  const refs: (string | null)[] = resolved.ids.map((id) => {
    const network = id ? topology.networks[id] : undefined;
    return network?.system ? network.name : id;
  });
  for (const { index, ref } of resolved.unknown) {
    try {
      const network = await dial<{
        Id: string;
        Name: string;
        Driver: string;
        Scope: string;
        Attachable?: boolean;
        Ingress?: boolean;
      }>(engine.docker, { method: 'GET', path: `/networks/${encodeURIComponent(ref)}`, ok: [200] });
      const system = SYSTEM_NETWORKS.has(network.Name);
      const problem = containerNetworkProblem(
        {
          name: network.Name,
          driver: network.Driver,
          scope: network.Scope === 'swarm' ? 'swarm' : 'local',
          attachable: network.Attachable === true,
          ingress: network.Ingress === true,
          system,
        },
        attachments[index] ?? {},
        attachments.length,
      );
      if (problem) fields[`networks.${index}.${problem.field}`] = problem.message;
      else refs[index] = system ? network.Name : network.Id;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      fields[`networks.${index}.network`] = `No network ${ref} on ${engine.name}.`;
    }
  }
  const choices = attachments.map((attachment, index) => ({
    ref: refs[index] ?? '',
    aliases: attachment.aliases ?? [],
  }));
  return { choices, fields };
}

function refuseTaskContainer(res: ApiRequest['res'], container: ContainerInspect): boolean {
  const labels = container.Config.Labels ?? {};
  const task = labels['com.docker.swarm.task.name'] ?? labels['com.docker.swarm.task.id'];
  if (!task) return false;
  const service = labels['com.docker.swarm.service.name'] ?? 'its service';
  sendError(
    res,
    409,
    `${nameOf(container)} runs task ${task} of service ${service}: the swarm manages it; scale, update or remove the service instead.`,
  );
  return true;
}

/**
 * Standalone containers on any engine: run (create, connect, start), start, stop, restart,
 * remove; and the images each engine holds, for the "Run container" and "New service" forms.
 */
export function containerRoutes(context: RouteContext): Route[] {
  const { hub, logger } = context;

  const action = (verb: 'start' | 'stop' | 'restart'): Route => ({
    method: 'POST',
    pattern: new RegExp(`^\\/api\\/containers\\/([^/]+)\\/${verb}$`),
    handle: async (request) => {
      const { res, params, query } = request;
      const input = await readValidBody(request, containerStopSchema, { optional: true });
      if (!input) return;
      if (verb === 'start' && input.timeoutSeconds !== undefined) {
        sendError(res, 400, 'Some fields are not valid.', {
          timeoutSeconds: 'Only for stop and restart.',
        });
        return;
      }
      try {
        const found = await findContainer(context, params[0] ?? '', query.get('engine'));
        if (!found.ok) {
          sendError(res, found.status, found.error);
          return;
        }
        const { engine, container } = found;
        if (refuseTaskContainer(res, container)) return;
        const timeout = input.timeoutSeconds;
        await dial(engine.docker, {
          method: 'POST',
          path: `/containers/${container.Id}/${verb}`,
          ...(timeout !== undefined ? { query: { t: timeout } } : {}),
          // NOTE: 304 = already in that state; the answer is the state either way.
          ok: [204, 304],
          timeoutMs: ENGINE_CALL_MS + (timeout ?? 10) * 1000,
        });
        const after = await inspectContainer(engine, container.Id);
        logger.info(`container ${verb}`, { container: nameOf(after), engine: engine.name });
        sendJson(res, 200, {
          id: after.Id,
          name: nameOf(after),
          engine: engine.name,
          state: after.State.Status,
        });
      } catch (error) {
        sendEngineFailure(res, error);
      }
    },
  });

  return [
    {
      method: 'GET',
      pattern: /^\/api\/images$/,
      handle: async ({ res }) => {
        const topology = hub.snapshot();
        const engines = await Promise.all(
          context.engines.map(async (engine) => {
            if (!topology.engines[engine.name]?.reachable) {
              return { engine: engine.name, reachable: false, images: [] };
            }
            try {
              const images = await dial<
                { Id: string; RepoTags?: string[] | null; Size?: number }[]
              >(engine.docker, { method: 'GET', path: '/images/json', ok: [200] });
              return {
                engine: engine.name,
                reachable: true,
                images: images
                  .map((image) => ({
                    id: image.Id,
                    tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
                    size: image.Size ?? null,
                  }))
                  .filter((image) => image.tags.length > 0)
                  .sort((a, b) => (a.tags[0] ?? '').localeCompare(b.tags[0] ?? '')),
              };
            } catch {
              return { engine: engine.name, reachable: false, images: [] };
            }
          }),
        );
        sendJson(res, 200, { engines });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/containers$/,
      handle: async (request) => {
        const { res } = request;
        const input = await readValidBody(request, createContainerSchema);
        if (!input) return;
        const topology = hub.snapshot();
        const choice = chooseEngine(context, topology, input.engine);
        if (!choice.ok) {
          sendError(
            res,
            choice.status,
            choice.error,
            choice.field ? { engine: choice.error } : undefined,
          );
          return;
        }
        const { engine } = choice;
        let created: string | null = null;
        try {
          const networks = await resolveNetworks(engine, input, topology);
          if (Object.keys(networks.fields).length > 0) {
            sendError(res, 400, `Some networks are not usable on ${engine.name}.`, networks.fields);
            return;
          }
          const conflicts = containerPortConflicts(input, topology, engine.name);
          if (conflicts.length > 0) {
            const fields: Record<string, string> = {};
            for (const conflict of conflicts) fields[conflict.field] ??= conflict.message;
            sendError(res, 409, conflicts[0]?.message ?? 'A port is taken.', fields);
            return;
          }
          try {
            await dial(engine.docker, {
              method: 'GET',
              path: `/images/${encodeURIComponent(input.image)}/json`,
              ok: [200],
            });
          } catch (error) {
            if (statusOf(error) !== 404) throw error;
            const message = `${input.image} is not on ${engine.name}; Portolan never pulls images.`;
            sendError(res, 400, message, { image: message });
            return;
          }
          const answer = await dial<{ Id: string; Warnings?: string[] | null }>(engine.docker, {
            method: 'POST',
            path: '/containers/create',
            ...(input.name ? { query: { name: input.name } } : {}),
            body: toContainerConfig(input, networks.choices),
            ok: [201],
          });
          created = answer.Id;
          for (const network of networks.choices.slice(1)) {
            await dial(engine.docker, {
              method: 'POST',
              path: `/networks/${encodeURIComponent(network.ref)}/connect`,
              body: {
                Container: answer.Id,
                ...(network.aliases.length > 0
                  ? { EndpointConfig: { Aliases: network.aliases } }
                  : {}),
              },
              ok: [200],
            });
          }
          if (input.start) {
            await dial(engine.docker, {
              method: 'POST',
              path: `/containers/${answer.Id}/start`,
              ok: [204, 304],
            });
          }
          const after = await inspectContainer(engine, answer.Id);
          logger.info('container created', {
            container: nameOf(after),
            id: after.Id,
            engine: engine.name,
          });
          sendJson(res, 201, {
            id: after.Id,
            name: nameOf(after),
            engine: engine.name,
            state: after.State.Status,
            warnings: answer.Warnings ?? [],
          });
        } catch (error) {
          // NOTE: a half-made container (created, not connected or not started) is removed, so a
          // failed request leaves nothing behind.
          if (created) {
            await dial(engine.docker, {
              method: 'DELETE',
              path: `/containers/${created}`,
              query: { force: true },
              ok: [204, 404],
            }).catch(() => undefined);
          }
          sendEngineFailure(res, error);
        }
      },
    },
    action('start'),
    action('stop'),
    action('restart'),
    {
      method: 'DELETE',
      pattern: /^\/api\/containers\/([^/]+)$/,
      handle: async ({ res, params, query }) => {
        const force = query.get('force');
        if (force !== null && force !== 'true' && force !== 'false') {
          sendError(res, 400, 'Some fields are not valid.', { force: 'true or false.' });
          return;
        }
        try {
          const found = await findContainer(context, params[0] ?? '', query.get('engine'));
          if (!found.ok) {
            sendError(res, found.status, found.error);
            return;
          }
          const { engine, container } = found;
          if (refuseTaskContainer(res, container)) return;
          await dial(engine.docker, {
            method: 'DELETE',
            path: `/containers/${container.Id}`,
            query: { force: force === 'true' },
            ok: [204],
          });
          logger.info('container removed', { container: nameOf(container), engine: engine.name });
          sendJson(res, 200, { id: container.Id, name: nameOf(container), engine: engine.name });
        } catch (error) {
          sendEngineFailure(res, error);
        }
      },
    },
  ];
}
