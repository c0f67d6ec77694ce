import { z } from 'zod';

import type { DockerEvent } from '@/lib/docker/events';
import type { Topology } from '@/lib/topology/types';

/**
 * A portable snapshot: the topology at one moment and the Docker events around it, in one JSON
 * file, for a support ticket or a lesson. `npm start -- --snapshot FILE` serves it read-only with
 * no engine (server/snapshot-core.ts); the dashboard opens one in the browser (`/?snapshot=`).
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

/** The largest snapshot file read, in bytes (the server's file and a browser upload alike). */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

const text = z.string();
const nullableText = z.string().nullable();
const labels = z.record(z.string(), z.string());
const time = z.string().refine((value) => Number.isFinite(Date.parse(value)), 'not a time');

/** What every element of every collection has: the id it is keyed by, and a name. */
const element = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.looseObject({ id: text, name: text, ...shape });

const endpoint = z.looseObject({
  network: text,
  networkName: text,
  ipv4: nullableText,
  aliases: z.array(text),
});

/**
 * The one schema of a snapshot file, for the server's `--snapshot FILE` and the browser's upload:
 * the frame, each collection, and the fields the map, list, inspector and DNS views read. Other
 * fields pass through unchanged (the topology is kept exactly as exported).
 */
export const portableSnapshotSchema = z.looseObject({
  format: z.literal('portolan-snapshot', { error: 'not a Portolan snapshot' }),
  version: z.literal(1, { error: 'only version 1 is supported' }),
  at: time,
  exportedAt: time,
  eventsFrom: time,
  eventsTo: time,
  topology: z.looseObject({
    version: z.number(),
    engines: z.record(text, element({ reachable: z.boolean(), stale: z.boolean() })),
    nodes: z.record(text, element({})),
    networks: z.record(
      text,
      element({
        driver: text,
        subnets: z.array(z.looseObject({ subnet: text, gateway: nullableText })),
        nodes: z.array(text),
        labels,
      }),
    ),
    containers: z.record(
      text,
      element({
        image: text,
        state: text,
        node: text,
        engine: text,
        labels,
        endpoints: z.array(endpoint),
        ports: z.array(z.looseObject({ hostPort: z.number(), containerPort: z.number() })),
      }),
    ),
    services: z.record(text, element({})),
    tasks: z.record(text, element({})),
    ingress: z.record(text, element({})),
  }),
  events: z
    .array(
      z.looseObject({
        engine: text,
        type: text,
        action: text,
        id: text,
        time: z.number(),
        timeNano: z.number(),
      }),
    )
    .max(100_000),
});

/** Where a problem is, as a reader finds it in the file: `topology.networks["ab12"].name`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key)))
      out += out === '' ? String(key) : `.${String(key)}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? 'the file' : out;
}

/** The result of reading a snapshot: the snapshot, or what is wrong and where. */
export type SnapshotReading =
  { ok: true; snapshot: PortableSnapshot } | { ok: false; field: string; message: string };

/** Reads a snapshot file's text with the shared schema; the first problem names its field. */
export function readSnapshot(text: string): SnapshotReading {
  if (text.length > MAX_SNAPSHOT_BYTES) {
    return {
      ok: false,
      field: 'the file',
      message: `larger than ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, field: 'the file', message: 'not JSON' };
  }
  const checked = portableSnapshotSchema.safeParse(raw);
  if (checked.success) return { ok: true, snapshot: raw as PortableSnapshot };
  const [issue] = checked.error.issues;
  return {
    ok: false,
    field: fieldPath(issue?.path ?? []),
    message: issue?.message ?? 'not a snapshot',
  };
}

/** One sentence for a refused file: `topology.networks["ab12"].name: Invalid input: …`. */
export function snapshotProblem(reading: Extract<SnapshotReading, { ok: false }>): string {
  return `${reading.field}: ${reading.message}`;
}

/**
 * Reads a snapshot file's text; a sentence saying what is wrong and where when it is not one
 * (the server's `--snapshot FILE`).
 */
export function parseSnapshot(text: string): PortableSnapshot | string {
  const reading = readSnapshot(text);
  return reading.ok ? reading.snapshot : snapshotProblem(reading);
}

/** What names an opened snapshot on screen: its file, the moment it shows, when it was made. */
export interface SnapshotLabel {
  file: string;
  at: string;
  exportedAt: string;
}
