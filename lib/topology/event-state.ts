/*
 * What a container event says by itself. `start`, `die`, `pause` and `unpause` name the state the
 * container is now in, so the map can show it before the inspect queued for the same event
 * answers (which can wait ~100 ms on the engine's container lock).
 */
import type { ContainerInspect } from '@/lib/docker/engine-api';
import type { DockerEvent } from '@/lib/docker/events';

import type { TopologyPatch, UpsertOp } from './diff';
import type { Topology } from './types';

/** The states a container event can imply. */
export type ImpliedStatus = 'running' | 'exited' | 'paused';

const EVENT_STATE: ReadonlyMap<string, ImpliedStatus> = new Map([
  ['start', 'running'],
  ['unpause', 'running'],
  ['die', 'exited'],
  ['pause', 'paused'],
]);

/** One container's state as an event implies it. */
export interface ImpliedState {
  engine: string;
  id: string;
  status: ImpliedStatus;
}

/** The state `event` implies for its container, or `null` when it implies none. */
export function impliedState(event: DockerEvent): ImpliedState | null {
  if (event.type !== 'container' || event.id === '') return null;
  const status = EVENT_STATE.get(event.action);
  return status ? { engine: event.engine, id: event.id, status } : null;
}

/** The inspect as the event implies it now; `container` itself when it already says so. */
export function withImpliedStatus(
  container: ContainerInspect,
  status: ImpliedStatus,
): ContainerInspect {
  if (container.State.Status === status) return container;
  return {
    ...container,
    State: {
      ...container.State,
      Status: status,
      Running: status === 'running' || status === 'paused',
      Paused: status === 'paused',
    },
  };
}

/**
 * The patch that shows implied states on a topology, without rebuilding it: the same change a
 * rebuild would find once the inventories hold `withImpliedStatus` payloads, and nothing else.
 * NOTE: a container's state shows only in its own element (endpoints, ports and the ingress paths
 * made from them do not depend on it), so one upsert per container is the whole difference.
 * Later states of the same container win. `null` when `topology` does not hold a container as
 * that engine's: only a rebuild can tell then.
 */
export function impliedStatePatch(
  topology: Topology,
  states: readonly ImpliedState[],
): TopologyPatch | null {
  const latest = new Map<string, ImpliedState>();
  for (const state of states) {
    const element = topology.containers[state.id];
    if (!element || element.engine !== state.engine) return null;
    latest.set(state.id, state);
  }
  const ops: UpsertOp[] = [];
  for (const { id, status } of latest.values()) {
    const element = topology.containers[id];
    if (!element || element.state === status) continue;
    ops.push({ op: 'upsert', collection: 'containers', id, value: { ...element, state: status } });
  }
  return { from: topology.version, to: topology.version + 1, ops };
}
