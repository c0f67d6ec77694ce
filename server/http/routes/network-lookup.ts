import { isRefusal, invalid, Refusal } from '@/lib/refusal';
import type { NetworkInspect } from '@/lib/docker/engine-api';
import { toNetwork } from '@/lib/topology/elements';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';
import {
  engineOfLocalNetwork,
  findByRef,
  findContainers,
  networksOnEngine,
  swarmManagers,
} from '@/lib/topology/queries';

import type { RouteEngine } from '../route';

export interface ContainerRef {
  id: string;
  name: string;
  engine: string;
}

/** A network as a route acts on it; `engine` is the owner of a local network. */
export interface NetworkRef {
  network: TopologyNetwork;
  engine: string | null;
}

const isNotFound = (error: unknown) => isRefusal(error) && error.kind === 'not-found';

/**
 * Finding the networks, containers and engines a network request names: the live topology
 * first, then the engines themselves for what the topology has not seen yet.
 */
export function networkLookup(engines: readonly RouteEngine[]) {
  // NOTE: read at each call, not once: agents found after start join the list (and leave it).
  const engineByName = {
    get: (name: string) => engines.find((engine) => engine.name === name),
    has: (name: string) => engines.some((engine) => engine.name === name),
    keys: () => engines.map((engine) => engine.name),
  };

  /** The engine by name, refusing with 503 when the hub knows it is unreachable. */
  function reachableEngine(topology: Topology, name: string): RouteEngine {
    const engine = engineByName.get(name);
    const state = topology.engines[name];
    if (!engine) throw invalid({ engine: `No engine named ${name}.` });
    if (state && !state.reachable) {
      throw new Refusal(
        'unavailable',
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

  function reachableNames(topology: Topology, only?: string[]): string[] {
    return (only ?? [...engineByName.keys()]).filter(
      (name) => engineByName.has(name) && topology.engines[name]?.reachable !== false,
    );
  }

  /** Not found anywhere we could ask: a 404, unless an engine we could not ask may hold it. */
  function notFoundOr503(message: string, unreachable: string[]): Refusal {
    if (unreachable.length === 0) return new Refusal('not-found', message);
    return new Refusal(
      'unavailable',
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
      let inspect: NetworkInspect | null;
      try {
        inspect = await engine.networks.inspect(ref);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        notFound ??= (error as Refusal).message;
        continue;
      }
      if (!inspect) {
        notFound ??= `network ${ref} not found`;
        continue;
      }
      if (found.has(inspect.Id)) continue;
      const node = topology.engines[name]?.node ?? `engine:${name}`;
      found.set(inspect.Id, {
        network: toNetwork(inspect, [], [node]),
        engine: inspect.Scope === 'swarm' ? null : name,
      });
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
          const raw = await target.containers.inspect(ref);
          matches.push({ id: raw.Id, name: raw.Name.replace(/^\//, ''), engine: name });
        } catch (error) {
          if (!isNotFound(error)) throw error;
          notFound ??= (error as Refusal).message;
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

  return { reachableEngine, knownEngine, reachableNames, resolveNetwork, resolveContainer };
}
