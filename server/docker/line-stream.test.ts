import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { readLines } from './line-stream';

function watch() {
  const stream = new PassThrough();
  const seen = { lines: [] as string[], closes: [] as (Error | null)[] };
  const reader = readLines(stream, {
    onLine: (line) => seen.lines.push(line),
    onClose: (error) => seen.closes.push(error),
  });
  const closed = () => new Promise<void>((resolve) => stream.once('close', () => resolve()));
  return { stream, seen, reader, closed };
}

describe('readLines', () => {
  it('hands over whole lines across chunks, skips empty ones, and says when the stream ends', async () => {
    const { stream, seen, closed } = watch();
    const done = closed();
    stream.write('{"a":');
    stream.write('1}\n\n{"b":2}\r\n');
    stream.end('{"c":3}\n');
    await done;
    expect(seen.lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(seen.closes).toEqual([null]);
  });

  it('says a failure once, with its error', async () => {
    const { stream, seen, closed } = watch();
    const done = closed();
    stream.destroy(new Error('ECONNRESET'));
    await done;
    expect(seen.closes).toHaveLength(1);
    expect(seen.closes[0]?.message).toBe('ECONNRESET');
  });

  it('closed by its reader: no more lines, and no close reported', async () => {
    const { stream, seen, reader, closed } = watch();
    const done = closed();
    reader.close();
    await done;
    expect(stream.destroyed).toBe(true);
    expect(seen.closes).toEqual([]);
  });
});
