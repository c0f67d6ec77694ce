/*
 * A worker says nothing on its own event stream when its swarm membership changes: leaving drops
 * its overlay networks and task containers without one event, and joining brings only a
 * `network create` for the ingress. The manager's node events are the cue; these rules say which
 * engine such an event is about and when a changed /info means the engine must be read again.
 */
import type { EngineInfo } from '@/lib/docker/engine-api';
import type { DockerEvent } from '@/lib/docker/events';

/**
 * Whether a manager's node event may be about the engine whose /info is `info`: the same node id
 * (it left, was promoted, went down) or the same host name (it joined again under a new id; the
 * manager names the node in its `update` events once the node has described itself).
 */
export function nodeEventConcernsEngine(event: DockerEvent, info: EngineInfo): boolean {
  if (event.type !== 'node' || event.id === '') return false;
  if (info.Swarm?.NodeID && info.Swarm.NodeID === event.id) return true;
  const hostname = event.attributes.name;
  return hostname !== undefined && hostname !== '' && hostname === info.Name;
}

/**
 * Whether the engine joined, left or changed role: then its networks and containers changed too,
 * without events, and only a full read of that engine is right.
 */
export function swarmMembershipChanged(before: EngineInfo, after: EngineInfo): boolean {
  const was = before.Swarm;
  const now = after.Swarm;
  return (
    (was?.NodeID ?? '') !== (now?.NodeID ?? '') ||
    (was?.LocalNodeState ?? 'inactive') !== (now?.LocalNodeState ?? 'inactive') ||
    (was?.ControlAvailable ?? false) !== (now?.ControlAvailable ?? false)
  );
}
