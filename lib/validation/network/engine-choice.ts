import { clusterOf, swarmManagers } from '@/lib/topology/queries';
import type { Topology } from '@/lib/topology/types';

import type { CreateNetworkRequest } from './create-schema';
import { NETWORK_DRIVERS, type NetworkDriver } from './drivers';

/** Which engine a new network goes to, and whether that engine offers the driver. */

export type NetworkEngineChoice =
  { ok: true; engine: string } | { ok: false; fields: Record<string, string> };

/** An overlay goes to a reachable manager of the named engine's swarm, or of the first swarm. */
function chooseOverlayEngine(engine: string | undefined, topology: Topology): NetworkEngineChoice {
  const candidates = engine !== undefined ? [engine] : Object.keys(topology.engines).sort();
  const inSwarm = candidates.filter((name) => clusterOf(topology, name) !== null);
  if (inSwarm.length === 0) {
    const where = engine ?? 'No engine';
    return {
      ok: false,
      fields: {
        driver: `Overlay networks need swarm mode; ${where} is not in a swarm (docker swarm init).`,
      },
    };
  }
  for (const name of inSwarm) {
    const manager = swarmManagers(topology, name)[0];
    if (manager) return { ok: true, engine: manager };
  }
  return {
    ok: false,
    fields: {
      engine: 'No manager of the swarm is reachable; overlays are created by a manager.',
    },
  };
}

/**
 * Which engine a create goes to: the one named, or the only one; overlays go to a reachable
 * manager of the named engine's swarm (or of the first swarm). Fails with a message per field.
 */
export function chooseNetworkEngine(
  input: Pick<CreateNetworkRequest, 'driver' | 'engine'>,
  topology: Topology,
): NetworkEngineChoice {
  const names = Object.keys(topology.engines).sort();
  if (input.engine !== undefined && !topology.engines[input.engine]) {
    return {
      ok: false,
      fields: { engine: `No engine named ${input.engine} (engines: ${names.join(', ')}).` },
    };
  }
  if (input.driver === 'overlay') return chooseOverlayEngine(input.engine, topology);
  if (input.engine !== undefined) return { ok: true, engine: input.engine };
  const only = names.length === 1 ? names[0] : undefined;
  if (only !== undefined) return { ok: true, engine: only };
  return {
    ok: false,
    fields: {
      engine: `Choose the engine for this ${input.driver} network (${names.join(', ') || 'none connected'}).`,
    },
  };
}

/** The driver is one the engine offers (`GET /info` → `Plugins.Network`), or why not. */
export function checkDriverOffered(
  driver: NetworkDriver,
  offered: readonly string[],
  engine: string,
): string | null {
  if (offered.includes(driver)) return null;
  const usable = NETWORK_DRIVERS.filter((candidate) => offered.includes(candidate));
  return `${engine} does not offer the ${driver} driver (it offers ${usable.join(', ') || 'none of ours'}).`;
}

/**
 * Why a swarm-scoped network (an overlay) cannot be made or joined on `engine`, in words for the
 * forms, or null when it can: a standalone engine, or one not connected, has no swarm.
 */
export function swarmNetworkProblem(topology: Topology, engine: string): string | null {
  if (!topology.engines[engine]) return `No engine named ${engine}.`;
  if (clusterOf(topology, engine) !== null) return null;
  return `${engine} is a standalone engine (not in a swarm): overlay networks need swarm mode.`;
}
