import { jsonEqual } from '@/lib/topology/json-equal';
import { COLLECTIONS, type CollectionName, type Topology } from '@/lib/topology/types';

/** One field that differs between two moments: a dotted path and both values. */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface ElementRef {
  collection: CollectionName;
  id: string;
  name: string;
}

export interface ChangedElement extends ElementRef {
  fields: FieldChange[];
}

export interface MomentComparison {
  added: ElementRef[];
  removed: ElementRef[];
  changed: ChangedElement[];
}

/** Keys that name an element of a list better than its position does. */
const ITEM_KEYS = ['network', 'subnet', 'node', 'task', 'id'] as const;

function itemKey(item: unknown): string | null {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const record = item as Record<string, unknown>;
  for (const key of ITEM_KEYS) {
    if (typeof record[key] === 'string') return `${key}=${record[key]}`;
  }
  return null;
}

/** Lists of objects that each name themselves (endpoints by network, subnets by prefix), keyed. */
function keyedItems(list: readonly unknown[]): Map<string, unknown> | null {
  const keyed = new Map<string, unknown>();
  for (const item of list) {
    const key = itemKey(item);
    if (key === null || keyed.has(key)) return null;
    keyed.set(key, item);
  }
  return keyed;
}

/**
 * The fields that differ between `before` and `after`, as paths (`endpoints[network=abc].ipv4`,
 * `replicas.running`, `subnets[subnet=10.0.0.0/24].gateway`). Lists of plain values are compared
 * whole; lists of named objects item by item.
 */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (jsonEqual(before, after)) return [];
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (Array.isArray(before) && Array.isArray(after)) {
    const left = keyedItems(before);
    const right = keyedItems(after);
    if (!left || !right) return [{ path, before, after }];
    const changes: FieldChange[] = [];
    for (const [key, item] of left) {
      changes.push(...fieldChanges(item, right.get(key), `${path}[${key}]`));
    }
    for (const [key, item] of right) {
      if (!left.has(key)) changes.push({ path: `${path}[${key}]`, before: undefined, after: item });
    }
    return changes;
  }
  const isPlain = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isPlain(before) || !isPlain(after)) return [{ path, before, after }];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].sort().flatMap((key) => fieldChanges(before[key], after[key], join(key)));
}

/** What appeared, disappeared and changed (field by field) from moment `a` to moment `b`. */
export function compareMoments(a: Topology, b: Topology): MomentComparison {
  const result: MomentComparison = { added: [], removed: [], changed: [] };
  for (const collection of COLLECTIONS) {
    const before: Readonly<Record<string, { name: string }>> = a[collection];
    const after: Readonly<Record<string, { name: string }>> = b[collection];
    for (const [id, element] of Object.entries(before)) {
      const next = after[id];
      if (!next) result.removed.push({ collection, id, name: element.name });
      else if (next !== element) {
        const fields = fieldChanges(element, next);
        if (fields.length > 0) result.changed.push({ collection, id, name: next.name, fields });
      }
    }
    for (const [id, element] of Object.entries(after)) {
      if (!Object.hasOwn(before, id)) result.added.push({ collection, id, name: element.name });
    }
  }
  return result;
}

/** A few words that identify an element that appeared or disappeared: a network's subnets, a container's addresses. */
export function briefOf(topology: Topology, ref: ElementRef): string {
  switch (ref.collection) {
    case 'networks': {
      const network = topology.networks[ref.id];
      return network
        ? [network.driver, ...network.subnets.map((subnet) => subnet.subnet)].join(' · ')
        : '';
    }
    case 'containers': {
      const container = topology.containers[ref.id];
      const addresses = container?.endpoints.flatMap((endpoint) =>
        endpoint.ipv4 ? [endpoint.ipv4] : [],
      );
      return container ? [container.state, ...(addresses ?? [])].join(' · ') : '';
    }
    case 'services': {
      const service = topology.services[ref.id];
      return service
        ? [
            `${service.replicas.running}/${service.replicas.desired} running`,
            ...service.vips.map((vip) => vip.addr),
          ].join(' · ')
        : '';
    }
    default:
      return '';
  }
}
