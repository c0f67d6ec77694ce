import type { EngineHealth } from '@/lib/engines/health';
import type { EngineInventory } from '@/lib/topology/inventory';

import type { EngineLink } from './engine-session';

/** What `/api/health` and the engine cards say about one engine, from its link and inventory. */
export function toEngineHealth(
  name: string,
  address: string,
  link: EngineLink | undefined,
  inventory: EngineInventory | undefined,
): EngineHealth {
  const reachable = link?.state === 'live';
  const info = inventory?.info;
  const swarm = info?.Swarm;
  const isManager = swarm?.ControlAvailable === true;
  const nodes = inventory?.swarm ? Object.values(inventory.swarm.nodes) : null;
  return {
    name,
    address,
    reachable,
    version: inventory?.version?.Version ?? info?.ServerVersion ?? null,
    apiVersion: inventory?.version?.ApiVersion ?? null,
    hostname: info?.Name ?? null,
    swarm: swarm
      ? {
          state: swarm.LocalNodeState || 'inactive',
          nodeId: swarm.NodeID || null,
          nodeAddr: swarm.NodeAddr || null,
          isManager,
          nodes: nodes ? nodes.length : null,
          nodesReady: nodes ? nodes.filter((node) => node.Status.State === 'ready').length : null,
          managers: nodes ? nodes.filter((node) => node.Spec.Role === 'manager').length : null,
        }
      : null,
    error: reachable
      ? null
      : (link?.error ?? (link?.state === 'connecting' ? 'Connecting…' : null)),
    retry: reachable ? null : (link?.retry ?? null),
  };
}
