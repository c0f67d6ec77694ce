/*
 * What the inspector's describers share: the model they fill in, and small readers of the topology.
 */
import type { Topology } from '@/lib/topology/types';

import type { Status } from './model';

/** A block of the inspector: key/value pairs, a table, or a note. */
export interface InspectorSection {
  title: string;
  /** Key/value pairs, in order. */
  fields?: [string, string][];
  table?: { columns: string[]; rows: string[][] };
  note?: string;
  /** Graph ids the rows of `table` stand for (clicking a row selects it), same order. */
  links?: (string | null)[];
}

export interface InspectorModel {
  id: string;
  kind: string;
  title: string;
  subtitle: string;
  status: Status;
  sections: InspectorSection[];
  /** Which Docker events are about this element (see `matchingEvents`). */
  events: EventMatch;
}

export const MAX_EVENTS = 25;

export function hostName(topology: Topology, id: string | null | undefined): string {
  if (!id) return '—';
  return topology.nodes[id]?.hostname ?? id.slice(0, 12);
}

export function networkName(topology: Topology, id: string): string {
  return topology.networks[id]?.name ?? id.slice(0, 12);
}

export function labelsSection(labels: Readonly<Record<string, string>>): InspectorSection | null {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return { title: `Labels (${entries.length})`, fields: entries };
}

/** Ids an event may name (its actor, or the container, task or service it concerns). */
export interface EventMatch {
  ids: string[];
}

export const NO_EVENTS: EventMatch = { ids: [] };
