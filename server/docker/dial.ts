import type Docker from 'dockerode';

import { withTimeout } from './client';
import { engineRefusal } from './engine-errors';

export const ENGINE_CALL_MS = 30_000;

export interface EngineCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  /** Statuses that mean success. */
  ok: number[];
  /** Default ENGINE_CALL_MS. */
  timeoutMs?: number;
}

/**
 * One Engine API call with the query string and the JSON body given apart; a failure is thrown as
 * the refusal it means (`engine-errors.ts`).
 * NOTE: dockerode's own create/update helpers copy the whole options object into the query
 * string too, which would put environment values into request URLs.
 */
export async function dial<T>(docker: Docker, call: EngineCall): Promise<T> {
  const statusCodes: Record<number, true> = {};
  for (const code of call.ok) statusCodes[code] = true;
  const promise = new Promise<T>((resolve, reject) => {
    docker.modem.dial(
      {
        path: call.query ? `${call.path}?` : call.path,
        method: call.method,
        statusCodes,
        options: {
          ...(call.query ? { _query: call.query } : {}),
          ...(call.body !== undefined ? { _body: call.body } : {}),
        },
      },
      (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as T)),
    );
  });
  try {
    return await withTimeout(
      promise,
      call.timeoutMs ?? ENGINE_CALL_MS,
      `${call.method} ${call.path}`,
    );
  } catch (error) {
    throw engineRefusal(error);
  }
}

/** `dial`, answering null when the engine says the object does not exist. */
export async function dialOrNull<T>(docker: Docker, call: EngineCall): Promise<T | null> {
  try {
    return await dial<T>(docker, call);
  } catch (error) {
    if (engineRefusal(error).kind === 'not-found') return null;
    throw error;
  }
}

export const ref = (value: string) => encodeURIComponent(value);
