import type { DockerEvent } from '@/lib/docker/events';
import type { AuditEntry } from '@/lib/http/audit';
import type { Topology } from '@/lib/topology/types';

/** What an audited request was about, from its path: `/api/networks/<id>/connect` → network. */
export type TargetKind = 'network' | 'container' | 'service' | 'swarm' | 'image' | 'other';

const KINDS: Record<string, TargetKind> = {
  networks: 'network',
  containers: 'container',
  services: 'service',
  swarm: 'swarm',
  images: 'image',
  resolve: 'container',
  reach: 'container',
};

export function targetKind(action: string): TargetKind {
  const segment = /\/api\/([a-z]+)/.exec(action)?.[1] ?? '';
  return KINDS[segment] ?? 'other';
}

/** A target as a person reads it: its name and the fields that matter, or why there is none. */
export interface TargetView {
  name: string;
  facts: string;
}

function networkFacts(topology: Topology, id: string): TargetView | null {
  const network = topology.networks[id];
  if (!network) return null;
  const subnets = network.subnets.map((subnet) => subnet.subnet).join(', ');
  return { name: network.name, facts: [network.driver, subnets].filter(Boolean).join(' · ') };
}

function serviceFacts(topology: Topology, id: string): TargetView | null {
  const service = topology.services[id];
  if (!service) return null;
  const { desired, running } = service.replicas;
  return { name: service.name, facts: `${running}/${desired} replicas · ${service.image}` };
}

function containerFacts(topology: Topology, id: string): TargetView | null {
  const container = topology.containers[id];
  if (!container) return null;
  return { name: container.name, facts: `${container.state} · ${container.image}` };
}

const CREATED: Partial<Record<TargetKind, DockerEvent['type']>> = {
  network: 'network',
  service: 'service',
  container: 'container',
};

/** NOTE: the audit time is taken when the answer is sent, just after the engine's create event. */
const CREATE_WINDOW_S = { before: 5, after: 1 };

/**
 * What a creation made, from the engine's events: the one create event of that kind just before
 * the answer. Null when none or several could be it (the audit does not record the new id).
 */
function createdBy(entry: AuditEntry, kind: TargetKind, events: readonly DockerEvent[]) {
  const type = CREATED[kind];
  if (!type || entry.result !== 'ok') return null;
  const at = Date.parse(entry.time) / 1000;
  const candidates = events.filter(
    (event) =>
      event.type === type &&
      event.action === 'create' &&
      event.time >= Math.floor(at - CREATE_WINDOW_S.before) &&
      event.time <= at + CREATE_WINDOW_S.after,
  );
  return candidates.length === 1 ? candidates[0]! : null;
}

/**
 * Names the target of an entry from what the page knows: the live topology for what still exists
 * (with its key fields), else the engine events seen (for what was removed since); a creation is
 * matched to its engine event when only one fits.
 */
export function describeTarget(
  entry: AuditEntry,
  topology: Topology | null,
  events: readonly DockerEvent[],
): TargetView | null {
  const kind = targetKind(entry.action);
  if (entry.target === '-') {
    const created = createdBy(entry, kind, events);
    if (!created) return null;
    const now = topology ? describeId(kind, created.id, topology) : null;
    return now ?? { name: created.name ?? created.id.slice(0, 12), facts: 'since removed' };
  }
  const now = topology ? describeId(kind, entry.target, topology) : null;
  if (now) return now;
  const seen = events.find((event) => event.id === entry.target && event.name);
  const name = seen?.name ?? entry.targetName;
  return name ? { name, facts: 'no longer present' } : null;
}

function describeId(kind: TargetKind, id: string, topology: Topology): TargetView | null {
  if (kind === 'network') return networkFacts(topology, id);
  if (kind === 'service') return serviceFacts(topology, id);
  if (kind === 'container') return containerFacts(topology, id);
  return null;
}

/** The page's filters: who, what, outcome, and how far back. */
export interface AuditFilter {
  role: string;
  kind: TargetKind | '';
  result: AuditEntry['result'] | '';
  /** Minutes back from now; 0 for all. */
  withinMinutes: number;
  text: string;
}

export const ALL_ENTRIES: AuditFilter = {
  role: '',
  kind: '',
  result: '',
  withinMinutes: 0,
  text: '',
};

export function matchesEntry(
  entry: AuditEntry,
  filter: AuditFilter,
  now: number,
  target: TargetView | null,
): boolean {
  if (filter.role && entry.role !== filter.role) return false;
  if (filter.kind && targetKind(entry.action) !== filter.kind) return false;
  if (filter.result && entry.result !== filter.result) return false;
  if (filter.withinMinutes > 0 && Date.parse(entry.time) < now - filter.withinMinutes * 60_000) {
    return false;
  }
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return [entry.action, entry.target, entry.error ?? '', target?.name ?? '', target?.facts ?? '']
    .join(' ')
    .toLowerCase()
    .includes(text);
}

export const PAGE_SIZE = 50;

/** One page of a list (0-based), and where it sits in the whole. */
export function pageOf<T>(items: readonly T[], page: number) {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const first = current * PAGE_SIZE;
  return { items: items.slice(first, first + PAGE_SIZE), current, pages, first };
}
