import type { DockerEvent } from '@/lib/docker/events';
import type { TopologyPatch } from '@/lib/topology/diff';
import { COLLECTIONS, type Topology } from '@/lib/topology/types';

/**
 * Which change of the map a Docker event belongs to. The hub publishes a patch whenever a read
 * ends, and the events that arrived meanwhile are its cause; but a full re-read of an engine (the
 * settle reads after a reconnect, a network re-read after a container left it) can find an object
 * made or gone before, or after, the engine's own event about it arrives. These rules keep a
 * creation or removal event with the patch that made or removed its object.
 * NOTE: only creations and removals of objects the map shows are placed this way: they name the
 * object they change (other events, `connect` for one, change an element they do not name).
 */
type EventFacts = Pick<DockerEvent, 'type' | 'action' | 'id' | 'attributes' | 'scope'>;

const GONE = new Set(['destroy', 'remove', 'delete']);
const MADE = new Set(['create']);
/** Event types whose objects are elements of the map, under the same id. */
const ON_MAP = new Set(['container', 'network', 'service', 'node']);

/** A patch the recorder handed to the store lately, and the ids it made appear on the map. */
export interface RecentPatch {
  t: number;
  patch: TopologyPatch;
  appeared: ReadonlySet<string>;
}

/** Whether an element with this id (of any kind) is on the map at some moment. */
export type OnMap = (id: string) => boolean;

/** `OnMap` of a whole topology. */
export function onMapOf(topology: Topology): OnMap {
  return (id) => COLLECTIONS.some((collection) => Object.hasOwn(topology[collection], id));
}

/** `gone` for a removal, `made` for a creation of a map element, null for anything else. */
function kindOf(event: EventFacts): 'gone' | 'made' | null {
  if (event.id === '' || !ON_MAP.has(event.type)) return null;
  if (GONE.has(event.action)) return 'gone';
  // NOTE: a worker making its own instance of a swarm overlay is not the overlay's creation.
  const instance =
    event.type === 'network' && event.attributes.type === 'overlay' && event.scope !== 'swarm';
  return MADE.has(event.action) && !instance ? 'made' : null;
}

/**
 * The version of the recent patch an event arriving now describes, when that change is already on
 * the map (a re-read found it first); null when the event is (still) the cause of a change to
 * come. A removal whose object is off the map goes to the latest patch that removed it; a creation
 * whose object is on the map, to the patch that made it appear.
 */
export function lateEventTarget(
  event: EventFacts,
  recent: readonly RecentPatch[],
  onMapNow: OnMap,
): number | null {
  const kind = kindOf(event);
  if (kind === null || onMapNow(event.id) === (kind === 'gone')) return null;
  const wanted = kind === 'gone' ? 'remove' : 'upsert';
  for (let index = recent.length - 1; index >= 0; index--) {
    const item = recent[index];
    if (!item?.patch.ops.some((op) => op.op === wanted && op.id === event.id)) continue;
    // NOTE: a creation belongs to the patch that made the object appear, not to a later change of it.
    return kind === 'gone' || item.appeared.has(event.id) ? item.patch.to : null;
  }
  return null;
}

/**
 * Whether an event that arrived before `patch` is still waiting for its own change: a removal
 * whose object is still on the map after the patch, or a creation whose object is not on it yet,
 * which the patch does not touch. Such an event stays for the next patch; any other is this
 * patch's cause.
 */
export function awaitsLaterPatch(
  event: EventFacts,
  patch: TopologyPatch,
  onMapAfter: OnMap,
): boolean {
  const kind = kindOf(event);
  if (kind === null) return false;
  if (patch.ops.some((op) => op.op === 'reset' || op.id === event.id)) return false;
  return onMapAfter(event.id) === (kind === 'gone');
}
