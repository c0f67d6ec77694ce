import { toCreateSpec } from '@/lib/docker/specs/network-create';
import { bridgeNameProblem, BRIDGE_NAME_OPTION } from '@/lib/validation/bridge-name';
import { fieldErrors } from '@/lib/validation/fields';
import { invalid, isRefusal, Refusal } from '@/lib/refusal';
import { isLoadBalancerEntry } from '@/lib/topology/elements';
import {
  DRIVER_OPTIONS,
  checkConnectAgainstNetwork,
  checkDriverOffered,
  checkNetworkAgainstTopology,
  chooseNetworkEngine,
  connectNetworkSchema,
  createNetworkSchema,
  disconnectNetworkSchema,
  removeNetworkQuerySchema,
  type CreateNetworkRequest,
} from '@/lib/validation/network';
import { swarmManagers, swarmPeers } from '@/lib/topology/queries';

import { engineRefusal } from '../../docker/engine-errors';
import { parseBody } from '../input';
import { sendJson } from '../json';
import type { ApiRequest, Route, RouteContext, RouteEngine } from '../route';
import { networkLookup, type ContainerRef } from './network-lookup';

const REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** The remove query, refused per field (the summary names the first). */
function parseNetworkQuery(query: URLSearchParams) {
  const parsed = removeNetworkQuerySchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  return parsed.data;
}

/**
 * Networks: create, remove, connect and disconnect containers. Every request body is validated
 * with the shared schemas (`lib/validation/network.ts`) and checked against the live topology
 * before one engine request is built from the validated fields.
 */
export function networkRoutes({ hub, engines, logger }: RouteContext): Route[] {
  const { reachableEngine, knownEngine, reachableNames, resolveNetwork, resolveContainer } =
    networkLookup(engines);

  function refParam(params: string[]): string {
    const ref = params[0] ?? '';
    if (!REF.test(ref)) throw invalid({ network: 'Not a network name or id.' });
    return ref;
  }

  /**
   * The topology may lag a network created a moment ago, so a custom bridge name is checked once
   * more against the engine's own list right before the create (see `bridge-name.ts`).
   */
  async function refuseBridgeInUse(engine: RouteEngine, input: CreateNetworkRequest) {
    const bridgeName = input.driver === 'bridge' ? input.options?.[BRIDGE_NAME_OPTION] : undefined;
    if (bridgeName === undefined) return;
    const listed = await engine.networks.list();
    const networks = listed.map((network) => ({
      id: network.Id,
      name: network.Name,
      driver: network.Driver,
      options: network.Options ?? {},
      parent: network.Options?.parent ?? null,
    }));
    const problem = bridgeNameProblem(bridgeName, networks, engine.name);
    if (problem) throw invalid({ [`options.${BRIDGE_NAME_OPTION}`]: problem });
  }

  async function create(request: ApiRequest): Promise<void> {
    const input = await parseBody(request, createNetworkSchema);
    const topology = hub.snapshot();
    knownEngine(input.engine);
    const target = chooseNetworkEngine(input, topology);
    if (!target.ok) throw invalid(target.fields);
    const engine = reachableEngine(topology, target.engine);
    const check = checkNetworkAgainstTopology(input, topology, engine.name);
    // NOTE: a taken name is the engine's to refuse (409 in its own words), the rest is ours.
    const refusals = Object.fromEntries(
      Object.entries(check.fields).filter(([field]) => !check.conflicts.includes(field)),
    );
    if (Object.keys(refusals).length > 0) throw invalid(refusals);

    const info = await engine.reader.info().catch((error: unknown) => {
      throw engineRefusal(error);
    });
    const plugins = (info as { Plugins?: { Network?: unknown } } | null)?.Plugins?.Network;
    const offered = Array.isArray(plugins)
      ? plugins.filter((item): item is string => typeof item === 'string')
      : [];
    const notOffered = checkDriverOffered(input.driver, offered, engine.name);
    if (notOffered) throw invalid({ driver: notOffered });

    await refuseBridgeInUse(engine, input);

    const created = await engine.networks.create(
      toCreateSpec(
        input,
        DRIVER_OPTIONS[input.driver].map((option) => option.key),
      ),
    );
    logger.info('network created', { engine: engine.name, id: created.id, name: input.name });
    request.noteTarget(created.id, input.name);
    sendJson(request.res, 201, { id: created.id, name: input.name, engine: engine.name });
  }

  async function remove({ res, params, query }: ApiRequest): Promise<void> {
    const ref = refParam(params);
    const { engine: engineName, disconnect = false } = parseNetworkQuery(query);
    const topology = hub.snapshot();
    knownEngine(engineName);
    const { network, engine: owner } = await resolveNetwork(topology, ref, engineName);
    if (network.system) {
      throw invalid({
        network: `${network.name} is a network Docker creates itself; Portolan does not remove it.`,
      });
    }
    let remover = owner;
    if (remover === null) {
      // NOTE: swarm networks are removed by a manager of the swarm.
      const anchor =
        engineName ??
        Object.values(topology.engines).find((candidate) => candidate.swarm?.state === 'active')
          ?.name;
      remover = anchor === undefined ? null : (swarmManagers(topology, anchor)[0] ?? null);
      if (remover === null) {
        throw new Refusal(
          'unavailable',
          `No manager of the swarm is reachable to remove ${network.name}.`,
        );
      }
    }
    reachableEngine(topology, remover);

    const users = Object.values(topology.services).filter(
      (service) => service.networks.includes(network.id) || service.networks.includes(network.name),
    );
    if (users.length > 0) {
      throw new Refusal(
        'conflict',
        `${network.name} is used by service${users.length === 1 ? '' : 's'} ` +
          `${users.map((service) => service.name).join(', ')}: remove ${users.length === 1 ? 'it' : 'them'} ` +
          'or take the network out of their spec first.',
      );
    }

    // NOTE: endpoints are read from the engines now, not from the topology, which may lag a
    // connect made a moment ago. A swarm network shows each engine only its local endpoints.
    const holders =
      owner !== null ? [owner] : reachableNames(topology, swarmPeers(topology, remover));
    const attached: ContainerRef[] = [];
    for (const name of holders) {
      const engine = engines.find((candidate) => candidate.name === name) as RouteEngine;
      const inspect = await engine.networks.inspect(network.id);
      for (const [id, endpoint] of Object.entries(inspect?.Containers ?? {})) {
        if (inspect && isLoadBalancerEntry(inspect, id)) continue;
        attached.push({ id, name: endpoint.Name || id.slice(0, 12), engine: name });
      }
    }
    if (attached.length > 0 && !disconnect) {
      const list = attached.map((container) => `${container.name} (${container.engine})`);
      throw new Refusal(
        'conflict',
        `${network.name} still has ${attached.length} container${attached.length === 1 ? '' : 's'} ` +
          `attached: ${list.join(', ')}. Disconnect them first, or delete with ?disconnect=1.`,
        undefined,
        { attached },
      );
    }
    for (const container of attached) {
      const engine = reachableEngine(topology, container.engine);
      // NOTE: a container removed meanwhile has left the network already.
      await engine.networks.disconnect(network.id, container.id, true).catch((error: unknown) => {
        if (!isRefusal(error) || error.kind !== 'not-found') throw error;
      });
    }
    const engine = reachableEngine(topology, remover);
    await engine.networks.remove(network.id);
    logger.info('network removed', {
      engine: engine.name,
      id: network.id,
      name: network.name,
      disconnected: attached.length,
    });
    sendJson(res, 200, {
      id: network.id,
      name: network.name,
      engine: engine.name,
      disconnected: attached,
    });
  }

  async function connect(request: ApiRequest): Promise<void> {
    const ref = refParam(request.params);
    const input = await parseBody(request, connectNetworkSchema);
    const topology = hub.snapshot();
    knownEngine(input.engine);
    const container = await resolveContainer(topology, input.container, input.engine);
    const engine = reachableEngine(topology, container.engine);
    const { network } = await resolveNetwork(topology, ref, container.engine);
    const fields = checkConnectAgainstNetwork(
      input,
      network,
      topology,
      topology.containers[container.id],
    );
    if (Object.keys(fields).length > 0) throw invalid(fields);

    await engine.networks.connect(network.id, container.id, {
      ...(input.aliases ? { aliases: input.aliases } : {}),
      ...(input.ipv4 !== undefined ? { ipv4: input.ipv4 } : {}),
      ...(input.ipv6 !== undefined ? { ipv6: input.ipv6 } : {}),
    });
    logger.info('container connected', {
      engine: engine.name,
      network: network.name,
      container: container.name,
    });
    sendJson(request.res, 200, {
      network: { id: network.id, name: network.name },
      container: { id: container.id, name: container.name },
      engine: engine.name,
    });
  }

  async function disconnectOne(request: ApiRequest): Promise<void> {
    const ref = refParam(request.params);
    const input = await parseBody(request, disconnectNetworkSchema);
    const topology = hub.snapshot();
    knownEngine(input.engine);
    const container = await resolveContainer(topology, input.container, input.engine);
    const engine = reachableEngine(topology, container.engine);
    const { network } = await resolveNetwork(topology, ref, container.engine);
    await engine.networks.disconnect(network.id, container.id, input.force ?? false);
    logger.info('container disconnected', {
      engine: engine.name,
      network: network.name,
      container: container.name,
    });
    sendJson(request.res, 200, {
      network: { id: network.id, name: network.name },
      container: { id: container.id, name: container.name },
      engine: engine.name,
    });
  }

  return [
    { method: 'POST', pattern: /^\/api\/networks$/, handle: create },
    { method: 'DELETE', pattern: /^\/api\/networks\/([^/]+)$/, handle: remove },
    { method: 'POST', pattern: /^\/api\/networks\/([^/]+)\/connect$/, handle: connect },
    {
      method: 'POST',
      pattern: /^\/api\/networks\/([^/]+)\/disconnect$/,
      handle: disconnectOne,
    },
  ];
}
