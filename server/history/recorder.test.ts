import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';
import { createPatch } from '@/lib/topology/diff';
import { emptyTopology, type Topology } from '@/lib/topology/types';

import type { TopologyHubListeners } from '../topology/topology-hub';
import type { RecordedStep } from './history-store';
import { recordHub } from './recorder';

/** A hub that publishes what the test says, and a store that keeps what it is given. */
function harness() {
  let topology = emptyTopology(1);
  let listener: TopologyHubListeners = {};
  const steps: RecordedStep[] = [];
  let snapshots = 0;
  const late: { to: number; events: DockerEvent[] }[] = [];
  recordHub(
    {
      snapshot: () => {
        snapshots += 1;
        return topology;
      },
      subscribe: (next: TopologyHubListeners) => {
        listener = next;
        return () => true;
      },
    },
    {
      append: (step) => steps.push(step),
      appendLate: (_t, to, events) => late.push({ to, events }),
    },
  );
  return {
    steps,
    late,
    snapshots: () => snapshots,
    event: (action: string, type: DockerEvent['type'], id: string) =>
      listener.onEvent?.({
        engine: 'node-1',
        type,
        action,
        id,
        name: null,
        attributes: {},
        time: 1,
        timeNano: 1,
      }),
    publish(next: Topology, from: Topology = topology) {
      const patch = createPatch(from, next);
      topology = next;
      listener.onPatch?.(patch);
    },
  };
}

const network = { id: 'n1', name: 'n1' } as unknown as Topology['networks'][string];
const container = { id: 'c1', name: 'c1' } as unknown as Topology['containers'][string];

describe('recordHub', () => {
  it('keeps each removal event with the patch that removed its object, whichever came first', () => {
    const hub = harness();
    const both = { ...emptyTopology(2), networks: { n1: network }, containers: { c1: container } };
    hub.publish(both);
    // The network's destroy arrives while the container's removal is being read.
    hub.event('destroy', 'container', 'c1');
    hub.event('destroy', 'network', 'n1');
    hub.publish({ ...both, version: 3, containers: {} });
    hub.publish({ ...emptyTopology(4) });
    expect(hub.steps.map((step) => step.events.map((e) => e.id))).toEqual([[], ['c1'], ['n1']]);
  });

  it('records a destroy that arrives after a re-read removed the object against that removal', () => {
    const hub = harness();
    hub.publish({ ...emptyTopology(2), networks: { n1: network } });
    hub.publish(emptyTopology(3));
    hub.event('destroy', 'network', 'n1');
    hub.publish({ ...emptyTopology(4), containers: { c1: container } });
    expect(hub.late).toEqual([{ to: 3, events: [expect.objectContaining({ id: 'n1' })] }]);
    expect(hub.steps.at(-1)?.events).toEqual([]);
  });

  it('hands the store the topology with the first patch and after a patch that does not follow, not with the others', () => {
    const hub = harness();
    const one = { ...emptyTopology(2), networks: { n1: network } };
    hub.publish(one);
    hub.publish({ ...one, version: 3, containers: { c1: container } });
    hub.publish({ ...emptyTopology(4), containers: { c1: container } });
    const snapshots = hub.snapshots();
    // A patch from version 7 while the last was 4: missed patches, the store needs the whole map.
    const jumped = { ...emptyTopology(8), networks: { n1: network } };
    hub.publish(jumped, emptyTopology(7));
    expect(hub.steps.map((step) => step.after?.version)).toEqual([2, undefined, undefined, 8]);
    expect(hub.snapshots()).toBeGreaterThan(snapshots);
    // Presence followed the jump: the network is on the map again, its destroy is not late.
    hub.event('destroy', 'network', 'n1');
    expect(hub.late).toEqual([]);
  });
});
