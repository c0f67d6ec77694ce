import type { Readable } from 'node:stream';

import type Docker from 'dockerode';

import { readLines } from './line-stream';

export interface EventStreamHandlers {
  /** One parsed JSON line of `GET /events`. Called on the reading path: keep it cheap. */
  onEvent(raw: unknown): void;
  /** The stream ended or failed; it will not call again. */
  onClose(error: Error | null): void;
}

export interface EventStream {
  close(): void;
}

/**
 * Subscribes to an engine's `/events` and hands each event over as soon as its line is complete.
 */
export async function openEventStream(
  docker: Docker,
  /** Seconds since the epoch: replay what the engine still holds from then on (it keeps 256). */
  sinceSeconds: number | null,
  handlers: EventStreamHandlers,
): Promise<EventStream> {
  const options = sinceSeconds === null ? {} : { since: sinceSeconds };
  const stream = (await docker.getEvents(options)) as unknown as Readable;
  // NOTE: a reader slower than ~100 ms loses events silently, so nothing slow may happen here.
  return readLines(stream, {
    onLine(line) {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        return;
      }
      handlers.onEvent(raw);
    },
    onClose: handlers.onClose,
  });
}
