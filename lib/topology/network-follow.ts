/*
 * Which of an engine's networks to read again after one of its containers changed. A worker
 * makes and drops its local instance of a swarm network as task containers come and go, and
 * around a restart it does so without a `network` event: a container joining a network the
 * inventory does not hold, or the last container leaving an overlay, is the cue instead.
 */
import type { ContainerInspect } from '@/lib/docker/engine-api';

import type { EngineInventory } from './inventory';

/** Network ids a container's inspect names. */
function joined(container: ContainerInspect | null | undefined): string[] {
  return Object.values(container?.NetworkSettings.Networks ?? {})
    .map((endpoint) => endpoint.NetworkID)
    .filter((id) => id !== '');
}

/**
 * The networks to read after `container` changed from `before` to `after` (null: removed):
 * those it is on that the inventory does not know, and the swarm-scoped ones it left.
 */
export function networksToFollow(
  inventory: EngineInventory,
  before: ContainerInspect | undefined,
  after: ContainerInspect | null,
): string[] {
  const now = new Set(joined(after));
  const unknown = [...now].filter((id) => !inventory.networks[id]);
  const left = joined(before).filter(
    (id) => !now.has(id) && inventory.networks[id]?.Scope === 'swarm',
  );
  return [...new Set([...unknown, ...left])];
}

/**
 * NOTE: a worker drops its overlay instance a moment after the last container on it is gone,
 * without an event: a network a removed container left is read again this long after too.
 */
export const REREAD_LEFT_NETWORK_MS: readonly number[] = [1_000, 3_000];
