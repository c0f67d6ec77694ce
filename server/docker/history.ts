import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import type Docker from 'dockerode';

import { isNoiseEvent, normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';

import { withTimeout } from './client';
import { engineRefusal } from './engine-errors';

/** Reads an engine's own event history between two times (the stream ends at `until`). */
export async function engineHistory(
  engine: string,
  docker: Docker,
  since: number,
  until: number,
  limit: number,
): Promise<DockerEvent[]> {
  const stream = (await docker.getEvents({ since, until }).catch((error: unknown) => {
    throw engineRefusal(error);
  })) as unknown as Readable;
  const events: DockerEvent[] = [];
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const done = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (!line.trim()) return;
      try {
        const event = normalizeDockerEvent(engine, JSON.parse(line) as unknown);
        if (event && !isNoiseEvent(event)) events.push(event);
      } catch {
        // a malformed line is skipped, not fatal
      }
      if (events.length >= limit) stream.destroy();
    });
    lines.on('close', resolve);
    lines.on('error', reject);
    stream.on('error', (error) => (events.length >= limit ? resolve() : reject(error)));
  });
  await withTimeout(done, 15_000, 'GET /events (history)')
    .catch((error: unknown) => {
      throw engineRefusal(error);
    })
    .finally(() => stream.destroy());
  return events.slice(0, limit);
}
