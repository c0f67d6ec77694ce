import { describeError } from './errors';

/** An engine error as the HTTP answer a route gives: the engine's own words, no stack trace. */
export interface HttpFailure {
  status: number;
  error: string;
}

function engineMessage(error: unknown): string | null {
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

/**
 * Maps a failed Engine API call to a status: 404 and 409 pass through with the engine's message;
 * an unreachable engine is 503; the engine refusing the request is 400; anything else 502.
 */
export function toHttpFailure(error: unknown): HttpFailure {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  const message = engineMessage(error);
  if (typeof statusCode === 'number') {
    const text = message ?? describeError(error).message;
    if (statusCode === 404 || statusCode === 409) return { status: statusCode, error: text };
    if (statusCode === 400 || statusCode === 403) return { status: 400, error: text };
    // NOTE: dockerd 20.10 answers some conflicts ("already exists", "in use") with a 500.
    if (/already exists|in use|conflict|active endpoints/i.test(text))
      return { status: 409, error: text };
    if (statusCode === 503) return { status: 503, error: text };
    return { status: 502, error: text };
  }
  const { code, message: text } = describeError(error);
  if (
    code &&
    ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EACCES', 'ETIMEDOUT', 'EPIPE'].includes(code)
  ) {
    return { status: 503, error: `The engine is unreachable (${code}).` };
  }
  return { status: 502, error: text };
}
