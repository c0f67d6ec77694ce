import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';
import type { PatchStep } from '@/lib/history/plan';
import { createPatch } from '@/lib/topology/diff';
import { emptyTopology, type Topology } from '@/lib/topology/types';

import type { TopologyHubListeners } from '../topology/topology-hub';
import { recordHub } from './recorder';

/** A hub that publishes what the test says, and a store that keeps what it is given. */
function harness() {
  let topology = emptyTopology(1);
  let listener: TopologyHubListeners = {};
  const steps: PatchStep[] = [];
  const late: { to: number; events: DockerEvent[] }[] = [];
  recordHub(
    {
      snapshot: () => topology,
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
    publish(next: Topology) {
      const patch = createPatch(topology, next);
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
});
