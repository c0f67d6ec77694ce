import type { EventType } from './engine-api';

const EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  'builder',
  'config',
  'container',
  'daemon',
  'image',
  'network',
  'node',
  'plugin',
  'volume',
  'secret',
  'service',
]);

/**
 * One Docker engine event, normalized. The raw `EventMessage` never leaves this module: everything
 * downstream (invalidations, the event log) reads this shape.
 */
export interface DockerEvent {
  /** Name of the engine the event came from (the server's name for it, not the host name). */
  engine: string;
  type: EventType;
  /** The verb alone: `exec_start`, `health_status`, `connect`, … */
  action: string;
  /** What followed `: ` in the raw action (`healthy`, the exec'd command line), if anything. */
  actionDetail?: string;
  /** `Actor.ID`: the object the event is about. Empty for a few daemon-wide events (prune). */
  id: string;
  /** `Actor.Attributes.name`: container name, network name, service name, image reference… */
  name: string | null;
  attributes: Readonly<Record<string, string>>;
  /** Seconds since the epoch. */
  time: number;
  /**
   * Nanoseconds since the epoch. NOTE: JSON.parse already rounded it to a double (~256 ns steps
   * today), so use it for ordering and de-duplication keys, not as an exact value.
   */
  timeNano: number;
  /** `local` or `swarm` (cluster events from a manager). */
  scope?: 'local' | 'swarm';
}

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function stringAttributes(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') attributes[key] = value;
  }
  return attributes;
}

function finiteNumber(raw: unknown): number | null {
  return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
}

/**
 * Turns one parsed line of `GET /events` into a `DockerEvent`, or `null` when the input is not a
 * Docker event we understand (not an object, unknown `Type`, no action, no time).
 */
export function normalizeDockerEvent(engine: string, raw: unknown): DockerEvent | null {
  if (!isRecord(raw)) return null;
  const type = raw.Type;
  const rawAction = raw.Action;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return null;
  if (typeof rawAction !== 'string' || rawAction === '') return null;

  const actor = isRecord(raw.Actor) ? raw.Actor : {};
  const id = typeof actor.ID === 'string' ? actor.ID : '';
  const attributes = stringAttributes(actor.Attributes);

  const time = finiteNumber(raw.time);
  const timeNano = finiteNumber(raw.timeNano);
  if (time === null && timeNano === null) return null;

  // NOTE: exec and health actions append their detail after ": " (`exec_start: sh -c ...`).
  const separator = rawAction.indexOf(': ');
  const action = separator === -1 ? rawAction : rawAction.slice(0, separator);
  const actionDetail = separator === -1 ? undefined : rawAction.slice(separator + 2);

  const event: DockerEvent = {
    engine,
    type: type as EventType,
    action,
    id,
    // NOTE: node events carry an empty name until the node has reported its hostname.
    name: attributes.name || null,
    attributes,
    time: time ?? Math.floor((timeNano ?? 0) / 1e9),
    timeNano: timeNano ?? (time ?? 0) * 1e9,
  };
  if (actionDetail !== undefined) event.actionDetail = actionDetail;
  if (raw.scope === 'local' || raw.scope === 'swarm') event.scope = raw.scope;
  return event;
}

/**
 * Container actions that say nothing about the topology and can arrive many times a second:
 * health checks run an exec every interval, terminals attach and resize, `docker cp` archives.
 */
const NOISE_CONTAINER_ACTIONS: ReadonlySet<string> = new Set([
  'exec_create',
  'exec_start',
  'exec_die',
  'exec_detach',
  'attach',
  'detach',
  'resize',
  'top',
  'archive-path',
  'extract-to-dir',
  'export',
]);

/** True for chatter a UI event log should hide and the server should not even batch. */
export function isNoiseEvent(event: DockerEvent): boolean {
  return event.type === 'container' && NOISE_CONTAINER_ACTIONS.has(event.action);
}

/**
 * A key that is equal for the same event delivered twice (the engine repeats events stamped exactly
 * at `since` after a reconnect).
 */
export function eventKey(event: DockerEvent): string {
  return `${event.engine}|${event.timeNano}|${event.type}|${event.action}|${event.id}`;
}
