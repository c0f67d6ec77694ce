import { Refusal, isRefusal } from '@/lib/refusal';

import { describeError } from './errors';

/** The engine's own message in a failed call's JSON body, if it sent one. */
function engineText(error: unknown): string | null {
  const json = (error as { json?: unknown } | null)?.json;
  if (
    json &&
    typeof json === 'object' &&
    typeof (json as { message?: unknown }).message === 'string'
  ) {
    return (json as { message: string }).message;
  }
  return null;
}

/** The HTTP status the engine answered with, if the call got that far. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

const UNREACHABLE = ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EACCES', 'ETIMEDOUT', 'EPIPE'];

/**
 * The one mapping from a failed Engine API call to a refusal, in the engine's own words (never a
 * stack trace). NOTE: dockerd 20.10 answers several conflicts with odd statuses: "has active
 * endpoints" and "already exists in network" with a 403, "is not connected" and "already exists"
 * with a 500, and a worker relays a manager's NotFound as a 500; the message says what happened.
 */
export function engineRefusal(error: unknown): Refusal {
  if (isRefusal(error)) return error;
  const status = engineStatus(error);
  if (status === undefined) {
    const { code, message } = describeError(error);
    if (code && UNREACHABLE.includes(code)) {
      return new Refusal('unavailable', `The engine is unreachable (${code}).`);
    }
    return new Refusal('failed', message);
  }
  const text = engineText(error) ?? describeError(error).message;
  if (
    /has active endpoints|already exists in network|is not connected to (the )?network/.test(text)
  ) {
    return new Refusal('conflict', text);
  }
  if (/Pool overlaps/i.test(text)) return new Refusal('invalid', text, { subnet: text });
  if (/already using parent interface/i.test(text)) {
    return new Refusal('invalid', text, { parent: text });
  }
  if (status === 404) return new Refusal('not-found', text);
  if (status === 409) return new Refusal('conflict', text);
  if (status === 400 || status === 403) return new Refusal('invalid', text);
  if (/already exists|in use|conflict|active endpoints/i.test(text)) {
    return new Refusal('conflict', text);
  }
  if (status === 503) return new Refusal('unavailable', text);
  if (/code = NotFound|not found/i.test(text)) return new Refusal('not-found', text);
  return new Refusal('failed', text);
}

/** Runs one engine call; a failure comes back as the refusal it means. */
export async function refusing<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw engineRefusal(error);
  }
}
