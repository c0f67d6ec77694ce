import { privilegeRefusal } from '@/lib/docker/specs/service-privileges';
import {
  applyServiceUpdate,
  toServiceSpec,
  type ServiceSpec,
} from '@/lib/docker/specs/service-spec';
import { toServiceView } from '@/lib/docker/specs/service-view';
import { Refusal } from '@/lib/refusal';
import { closedObject } from '@/lib/validation/common';
import {
  createServiceSchema,
  portConflicts,
  scaleServiceSchema,
  updateServiceSchema,
} from '@/lib/validation/service';

import { withVersionRetry } from '../../docker/mutations/services';
import { parseBody } from '../input';
import { sendJson } from '../json';
import type { Route, RouteContext } from '../route';
import { chooseManager } from './engines';
import {
  hostNetworksOf,
  missingImageWarnings,
  privilegesOf,
  refusePortConflicts,
  serviceNetworkIds,
  withPortField,
} from './service-support';

const SUMMARY = 'Some fields are not valid.';

/**
 * Swarm services: create, scale, update, roll back, remove, and read one for the update form.
 * Requests go to a reachable manager. The map learns the result from the engine's events.
 */
export function serviceRoutes(context: RouteContext): Route[] {
  const { hub, logger } = context;

  return [
    {
      method: 'POST',
      pattern: /^\/api\/services$/,
      handle: async (request) => {
        const input = await parseBody(request, createServiceSchema, { summary: SUMMARY });
        const manager = chooseManager(context);
        const topology = hub.snapshot();
        const networkIds = await serviceNetworkIds(manager, input.networks, topology);
        refusePortConflicts(portConflicts(input, topology));
        const created = await manager.services
          .create(toServiceSpec(input, networkIds))
          .catch((error: unknown) => Promise.reject(withPortField(error, input.ports)));
        const warnings = [
          ...(created.Warnings ?? []),
          ...(await missingImageWarnings(context, manager, input.image)),
        ];
        logger.info('service created', { service: input.name, id: created.ID });
        request.noteTarget(created.ID, input.name);
        sendJson(request.res, 201, { id: created.ID, name: input.name, warnings });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/services\/([^/]+)$/,
      handle: async ({ res, params }) => {
        const manager = chooseManager(context);
        const service = await manager.services.inspect(params[0] ?? '');
        const specs = [service.Spec, service.PreviousSpec];
        const host = await hostNetworksOf(manager, specs, hub.snapshot());
        sendJson(res, 200, toServiceView(service, host));
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/services\/([^/]+)\/scale$/,
      handle: async (request) => {
        const input = await parseBody(request, scaleServiceSchema, { summary: SUMMARY });
        const manager = chooseManager(context);
        const idOrName = request.params[0] ?? '';
        // NOTE: scaling runs more of what the spec already says; it starts no new command.
        const result = await withVersionRetry(`Service ${idOrName}`, async () => {
          const service = await manager.services.inspect(idOrName);
          const replicated = service.Spec.Mode?.Replicated;
          if (!replicated) {
            throw new Refusal(
              'conflict',
              `${service.Spec.Name} is a global service: it runs one task per node and cannot be scaled.`,
            );
          }
          const spec: ServiceSpec = structuredClone(service.Spec);
          spec.Mode = { ...spec.Mode, Replicated: { Replicas: input.replicas } };
          await manager.services.update(service, spec);
          return { id: service.ID, name: service.Spec.Name, previous: replicated.Replicas ?? 0 };
        });
        logger.info('service scaled', { service: result.name, replicas: input.replicas });
        sendJson(request.res, 200, {
          id: result.id,
          name: result.name,
          replicas: input.replicas,
          previousReplicas: result.previous,
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/services\/([^/]+)\/update$/,
      handle: async (request) => {
        const input = await parseBody(request, updateServiceSchema, { summary: SUMMARY });
        const manager = chooseManager(context);
        const idOrName = request.params[0] ?? '';
        const topology = hub.snapshot();
        const networkIds = await serviceNetworkIds(manager, input.networks, topology);
        const result = await withVersionRetry(`Service ${idOrName}`, async () => {
          const service = await manager.services.inspect(idOrName);
          if (input.replicas !== undefined && !service.Spec.Mode?.Replicated) {
            throw new Refusal(
              'conflict',
              `${service.Spec.Name} is a global service: it runs one task per node, replicas do not apply.`,
            );
          }
          const privileges = await privilegesOf(manager, service, topology);
          if (privileges.length > 0) {
            throw new Refusal(
              'forbidden',
              privilegeRefusal(service.Spec.Name, 'update', privileges),
            );
          }
          refusePortConflicts(portConflicts(input, topology, service.ID));
          const spec = applyServiceUpdate(service.Spec, input, networkIds);
          const answer = await manager.services
            .update(service, spec)
            .catch((error: unknown) => Promise.reject(withPortField(error, input.ports)));
          return { service, warnings: answer.Warnings ?? [] };
        });
        const warnings = [
          ...result.warnings,
          ...(input.image ? await missingImageWarnings(context, manager, input.image) : []),
        ];
        const { ID: id, Spec: spec } = result.service;
        logger.info('service updated', { service: spec.Name, fields: Object.keys(input) });
        sendJson(request.res, 200, { id, name: spec.Name, warnings });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/services\/([^/]+)\/rollback$/,
      handle: async (request) => {
        await parseBody(request, closedObject({}), { optional: true, summary: SUMMARY });
        const manager = chooseManager(context);
        const idOrName = request.params[0] ?? '';
        const service = await withVersionRetry(`Service ${idOrName}`, async () => {
          const current = await manager.services.inspect(idOrName);
          if (!current.PreviousSpec) {
            throw new Refusal(
              'conflict',
              `${current.Spec.Name} has no previous version to roll back to.`,
            );
          }
          const privileges = await privilegesOf(manager, current, hub.snapshot());
          if (privileges.length > 0) {
            throw new Refusal(
              'forbidden',
              privilegeRefusal(current.Spec.Name, 'roll back', privileges),
            );
          }
          // NOTE: the engine wants the current spec in the body and swaps in the previous one.
          await manager.services.update(current, current.Spec, true);
          return current;
        });
        logger.info('service rolled back', { service: service.Spec.Name });
        sendJson(request.res, 200, { id: service.ID, name: service.Spec.Name });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/services\/([^/]+)$/,
      handle: async ({ res, params }) => {
        const manager = chooseManager(context);
        const service = await manager.services.inspect(params[0] ?? '');
        await manager.services.remove(service.ID);
        logger.info('service removed', { service: service.Spec.Name, id: service.ID });
        sendJson(res, 200, { id: service.ID, name: service.Spec.Name });
      },
    },
  ];
}
