import type { IncomingMessage } from 'node:http';

import { err, ok, type Result } from '@/lib/result';

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON request body, refusing oversized, non-JSON or malformed ones with a reason. */
export async function readJsonBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Result<unknown, string>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    return err('Send the body as JSON (Content-Type: application/json).');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return err(`The body is larger than ${limit} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return err(`The body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return err('The body is empty; send a JSON object.');
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err('The body is not valid JSON.');
  }
}
