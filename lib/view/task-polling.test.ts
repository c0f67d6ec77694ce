import { describe, expect, it } from 'vitest';

import type { Topology, TopologyNode } from '@/lib/topology/types';

import { taskPollingNotice } from './task-polling';

function swarmNode(id: string, engine: string | null): TopologyNode {
  return {
    id,
    name: id,
    kind: 'swarm',
    hostname: id,
    engine,
    engineVersion: null,
    address: null,
    os: null,
    architecture: null,
    labels: {},
    role: id === 'node-1' ? 'manager' : 'worker',
    leader: id === 'node-1',
    managerReachability: null,
    availability: 'active',
    state: 'ready',
    message: null,
  } as TopologyNode;
}

const withNodes = (...nodes: TopologyNode[]) =>
  ({ nodes: Object.fromEntries(nodes.map((node) => [node.id, node])) }) as unknown as Topology;

describe('taskPollingNotice', () => {
  it('says nothing before the first topology, without a swarm, or when every node is streamed', () => {
    expect(taskPollingNotice(null)).toBeNull();
    expect(taskPollingNotice(withNodes())).toBeNull();
    expect(
      taskPollingNotice(withNodes(swarmNode('node-1', 'node-1'), swarmNode('node-2', 'node-2'))),
    ).toBeNull();
  });

  it('names the workers whose engines are not streamed (a manager-only setup)', () => {
    const notice = taskPollingNotice(
      withNodes(
        swarmNode('node-1', 'node-1'),
        swarmNode('node-3', null),
        swarmNode('node-2', null),
      ),
    );
    expect(notice).toContain('Tasks on nodes node-2 and node-3 are polled from the manager');
  });

  it('names a single such node', () => {
    const notice = taskPollingNotice(
      withNodes(swarmNode('node-1', 'node-1'), swarmNode('w', null)),
    );
    expect(notice).toContain('Tasks on node w are polled');
  });
});
