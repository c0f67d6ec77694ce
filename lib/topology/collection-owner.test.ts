import { describe, expect, it } from 'vitest';

import { labInventories } from './__fixtures__/lab';
import { buildTopology } from './build';
import { copyingOwner, createCollectionOwner } from './collection-owner';
import { applyPatch, type TopologyPatch } from './diff';
import type { Topology } from './types';

const lab = (version = 1): Topology => buildTopology(labInventories(), {}, version);

/** A patch that removes the first container and renames the first network. */
function patchOf(topology: Topology): { patch: TopologyPatch; container: string; network: string } {
  const container = Object.keys(topology.containers)[0] as string;
  const network = Object.values(topology.networks)[0];
  if (!network) throw new Error('the lab fixture has no network');
  const patch: TopologyPatch = {
    from: topology.version,
    to: topology.version + 1,
    ops: [
      { op: 'remove', collection: 'containers', id: container },
      {
        op: 'upsert',
        collection: 'networks',
        id: network.id,
        value: { ...network, name: 'renamed' },
      },
    ],
  };
  return { patch, container, network: network.id };
}

describe('collection owners', () => {
  it('copies what it writes by default: the topology patched is left as it was', () => {
    const before = lab();
    const { patch, container } = patchOf(before);
    const after = applyPatch(before, patch, copyingOwner);
    expect(Object.hasOwn(before.containers, container)).toBe(true);
    expect(Object.hasOwn(after.containers, container)).toBe(false);
    expect(after.containers).not.toBe(before.containers);
    expect(after.services).toBe(before.services);
  });

  it('writes in place a collection nobody else holds', () => {
    const owner = createCollectionOwner();
    const before = lab();
    const { patch, container } = patchOf(before);
    const after = applyPatch(before, patch, owner);
    expect(after.containers).toBe(before.containers);
    expect(Object.hasOwn(after.containers, container)).toBe(false);
    expect(after.version).toBe(2);
  });

  it('copies a shared collection once, then writes the copy in place', () => {
    const owner = createCollectionOwner();
    const shared = owner.share(lab());
    const kept = JSON.stringify(shared);
    const { patch, network } = patchOf(shared);
    const after = applyPatch(shared, patch, owner);
    expect(JSON.stringify(shared)).toBe(kept);
    expect(after.networks).not.toBe(shared.networks);
    expect(after.networks[network]?.name).toBe('renamed');
    const again = applyPatch(after, patchOf(after).patch, owner);
    expect(again.networks).toBe(after.networks);
  });

  it('never writes the topology of a reset in place', () => {
    const owner = createCollectionOwner();
    const sent = lab(5);
    const kept = JSON.stringify(sent);
    const { patch } = patchOf(sent);
    const reset: TopologyPatch = {
      from: 0,
      to: 6,
      ops: [{ op: 'reset', topology: sent }, ...patch.ops],
    };
    const after = applyPatch(null, reset, owner);
    expect(JSON.stringify(sent)).toBe(kept);
    expect(after.version).toBe(6);
    expect(Object.keys(after.containers).length).toBe(Object.keys(sent.containers).length - 1);
  });
});
