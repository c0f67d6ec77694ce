import { fieldErrors } from '@/lib/validation/fields';
import type { IncomingMessage } from 'node:http';

import type Docker from 'dockerode';

import { isContainerInspect, isNetworkInspect, type NetworkInspect } from '@/lib/docker/engine-api';
import { isLoadBalancerEntry, toNetwork } from '@/lib/topology/elements';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';
import { BRIDGE_NAME_OPTION, bridgeNameProblem } from '@/lib/validation/bridge-name';
import { withManagedLabel } from '@/lib/validation/common';
import {
  DRIVER_OPTIONS,
  checkConnectAgainstNetwork,
  checkDriverOffered,
  checkNetworkAgainstTopology,
  chooseNetworkEngine,
  connectNetworkSchema,
  createNetworkSchema,
  disconnectNetworkSchema,
  engineOfLocalNetwork,
  findByRef,
  findContainers,
  networksOnEngine,
  removeNetworkQuerySchema,
  swarmManagers,
  swarmPeers,
  type CreateNetworkRequest,
} from '@/lib/validation/network';

import { withTimeout } from '../../docker/client';
import { toHttpFailure } from '../../docker/engine-errors';
import { readJsonBody } from '../body';
import { sendError, sendJson } from '../json';
import type { ApiRequest, Route, RouteContext, RouteEngine } from '../route';

const CALL_TIMEOUT_MS = 10_000;
const REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/;

/** A refusal on the way to an engine call: the status and body the route answers with. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A 400 with a message per field; the summary repeats the first so a script's log says it. */
function invalid(fields: Record<string, string>): Refusal {
  const entries = Object.entries(fields);
  const [key, message] = entries[0] ?? ['_', 'Invalid input.'];
  const more = entries.length > 1 ? ` (and ${entries.length - 1} more)` : '';
  return new Refusal(400, `${key === '_' ? '' : `${key}: `}${message}${more}`, fields);
}

/**
 * An engine error as the answer, with the network-specific cases the generic mapping does not
 * know: dockerd 20.10 answers "has active endpoints" and "endpoint … already exists" with a 403,
 * "is not connected" with a 500, and a worker relays a manager's NotFound as a 500.
 */
function engineRefusal(error: unknown): Refusal {
  const failure = toHttpFailure(error);
  const text = failure.error;
  if (/has active endpoints|already exists in network/.test(text)) return new Refusal(409, text);
  if (/is not connected to (the )?network/.test(text)) return new Refusal(409, text);
  if (failure.status === 502 && /code = NotFound|not found/i.test(text)) {
    return new Refusal(404, text);
  }
  if (failure.status === 400 && /Pool overlaps/i.test(text)) {
    return new Refusal(400, text, { subnet: text });
  }
  if (failure.status === 400 && /already using parent interface/i.test(text)) {
    return new Refusal(400, text, { parent: text });
  }
  return new Refusal(failure.status, text);
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine-built request body of a create: only validated, allow-listed values. */
export function toCreateSpec(input: CreateNetworkRequest): Docker.NetworkCreateOptions {
  const options: Record<string, string> = {};
  for (const spec of DRIVER_OPTIONS[input.driver]) {
    const value = input.options?.[spec.key];
    if (value !== undefined) options[spec.key] = value;
  }
  if (input.parent !== undefined) options.parent = input.parent;
  if (input.driver === 'overlay' && input.encrypted) options.encrypted = '';
  const config: { Subnet: string; Gateway?: string; IPRange?: string }[] = [];
  if (input.subnet !== undefined) {
    config.push({
      Subnet: input.subnet,
      ...(input.gateway !== undefined ? { Gateway: input.gateway } : {}),
      ...(input.ipRange !== undefined ? { IPRange: input.ipRange } : {}),
    });
  }
  if (input.ipv6Subnet !== undefined) {
    config.push({
      Subnet: input.ipv6Subnet,
      ...(input.ipv6Gateway !== undefined ? { Gateway: input.ipv6Gateway } : {}),
    });
  }
  return {
    Name: input.name,
    Driver: input.driver,
    CheckDuplicate: true,
    Internal: input.internal ?? false,
    Attachable: input.driver === 'overlay' && (input.attachable ?? false),
    EnableIPv6: input.ipv6Subnet !== undefined,
    ...(config.length > 0 ? { IPAM: { Driver: 'default', Config: config } } : {}),
    Options: options,
    Labels: withManagedLabel(input.labels),
  };
}

interface ContainerRef {
  id: string;
  name: string;
  engine: string;
}

/** A network as a route acts on it; `engine` is the owner of a local network. */
interface NetworkRef {
  network: TopologyNetwork;
  engine: string | null;
}

/**
 * Networks: create, remove, connect and disconnect containers. Every request body is validated
 * with the shared schemas (`lib/validation/network.ts`) and checked against the live topology
 * before one engine request is built from the validated fields.
 */
export function networkRoutes({ hub, engines, logger }: RouteContext): Route[] {
  const engineByName = new Map(engines.map((engine) => [engine.name, engine]));

  async function call<T>(engine: RouteEngine, what: string, run: (docker: Docker) => Promise<T>) {
    try {
      return await withTimeout(run(engine.docker), CALL_TIMEOUT_MS, `${what} on ${engine.name}`);
    } catch (error) {
      throw engineRefusal(error);
    }
  }

  /** The engine by name, refusing with 503 when the hub knows it is unreachable. */
  function reachableEngine(topology: Topology, name: string): RouteEngine {
    const engine = engineByName.get(name);
    const state = topology.engines[name];
    if (!engine) throw invalid({ engine: `No engine named ${name}.` });
    if (state && !state.reachable) {
      throw new Refusal(
        503,
        `Engine ${name} is unreachable${state.error ? `: ${state.error}` : '.'}`,
      );
    }
    return engine;
  }

  function knownEngine(name: string | undefined): void {
    if (name !== undefined && !engineByName.has(name)) {
      const names = [...engineByName.keys()].join(', ');
      throw invalid({ engine: `No engine named ${name} (engines: ${names}).` });
    }
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const body = await readJsonBody(req);
    if (!body.ok) throw new Refusal(400, body.error, { _: body.error });
    return body.value;
  }

  function refParam(params: string[]): string {
    const ref = params[0] ?? '';
    if (!REF.test(ref)) throw invalid({ network: 'Not a network name or id.' });
    return ref;
  }

  function reachableNames(topology: Topology, only?: string[]): string[] {
    return (only ?? [...engineByName.keys()]).filter(
      (name) => engineByName.has(name) && topology.engines[name]?.reachable !== false,
    );
  }

  /** Not found anywhere we could ask: a 404, unless an engine we could not ask may hold it. */
  function notFoundOr503(message: string, unreachable: string[]): Refusal {
    if (unreachable.length === 0) return new Refusal(404, message);
    return new Refusal(
      503,
      `${message} on the reachable engines; ${unreachable.join(', ')} ` +
        `${unreachable.length === 1 ? 'is' : 'are'} unreachable.`,
    );
  }

  /**
   * Asks engines directly for a network the topology does not (yet) hold: just created, or a
   * swarm network a worker has not instantiated. Answers the engine's own 404 when none has it.
   */
  async function inspectNetworkOn(
    topology: Topology,
    ref: string,
    names: string[],
  ): Promise<NetworkRef[]> {
    const found = new Map<string, NetworkRef>();
    let notFound: string | null = null;
    const reachable = reachableNames(topology, names);
    const unreachable = names.filter((name) => engineByName.has(name) && !reachable.includes(name));
    for (const name of reachable) {
      const engine = engineByName.get(name) as RouteEngine;
      try {
        const raw = await withTimeout(
          engine.docker.getNetwork(ref).inspect(),
          CALL_TIMEOUT_MS,
          `GET /networks/${ref} on ${name}`,
        );
        if (!isNetworkInspect(raw)) continue;
        const inspect: NetworkInspect = raw;
        if (found.has(inspect.Id)) continue;
        const node = topology.engines[name]?.node ?? `engine:${name}`;
        found.set(inspect.Id, {
          network: toNetwork(inspect, [], [node]),
          engine: inspect.Scope === 'swarm' ? null : name,
        });
      } catch (error) {
        if (statusOf(error) !== 404) throw engineRefusal(error);
        notFound ??= engineRefusal(error).message;
      }
    }
    if (found.size === 0) throw notFoundOr503(notFound ?? `network ${ref} not found`, unreachable);
    return [...found.values()];
  }

  /** One network from the topology (or, failing that, the engines); ambiguity is a 400. */
  async function resolveNetwork(
    topology: Topology,
    ref: string,
    engine: string | undefined,
  ): Promise<NetworkRef> {
    const candidates =
      engine === undefined ? Object.values(topology.networks) : networksOnEngine(topology, engine);
    let matches: NetworkRef[] = findByRef(candidates, ref).map((network) => ({
      network,
      engine: engineOfLocalNetwork(topology, network),
    }));
    if (matches.length === 0) {
      const names = engine === undefined ? undefined : [engine, ...swarmManagers(topology, engine)];
      matches = await inspectNetworkOn(topology, ref, names ?? [...engineByName.keys()]);
    }
    if (matches.length > 1) {
      const where = matches.map((match) => match.engine ?? 'the swarm').join(', ');
      throw invalid({
        engine:
          `${ref} names ${matches.length} networks (on ${where}): say which engine ` +
          '(engine=NAME), or use the network id.',
      });
    }
    return matches[0] as NetworkRef;
  }

  /** One container from the topology (or the engines), with the engine that runs it. */
  async function resolveContainer(
    topology: Topology,
    ref: string,
    engine: string | undefined,
  ): Promise<ContainerRef> {
    const matches: ContainerRef[] = findContainers(topology, ref, engine).map((container) => ({
      id: container.id,
      name: container.name,
      engine: container.engine,
    }));
    if (matches.length === 0) {
      let notFound: string | null = null;
      const names = engine === undefined ? [...engineByName.keys()] : [engine];
      const reachable = reachableNames(topology, names);
      const unreachable = names.filter((name) => !reachable.includes(name));
      for (const name of reachable) {
        const target = engineByName.get(name) as RouteEngine;
        try {
          const raw = await withTimeout(
            target.docker.getContainer(ref).inspect(),
            CALL_TIMEOUT_MS,
            `GET /containers/${ref}/json on ${name}`,
          );
          if (isContainerInspect(raw)) {
            matches.push({ id: raw.Id, name: raw.Name.replace(/^\//, ''), engine: name });
          }
        } catch (error) {
          if (statusOf(error) !== 404) throw engineRefusal(error);
          notFound ??= engineRefusal(error).message;
        }
      }
      if (matches.length === 0) {
        throw notFoundOr503(notFound ?? `No such container: ${ref}`, unreachable);
      }
    }
    if (matches.length > 1) {
      const where = matches.map((match) => match.engine).join(', ');
      throw invalid({
        container: `${ref} names containers on ${where}: choose the engine, or use the container id.`,
      });
    }
    return matches[0] as ContainerRef;
  }

  /** Wraps a handler: refusals become their answer, anything else propagates (500). */
  const guarded =
    (handle: (request: ApiRequest) => Promise<void>) =>
    async (request: ApiRequest): Promise<void> => {
      try {
        await handle(request);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        if (error.extra) {
          sendJson(request.res, error.status, {
            error: error.message,
            ...(error.fields ? { fields: error.fields } : {}),
            ...error.extra,
          });
        } else {
          sendError(request.res, error.status, error.message, error.fields);
        }
      }
    };

  /**
   * The topology may lag a network created a moment ago, so a custom bridge name is checked once
   * more against the engine's own list right before the create (see `bridge-name.ts`).
   */
  async function refuseBridgeInUse(engine: RouteEngine, input: CreateNetworkRequest) {
    const bridgeName = input.driver === 'bridge' ? input.options?.[BRIDGE_NAME_OPTION] : undefined;
    if (bridgeName === undefined) return;
    const listed = await call(engine, 'GET /networks', (docker) => docker.listNetworks());
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

  async function create({ req, res }: ApiRequest): Promise<void> {
    const parsed = createNetworkSchema.safeParse(await readBody(req));
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const input = parsed.data;
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

    const info = await call(engine, 'GET /info', (docker) => docker.info() as Promise<unknown>);
    const plugins = (info as { Plugins?: { Network?: unknown } } | null)?.Plugins?.Network;
    const offered = Array.isArray(plugins)
      ? plugins.filter((item): item is string => typeof item === 'string')
      : [];
    const notOffered = checkDriverOffered(input.driver, offered, engine.name);
    if (notOffered) throw invalid({ driver: notOffered });

    await refuseBridgeInUse(engine, input);

    const created = await call(engine, 'POST /networks/create', (docker) =>
      docker.createNetwork(toCreateSpec(input)),
    );
    logger.info('network created', { engine: engine.name, id: created.id, name: input.name });
    sendJson(res, 201, { id: created.id, name: input.name, engine: engine.name });
  }

  async function remove({ res, params, query }: ApiRequest): Promise<void> {
    const ref = refParam(params);
    const parsed = removeNetworkQuerySchema.safeParse(Object.fromEntries(query));
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const { engine: engineName, disconnect = false } = parsed.data;
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
        throw new Refusal(503, `No manager of the swarm is reachable to remove ${network.name}.`);
      }
    }
    reachableEngine(topology, remover);

    const users = Object.values(topology.services).filter(
      (service) => service.networks.includes(network.id) || service.networks.includes(network.name),
    );
    if (users.length > 0) {
      throw new Refusal(
        409,
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
      const engine = engineByName.get(name) as RouteEngine;
      let inspect: NetworkInspect | null;
      try {
        inspect = await engine.reader.inspectNetwork(network.id);
      } catch (error) {
        throw engineRefusal(error);
      }
      for (const [id, endpoint] of Object.entries(inspect?.Containers ?? {})) {
        if (inspect && isLoadBalancerEntry(inspect, id)) continue;
        attached.push({ id, name: endpoint.Name || id.slice(0, 12), engine: name });
      }
    }
    if (attached.length > 0 && !disconnect) {
      const list = attached.map((container) => `${container.name} (${container.engine})`);
      throw new Refusal(
        409,
        `${network.name} still has ${attached.length} container${attached.length === 1 ? '' : 's'} ` +
          `attached: ${list.join(', ')}. Disconnect them first, or delete with ?disconnect=1.`,
        undefined,
        { attached },
      );
    }
    for (const container of attached) {
      const engine = reachableEngine(topology, container.engine);
      try {
        await withTimeout(
          engine.docker.getNetwork(network.id).disconnect({ Container: container.id, Force: true }),
          CALL_TIMEOUT_MS,
          `disconnect ${container.name}`,
        );
      } catch (error) {
        // NOTE: a container removed meanwhile has left the network already.
        if (statusOf(error) !== 404) throw engineRefusal(error);
      }
    }
    const engine = reachableEngine(topology, remover);
    await call(
      engine,
      `DELETE /networks/${network.id}`,
      (docker) => docker.getNetwork(network.id).remove() as Promise<unknown>,
    );
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

  async function connect({ req, res, params }: ApiRequest): Promise<void> {
    const ref = refParam(params);
    const parsed = connectNetworkSchema.safeParse(await readBody(req));
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const input = parsed.data;
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

    const ipam = {
      ...(input.ipv4 !== undefined ? { IPv4Address: input.ipv4 } : {}),
      ...(input.ipv6 !== undefined ? { IPv6Address: input.ipv6 } : {}),
    };
    await call(
      engine,
      `POST /networks/${network.id}/connect`,
      (docker) =>
        docker.getNetwork(network.id).connect({
          Container: container.id,
          EndpointConfig: {
            ...(input.aliases && input.aliases.length > 0 ? { Aliases: input.aliases } : {}),
            ...(Object.keys(ipam).length > 0 ? { IPAMConfig: ipam } : {}),
          },
        }) as Promise<unknown>,
    );
    logger.info('container connected', {
      engine: engine.name,
      network: network.name,
      container: container.name,
    });
    sendJson(res, 200, {
      network: { id: network.id, name: network.name },
      container: { id: container.id, name: container.name },
      engine: engine.name,
    });
  }

  async function disconnectOne({ req, res, params }: ApiRequest): Promise<void> {
    const ref = refParam(params);
    const parsed = disconnectNetworkSchema.safeParse(await readBody(req));
    if (!parsed.success) throw invalid(fieldErrors(parsed.error));
    const input = parsed.data;
    const topology = hub.snapshot();
    knownEngine(input.engine);
    const container = await resolveContainer(topology, input.container, input.engine);
    const engine = reachableEngine(topology, container.engine);
    const { network } = await resolveNetwork(topology, ref, container.engine);
    await call(
      engine,
      `POST /networks/${network.id}/disconnect`,
      (docker) =>
        docker
          .getNetwork(network.id)
          .disconnect({ Container: container.id, Force: input.force ?? false }) as Promise<unknown>,
    );
    logger.info('container disconnected', {
      engine: engine.name,
      network: network.name,
      container: container.name,
    });
    sendJson(res, 200, {
      network: { id: network.id, name: network.name },
      container: { id: container.id, name: container.name },
      engine: engine.name,
    });
  }

  return [
    { method: 'POST', pattern: /^\/api\/networks$/, handle: guarded(create) },
    { method: 'DELETE', pattern: /^\/api\/networks\/([^/]+)$/, handle: guarded(remove) },
    { method: 'POST', pattern: /^\/api\/networks\/([^/]+)\/connect$/, handle: guarded(connect) },
    {
      method: 'POST',
      pattern: /^\/api\/networks\/([^/]+)\/disconnect$/,
      handle: guarded(disconnectOne),
    },
  ];
}
