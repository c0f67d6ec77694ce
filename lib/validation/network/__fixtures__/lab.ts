/*
 * For the network rules' tests: the recorded lab swarm with every engine reachable, and helpers
 * to name its networks and parse create requests.
 */
import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { findByRef, networksOnEngine } from '@/lib/topology/queries';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';
import { fieldErrors } from '@/lib/validation/fields';

import { createNetworkSchema, type CreateNetworkRequest } from '../create-schema';

const reachable = { reachable: true, stale: false, error: null };
export const lab: Topology = buildTopology(
  labInventories(),
  { 'node-1': reachable, 'node-2': reachable, 'node-3': reachable },
  1,
);

export function networkNamed(name: string, engine?: string): TopologyNetwork {
  const found = findByRef(
    engine ? networksOnEngine(lab, engine) : Object.values(lab.networks),
    name,
  );
  if (found.length !== 1) throw new Error(`${name}: ${found.length} networks`);
  return found[0] as TopologyNetwork;
}

export function parseCreate(input: unknown): CreateNetworkRequest {
  const result = createNetworkSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(fieldErrors(result.error)));
  return result.data;
}
