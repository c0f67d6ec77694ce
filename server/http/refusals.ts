import type { ServerResponse } from 'node:http';

import type { Refusal, RefusalKind } from '@/lib/refusal';

import { sendJson, type ApiError } from './json';

/** The one place a refusal becomes an HTTP status. */
export const STATUS_OF: Record<RefusalKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many': 429,
  failed: 502,
  unavailable: 503,
};

/** Answers with the refusal: `{error, fields?}` and, for some, more of the body. */
export function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  const body: ApiError & Record<string, unknown> = {
    error: refusal.message,
    ...(refusal.fields ? { fields: { ...refusal.fields } } : {}),
    ...refusal.extra,
  };
  sendJson(res, STATUS_OF[refusal.kind], body);
}
