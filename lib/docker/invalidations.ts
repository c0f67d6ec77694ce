import type { DockerEvent } from './events';

/** Label Docker puts on every swarm task's container. */
const SWARM_SERVICE_LABEL = 'com.docker.swarm.service.id';

/**
 * What the server must re-read after an event. `removed: true` means the object is gone and must
 * be dropped without an inspect.
 *
 * Engine-local objects (containers, networks) are addressed on `engine`. Swarm objects (services,
 * their tasks, nodes) live in the cluster: `engine` is only the engine that reported the event, and
 * the server reads them from a manager of that engine's swarm.
 */
export type Invalidation =
  | { kind: 'container'; engine: string; id: string; removed: boolean }
  | { kind: 'network'; engine: string; id: string; removed: boolean }
  | { kind: 'service'; engine: string; id: string; removed: boolean }
  | { kind: 'tasks'; engine: string; serviceId: string }
  | { kind: 'node'; engine: string; id: string; removed: boolean }
  /** Re-read `GET /info` (and `/version`): daemon configuration or swarm membership changed. */
  | { kind: 'info'; engine: string };

/**
 * Identifies the object an invalidation is about, for batching: two invalidations with the same key
 * need one read. When an inspect and a removal of the same object meet in one batch, keep the last
 * one received (events are ordered per engine).
 */
export function invalidationKey(invalidation: Invalidation): string {
  switch (invalidation.kind) {
    case 'container':
    case 'network':
      return `${invalidation.kind}:${invalidation.engine}:${invalidation.id}`;
    case 'service':
    case 'node':
      // NOTE: swarm objects are the same whichever engine reported them.
      return `${invalidation.kind}:${invalidation.id}`;
    case 'tasks':
      return `tasks:${invalidation.serviceId}`;
    case 'info':
      return `info:${invalidation.engine}`;
  }
}

/** Container actions after which a re-inspect can show something new (state, name, health). */
const CONTAINER_CHANGES: ReadonlySet<string> = new Set([
  'create',
  'start',
  'restart',
  'stop',
  'die',
  'pause',
  'unpause',
  'rename',
  'update',
  'health_status',
]);

/**
 * Container actions that move a swarm task through its states. API 1.41 has no task events, so a
 * task container's life cycle (reported by the worker running it) is our cue to re-list the tasks.
 */
const TASK_LIFECYCLE: ReadonlySet<string> = new Set(['create', 'start', 'die', 'destroy']);

function containerInvalidations(event: DockerEvent): Invalidation[] {
  const { engine, id, action } = event;
  if (id === '') return [];
  const invalidations: Invalidation[] = [];
  if (action === 'destroy') {
    invalidations.push({ kind: 'container', engine, id, removed: true });
  } else if (CONTAINER_CHANGES.has(action)) {
    invalidations.push({ kind: 'container', engine, id, removed: false });
  }
  const serviceId = event.attributes[SWARM_SERVICE_LABEL];
  if (serviceId && TASK_LIFECYCLE.has(action)) {
    invalidations.push({ kind: 'tasks', engine, serviceId });
  }
  return invalidations;
}

function networkInvalidations(event: DockerEvent): Invalidation[] {
  const { engine, id, action } = event;
  if (id === '') return [];
  switch (action) {
    case 'create':
    case 'update':
      return [{ kind: 'network', engine, id, removed: false }];
    // NOTE: a swarm network removed on a manager says `remove`: it is gone everywhere.
    case 'remove':
      return [{ kind: 'network', engine, id, removed: true }];
    // NOTE: `destroy` is local. For an overlay it only means this node's instance went away (its
    // last task left) while the swarm network lives on, so read it again: a 404 means gone.
    case 'destroy':
      return [{ kind: 'network', engine, id, removed: false }];
    case 'connect':
    case 'disconnect': {
      const invalidations: Invalidation[] = [{ kind: 'network', engine, id, removed: false }];
      const container = event.attributes.container;
      if (container)
        invalidations.push({ kind: 'container', engine, id: container, removed: false });
      return invalidations;
    }
    default:
      return [];
  }
}

function serviceInvalidations(event: DockerEvent): Invalidation[] {
  const { engine, id, action } = event;
  if (id === '') return [];
  switch (action) {
    case 'create':
    case 'update':
      return [
        { kind: 'service', engine, id, removed: false },
        { kind: 'tasks', engine, serviceId: id },
      ];
    case 'remove':
      // NOTE: dropping a service drops its tasks too (see withService), no task read needed.
      return [{ kind: 'service', engine, id, removed: true }];
    default:
      return [];
  }
}

function nodeInvalidations(event: DockerEvent): Invalidation[] {
  const { engine, id, action } = event;
  if (id === '') return [];
  switch (action) {
    case 'create':
    case 'update':
      return [{ kind: 'node', engine, id, removed: false }];
    case 'remove':
      return [{ kind: 'node', engine, id, removed: true }];
    default:
      return [];
  }
}

/**
 * The minimal set of objects to re-read after `event`. Images, volumes, plugins, secrets, configs
 * and builder events change nothing Portolan shows, so they need no read.
 */
export function invalidationsFor(event: DockerEvent): Invalidation[] {
  switch (event.type) {
    case 'container':
      return containerInvalidations(event);
    case 'network':
      return networkInvalidations(event);
    case 'service':
      return serviceInvalidations(event);
    case 'node':
      return nodeInvalidations(event);
    case 'daemon':
      return [{ kind: 'info', engine: event.engine }];
    case 'builder':
    case 'config':
    case 'image':
    case 'plugin':
    case 'secret':
    case 'volume':
      return [];
  }
}
