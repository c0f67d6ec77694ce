import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import type Docker from 'dockerode';

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
 * NOTE: chunks do not align with JSON objects, so lines are split first; and a reader slower than
 * ~100 ms loses events silently, so nothing slow may happen here.
 */
export async function openEventStream(
  docker: Docker,
  /** Seconds since the epoch: replay what the engine still holds from then on (it keeps 256). */
  sinceSeconds: number | null,
  handlers: EventStreamHandlers,
): Promise<EventStream> {
  const options = sinceSeconds === null ? {} : { since: sinceSeconds };
  const stream = (await docker.getEvents(options)) as unknown as Readable;
  let closed = false;
  const finish = (error: Error | null) => {
    if (closed) return;
    closed = true;
    lines.close();
    stream.destroy();
    handlers.onClose(error);
  };
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (closed || line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return;
    }
    handlers.onEvent(raw);
  });
  // NOTE: readline re-emits its input's errors (ECONNRESET when dockerd dies); unhandled, that
  // would take the whole server down.
  lines.on('error', (error: Error) => finish(error));
  stream.on('error', (error: Error) => finish(error));
  stream.on('end', () => finish(null));
  stream.on('close', () => finish(null));
  return {
    close() {
      if (closed) return;
      closed = true;
      lines.close();
      stream.destroy();
    },
  };
}
