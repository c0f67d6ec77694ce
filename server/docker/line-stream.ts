import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface LineStreamHandlers {
  /** One complete, non-empty line. Called on the reading path: keep it cheap. */
  onLine(line: string): void;
  /** The stream ended or failed; it will not call again. */
  onClose(error: Error | null): void;
}

/**
 * Hands over a long-lived HTTP body line by line (`/events`, an agent's traffic stream).
 * NOTE: chunks do not align with lines, so they are split first; and readline re-emits its
 * input's errors (ECONNRESET when the other end dies), which, unhandled, would take the whole
 * server down.
 */
export function readLines(stream: Readable, handlers: LineStreamHandlers): { close(): void } {
  let closed = false;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const stop = () => {
    closed = true;
    lines.close();
    stream.destroy();
  };
  const finish = (error: Error | null) => {
    if (closed) return;
    stop();
    handlers.onClose(error);
  };
  lines.on('line', (line) => {
    if (!closed && line.trim() !== '') handlers.onLine(line);
  });
  lines.on('error', (error: Error) => finish(error));
  stream.on('error', (error: Error) => finish(error));
  stream.on('end', () => finish(null));
  stream.on('close', () => finish(null));
  return {
    close() {
      if (!closed) stop();
    },
  };
}
