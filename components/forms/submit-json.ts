'use client';

/** The outcome of an API call, as a form needs it: data, or an error with messages per field. */
export type SubmitResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; fields: Record<string, string> };

/** Sends JSON to the dashboard's API (same origin: the session cookie goes along). */
export async function submitJson<T>(
  method: 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<SubmitResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: 'The Portolan server did not answer.', fields: {} };
  }
  const payload = (await response.json().catch(() => ({}))) as {
    error?: string;
    fields?: Record<string, string>;
  };
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  return {
    ok: false,
    status: response.status,
    error: payload.error ?? `The server answered ${response.status}.`,
    fields: payload.fields ?? {},
  };
}
