import { describe, expect, it } from 'vitest';

import type { ContainerInspect } from '@/lib/docker/engine-api';

import { labInventory } from './__fixtures__/lab';
import type { EngineInventory } from './inventory';
import { networksToFollow } from './network-follow';

const inventory = labInventory('node-2');
const onOverlay = Object.values(inventory.containers).find((container) =>
  Object.values(container.NetworkSettings.Networks ?? {}).some(
    (endpoint) => inventory.networks[endpoint.NetworkID]?.Scope === 'swarm',
  ),
) as ContainerInspect;
const overlayIds = Object.values(onOverlay.NetworkSettings.Networks ?? {})
  .map((endpoint) => endpoint.NetworkID)
  .filter((id) => inventory.networks[id]?.Scope === 'swarm');

function without(held: EngineInventory, ids: string[]): EngineInventory {
  const networks = { ...held.networks };
  for (const id of ids) delete networks[id];
  return { ...held, networks };
}

describe('networks to read again after a container changed', () => {
  it('none when the container is on networks the engine already holds', () => {
    expect(overlayIds.length).toBeGreaterThan(0);
    expect(networksToFollow(inventory, onOverlay, onOverlay)).toEqual([]);
  });

  it('a network the container joined that the engine was not known to hold', () => {
    expect(networksToFollow(without(inventory, overlayIds), undefined, onOverlay)).toEqual(
      overlayIds,
    );
  });

  it('the overlays a removed container was on (the worker may drop them silently)', () => {
    expect(networksToFollow(inventory, onOverlay, null)).toEqual(overlayIds);
  });
});
