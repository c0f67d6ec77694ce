import type { DockerEvent } from '@/lib/docker/events';

/** A service as a person names it: its id, or its name. */
export interface ServiceRef {
  id: string;
  name: string;
}

/**
 * Whether an event is a deploy of the service: its creation, or an update of its spec
 * (`docker service update`, `docker stack deploy`, a scale). The engine also says `update` while
 * a rolling update moves on (attributes `updatestate.*`): that is the deploy under way, not a new
 * one.
 */
export function isDeployEvent(event: DockerEvent, service: ServiceRef): boolean {
  if (event.type !== 'service' || (event.action !== 'create' && event.action !== 'update')) {
    return false;
  }
  if (event.id !== service.id && event.name !== service.name) return false;
  return !Object.keys(event.attributes).some((key) => key.startsWith('updatestate.'));
}

/**
 * The time of the service's last deploy among recorded changes (newest first): the change that
 * carries its creation or spec update. "Since the last deploy" compares the moment just before
 * that change with another one. Null when the kept history holds none.
 */
export function lastDeployIn(
  changes: readonly { t: number; events: readonly DockerEvent[] }[],
  service: ServiceRef,
): number | null {
  for (const change of changes) {
    if (change.events.some((event) => isDeployEvent(event, service))) return change.t;
  }
  return null;
}
