import type { ServerResponse } from 'node:http';

/** Writes a JSON body with the status; API responses are never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(payload);
}

/** The one error shape every route returns: what went wrong and, for bad input, per field. */
export interface ApiError {
  error: string;
  fields?: Record<string, string>;
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  fields?: Record<string, string>,
): void {
  const body: ApiError = fields ? { error, fields } : { error };
  sendJson(res, status, body);
}
