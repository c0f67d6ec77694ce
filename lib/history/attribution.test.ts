import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';
import { emptyTopology, type Topology } from '@/lib/topology/types';

import { awaitsLaterPatch, lateEventTarget, onMapOf, type RecentPatch } from './attribution';

function withNetwork(topology: Topology, id: string, version: number): Topology {
  const network = { id, name: id } as unknown as Topology['networks'][string];
  return { ...topology, version, networks: { ...topology.networks, [id]: network } };
}

const event = (action: string, id: string, extra: Partial<DockerEvent> = {}) =>
  ({ type: 'network', action, id, attributes: {}, ...extra }) as DockerEvent;

describe('lateEventTarget', () => {
  const empty = emptyTopology(1);
  const withNet = withNetwork(empty, 'n1', 2);
  const made: RecentPatch = {
    t: 1,
    appeared: new Set(['n1']),
    patch: {
      from: 1,
      to: 2,
      ops: [{ op: 'upsert', collection: 'networks', id: 'n1', value: withNet.networks.n1! }],
    },
  };
  const removed: RecentPatch = {
    t: 2,
    appeared: new Set(),
    patch: { from: 2, to: 3, ops: [{ op: 'remove', collection: 'networks', id: 'n1' }] },
  };
  const after = { ...empty, version: 3 };

  it('joins a destroy that arrives after a re-read removed the object to that removal', () => {
    expect(lateEventTarget(event('destroy', 'n1'), [made, removed], onMapOf(after))).toBe(3);
  });

  it('leaves a destroy whose object is still on the map to the patch it will cause', () => {
    expect(lateEventTarget(event('destroy', 'n1'), [made], onMapOf(withNet))).toBeNull();
  });

  it('joins a late create to the patch that made the object appear', () => {
    expect(lateEventTarget(event('create', 'n1'), [made], onMapOf(withNet))).toBe(2);
    const touched: RecentPatch = {
      ...made,
      t: 3,
      appeared: new Set(),
      patch: { ...made.patch, from: 2, to: 4 },
    };
    expect(lateEventTarget(event('create', 'n1'), [made, touched], onMapOf(withNet))).toBeNull();
  });

  it('leaves a create still to be read, other actions and a worker making an overlay instance alone', () => {
    expect(lateEventTarget(event('create', 'n1'), [], onMapOf(empty))).toBeNull();
    expect(lateEventTarget(event('connect', 'n1'), [made], onMapOf(withNet))).toBeNull();
    expect(lateEventTarget(event('destroy', 'n9'), [made, removed], onMapOf(after))).toBeNull();
    const overlay = event('create', 'n1', { attributes: { type: 'overlay' }, scope: 'local' });
    expect(lateEventTarget(overlay, [made], onMapOf(withNet))).toBeNull();
    expect(lateEventTarget({ ...overlay, scope: 'swarm' }, [made], onMapOf(withNet))).toBe(2);
  });
});

describe('awaitsLaterPatch', () => {
  const empty = emptyTopology(1);
  const withNet = withNetwork(empty, 'n1', 2);
  const containerGone = {
    from: 2,
    to: 3,
    ops: [{ op: 'remove' as const, collection: 'containers' as const, id: 'c1' }],
  };

  it('keeps a network destroy that arrived during a container removal for the removal of the network', () => {
    expect(awaitsLaterPatch(event('destroy', 'n1'), containerGone, onMapOf(withNet))).toBe(true);
    const netGone = {
      from: 3,
      to: 4,
      ops: [{ op: 'remove' as const, collection: 'networks' as const, id: 'n1' }],
    };
    expect(awaitsLaterPatch(event('destroy', 'n1'), netGone, onMapOf(empty))).toBe(false);
  });

  it('keeps a create until its object is on the map, and gives every other event to the patch at hand', () => {
    expect(awaitsLaterPatch(event('create', 'n1'), containerGone, onMapOf(empty))).toBe(true);
    expect(awaitsLaterPatch(event('create', 'n1'), containerGone, onMapOf(withNet))).toBe(false);
    expect(awaitsLaterPatch(event('connect', 'n1'), containerGone, onMapOf(withNet))).toBe(false);
    expect(
      awaitsLaterPatch(
        event('delete', 'sha256:1', { type: 'image' }),
        containerGone,
        onMapOf(empty),
      ),
    ).toBe(false);
    expect(
      awaitsLaterPatch(
        event('destroy', 'n1'),
        { from: 2, to: 3, ops: [{ op: 'reset', topology: withNet }] },
        onMapOf(withNet),
      ),
    ).toBe(false);
  });
});
