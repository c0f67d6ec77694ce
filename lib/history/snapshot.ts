import type { DockerEvent } from '@/lib/docker/events';
import type { Topology } from '@/lib/topology/types';

/**
 * A portable snapshot: the topology at one moment and the Docker events around it, in one JSON
 * file, for a support ticket or a lesson. `npm start -- --snapshot FILE` serves it read-only with
 * no engine (server/snapshot-core.ts).
 */
export interface PortableSnapshot {
  format: 'portolan-snapshot';
  version: 1;
  /** The moment the topology shows (ISO 8601). */
  at: string;
  exportedAt: string;
  topology: Topology;
  /** The events recorded from `eventsFrom` to `eventsTo`, oldest first. */
  eventsFrom: string;
  eventsTo: string;
  events: DockerEvent[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const COLLECTIONS = ['engines', 'nodes', 'networks', 'containers', 'services', 'tasks', 'ingress'];

/**
 * Reads a snapshot file's text; a sentence saying what is wrong when it is not one. Checks the
 * frame (format, version, every collection of the topology, the events list), not every element.
 */
export function parseSnapshot(text: string): PortableSnapshot | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!isObject(raw) || raw.format !== 'portolan-snapshot') return 'not a Portolan snapshot';
  if (raw.version !== 1) return `snapshot version ${String(raw.version)} is not supported (1 is)`;
  if (typeof raw.at !== 'string' || !Number.isFinite(Date.parse(raw.at))) return 'no valid "at"';
  const topology = raw.topology;
  if (!isObject(topology) || typeof topology.version !== 'number') return 'no topology';
  const missing = COLLECTIONS.find((collection) => !isObject(topology[collection]));
  if (missing) return `the topology has no ${missing}`;
  if (!Array.isArray(raw.events)) return 'no events list';
  return raw as unknown as PortableSnapshot;
}
