import { cidrsOverlap, parseCidr } from '@/lib/ip/cidr';
import {
  clusterOf,
  engineOfLocalNetwork,
  inSwarmOf,
  networksOnEngine,
  swarmPeers,
} from '@/lib/topology/queries';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';

import { BRIDGE_NAME_OPTION, bridgeNameProblem } from '../bridge-name';
import type { CreateNetworkRequest } from './create-schema';

/** The rules of a create that need the live topology: swarm mode, overlaps, parents, names. */

/** The outcome of the topology rules: refusals per field, and which of them are conflicts. */
export interface NetworkTopologyCheck {
  /** One message per field; the form shows them beside the fields. */
  fields: Record<string, string>;
  /**
   * Fields whose message is a conflict with an existing object (a name taken), which the engine
   * itself refuses with a 409; the server lets the engine answer those.
   */
  conflicts: string[];
}

function describeNetwork(topology: Topology, network: TopologyNetwork): string {
  if (network.scope === 'swarm') return `${network.name} (${network.driver}, swarm)`;
  const engine = engineOfLocalNetwork(topology, network);
  return `${network.name} (${network.driver} on ${engine ?? network.nodes[0] ?? 'an engine'})`;
}

/**
 * The networks a new one shares routes with. NOTE: a local network shares routes with its
 * engine's other networks and with the swarm's overlays on that node; an overlay with every
 * network of every node in the swarm.
 */
function neighboursOf(
  topology: Topology,
  engine: string,
  driver: CreateNetworkRequest['driver'],
): TopologyNetwork[] {
  const peers = swarmPeers(topology, engine);
  return Object.values(topology.networks).filter((network) => {
    if (network.scope === 'swarm') return inSwarmOf(topology, network, engine);
    const owner = engineOfLocalNetwork(topology, network);
    return driver === 'overlay' ? owner !== null && peers.includes(owner) : owner === engine;
  });
}

/** The first neighbour whose subnets overlap `text`, named, or null. */
function subnetOverlap(
  topology: Topology,
  neighbours: readonly TopologyNetwork[],
  text: string | undefined,
): string | null {
  const mine = text === undefined ? null : parseCidr(text);
  if (!mine?.ok) return null;
  for (const network of neighbours) {
    const clash = network.subnets.find((existing) => {
      const theirs = parseCidr(existing.subnet, { lenient: true });
      return theirs.ok && cidrsOverlap(mine.value, theirs.value);
    });
    if (clash) {
      return `${text} overlaps ${clash.subnet} of network ${describeNetwork(topology, network)}.`;
    }
  }
  return null;
}

/** Why a macvlan/ipvlan parent is taken by another network of that driver on the engine. */
function parentTaken(
  input: CreateNetworkRequest,
  neighbours: readonly TopologyNetwork[],
  engine: string,
): string | null {
  if (input.parent === undefined) return null;
  const taken = neighbours.find(
    (network) =>
      network.scope !== 'swarm' &&
      network.driver === input.driver &&
      network.parent === input.parent,
  );
  if (!taken) return null;
  return (
    `${input.parent} on ${engine} is already the parent of ${input.driver} network ` +
    `${taken.name}; the engine allows one ${input.driver} network per parent ` +
    `(use a VLAN sub-interface such as ${input.parent}.50).`
  );
}

/**
 * The rules of a create that need the live state, for the engine the network goes to (see
 * `chooseNetworkEngine`): the engine exists and, for an overlay, manages a swarm; the subnets
 * overlap no network of the same engine or swarm (naming it); a macvlan/ipvlan parent is not
 * already taken by another network of that driver on the engine; a custom bridge name is no
 * interface the engine already has (`bridge-name.ts`); the name is not taken.
 */
export function checkNetworkAgainstTopology(
  input: CreateNetworkRequest,
  topology: Topology,
  engine: string,
): NetworkTopologyCheck {
  const fields: Record<string, string> = {};
  const conflicts: string[] = [];
  const target = topology.engines[engine];
  if (!target) {
    fields.engine = `No engine named ${engine}.`;
    return { fields, conflicts };
  }
  if (input.driver === 'overlay' && !target.swarm?.manager) {
    fields.driver =
      clusterOf(topology, engine) === null
        ? `Overlay networks need swarm mode; ${engine} is not in a swarm (docker swarm init).`
        : `Overlay networks are created by a swarm manager; ${engine} is a worker.`;
  }

  const neighbours = neighboursOf(topology, engine, input.driver);
  for (const field of ['subnet', 'ipv6Subnet'] as const) {
    const overlap = subnetOverlap(topology, neighbours, input[field]);
    if (overlap) fields[field] = overlap;
  }

  const parent = parentTaken(input, neighbours, engine);
  if (parent) fields.parent = parent;

  const bridgeName = input.driver === 'bridge' ? input.options?.[BRIDGE_NAME_OPTION] : undefined;
  if (bridgeName !== undefined) {
    const problem = bridgeNameProblem(bridgeName, networksOnEngine(topology, engine), engine);
    if (problem) fields[`options.${BRIDGE_NAME_OPTION}`] = problem;
  }

  const sameName = neighbours.find((network) => network.name === input.name);
  if (sameName) {
    fields.name = `A network named ${input.name} already exists: ${describeNetwork(topology, sameName)}.`;
    conflicts.push('name');
  }
  return { fields, conflicts };
}
