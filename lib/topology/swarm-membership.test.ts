import { describe, expect, it } from 'vitest';

import { recorded } from '@/lib/docker/__fixtures__/recorded-events';
import type { EngineInfo } from '@/lib/docker/engine-api';
import { normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';

import { labLists } from './__fixtures__/lab';
import { nodeEventConcernsEngine, swarmMembershipChanged } from './swarm-membership';

const workerInfo: EngineInfo = labLists('node-3').info;

function nodeEvent(id: string, name: string | undefined): DockerEvent {
  const raw = recorded('node-1', 'node', 'update');
  const event = normalizeDockerEvent('node-1', {
    ...raw,
    Actor: { ID: id, Attributes: name === undefined ? {} : { name } },
  });
  if (!event) throw new Error('the recorded node event did not normalize');
  return event;
}

function left(info: EngineInfo): EngineInfo {
  return {
    ...info,
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false },
  };
}

describe('which engine a node event is about', () => {
  const nodeId = workerInfo.Swarm?.NodeID ?? '';

  it('the engine on that node, by id', () => {
    expect(nodeEventConcernsEngine(nodeEvent(nodeId, undefined), workerInfo)).toBe(true);
  });

  it('an engine that left and joined again under a new id, by its host name', () => {
    const event = nodeEvent('newnodeid0000000000000000', workerInfo.Name);
    expect(nodeEventConcernsEngine(event, left(workerInfo))).toBe(true);
  });

  it('not another node, nor a nameless event about a new id', () => {
    expect(
      nodeEventConcernsEngine(nodeEvent('someoneelse000000000000000', 'node-9'), workerInfo),
    ).toBe(false);
    expect(
      nodeEventConcernsEngine(nodeEvent('newnodeid0000000000000000', ''), left(workerInfo)),
    ).toBe(false);
  });
});

describe('a changed swarm membership', () => {
  it('leaving, joining and a promotion are changes; a new heartbeat count is not', () => {
    expect(swarmMembershipChanged(workerInfo, left(workerInfo))).toBe(true);
    expect(swarmMembershipChanged(left(workerInfo), workerInfo)).toBe(true);
    const swarm = workerInfo.Swarm;
    if (!swarm) throw new Error('the recorded worker is in a swarm');
    const promoted = { ...workerInfo, Swarm: { ...swarm, ControlAvailable: true } };
    expect(swarmMembershipChanged(workerInfo, promoted)).toBe(true);
    const rejoined = { ...workerInfo, Swarm: { ...swarm, NodeID: 'newnodeid0000000000000000' } };
    expect(swarmMembershipChanged(workerInfo, rejoined)).toBe(true);
    const busier = { ...workerInfo, Swarm: { ...swarm, Nodes: (swarm.Nodes ?? 0) + 1 } };
    expect(swarmMembershipChanged(workerInfo, busier)).toBe(false);
  });
});
