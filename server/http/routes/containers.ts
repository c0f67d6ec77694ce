import { toContainerConfig } from '@/lib/docker/specs/container-config';
import { invalid, Refusal } from '@/lib/refusal';
import {
  containerPortConflicts,
  containerStopSchema,
  createContainerSchema,
} from '@/lib/validation/container';

import type { ContainerSummary } from '../../docker/mutations/containers';
import { parseBody } from '../input';
import { sendJson } from '../json';
import type { Route, RouteContext, RouteEngine } from '../route';
import { chooseContainerNetworks, findContainerOnEngines } from './container-lookup';
import { engineNamed, reachableEngine } from './engines';

const SUMMARY = 'Some fields are not valid.';

const nameOf = (container: ContainerSummary) => container.Name.replace(/^\//, '');

/** A swarm task's container is the swarm's: refused with the service to act on instead. */
function refuseTaskContainer(container: ContainerSummary): void {
  const labels = container.Config.Labels ?? {};
  const task = labels['com.docker.swarm.task.name'] ?? labels['com.docker.swarm.task.id'];
  if (!task) return;
  const service = labels['com.docker.swarm.service.name'] ?? 'its service';
  throw new Refusal(
    'conflict',
    `${nameOf(container)} runs task ${task} of service ${service}: the swarm manages it; scale, update or remove the service instead.`,
  );
}

/** The engine a new container runs on: the one named, else the first reachable one. */
function chooseEngine(context: RouteContext, name: string | undefined): RouteEngine {
  if (name !== undefined) {
    if (!engineNamed(context, name)) {
      const known = context.engines.map((candidate) => candidate.name).join(', ');
      const error = `No engine named ${name} (known: ${known}).`;
      throw invalid({ engine: error }, error);
    }
    const state = context.hub.snapshot().engines[name];
    if (!state?.reachable) throw new Refusal('unavailable', `The engine ${name} is unreachable.`);
    return reachableEngine(context, name);
  }
  const topology = context.hub.snapshot();
  const engine = context.engines.find((candidate) => topology.engines[candidate.name]?.reachable);
  if (!engine) throw new Refusal('unavailable', 'No engine is reachable.');
  return engine;
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
      const input = await parseBody(request, containerStopSchema, {
        optional: true,
        summary: SUMMARY,
      });
      if (verb === 'start' && input.timeoutSeconds !== undefined) {
        throw invalid({ timeoutSeconds: 'Only for stop and restart.' }, SUMMARY);
      }
      const { engine, container } = await findContainerOnEngines(
        context,
        params[0] ?? '',
        query.get('engine'),
      );
      refuseTaskContainer(container);
      await engine.containers.act(container.Id, verb, input.timeoutSeconds);
      const after = await engine.containers.inspect(container.Id);
      logger.info(`container ${verb}`, { container: nameOf(after), engine: engine.name });
      sendJson(res, 200, {
        id: after.Id,
        name: nameOf(after),
        engine: engine.name,
        state: after.State.Status,
      });
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
            const images = await engine.images.list().catch(() => null);
            return images === null
              ? { engine: engine.name, reachable: false, images: [] }
              : { engine: engine.name, reachable: true, images };
          }),
        );
        sendJson(res, 200, { engines });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/containers$/,
      handle: async (request) => {
        const input = await parseBody(request, createContainerSchema, { summary: SUMMARY });
        const topology = hub.snapshot();
        const engine = chooseEngine(context, input.engine);
        const networks = await chooseContainerNetworks(engine, input, topology);
        const conflicts = containerPortConflicts(input, topology, engine.name);
        if (conflicts.length > 0) {
          const fields: Record<string, string> = {};
          for (const conflict of conflicts) fields[conflict.field] ??= conflict.message;
          throw new Refusal('conflict', conflicts[0]?.message ?? 'A port is taken.', fields);
        }
        if (!(await engine.images.has(input.image))) {
          const message = `${input.image} is not on ${engine.name}; Portolan never pulls images.`;
          throw invalid({ image: message }, message);
        }
        const created = await engine.containers.create(
          input.name,
          toContainerConfig(input, networks),
        );
        try {
          for (const network of networks.slice(1)) {
            await engine.networks.connect(network.ref, created.Id, { aliases: network.aliases });
          }
          if (input.start) await engine.containers.act(created.Id, 'start');
        } catch (error) {
          // NOTE: a half-made container (created, not connected or not started) is removed, so a
          // failed request leaves nothing behind.
          await engine.containers.remove(created.Id, true, true).catch(() => undefined);
          throw error;
        }
        const after = await engine.containers.inspect(created.Id);
        request.noteTarget(after.Id, nameOf(after));
        logger.info('container created', {
          container: nameOf(after),
          id: after.Id,
          engine: engine.name,
        });
        sendJson(request.res, 201, {
          id: after.Id,
          name: nameOf(after),
          engine: engine.name,
          state: after.State.Status,
          warnings: created.Warnings ?? [],
        });
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
          throw invalid({ force: 'true or false.' }, SUMMARY);
        }
        const { engine, container } = await findContainerOnEngines(
          context,
          params[0] ?? '',
          query.get('engine'),
        );
        refuseTaskContainer(container);
        await engine.containers.remove(container.Id, force === 'true');
        logger.info('container removed', { container: nameOf(container), engine: engine.name });
        sendJson(res, 200, { id: container.Id, name: nameOf(container), engine: engine.name });
      },
    },
  ];
}
