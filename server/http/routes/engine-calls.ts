import type Docker from 'dockerode';
import type { z } from 'zod';

import { fieldErrors } from '@/lib/validation/fields';

import { withTimeout } from '../../docker/client';
import { toHttpFailure } from '../../docker/engine-errors';
import { readJsonBody } from '../body';
import { sendError } from '../json';
import type { ApiRequest, RouteContext, RouteEngine } from '../route';

/**
 * Helpers the workload routes (services, containers, swarm) share: body validation, engine
 * choice, raw Engine API calls with the query and the body kept apart, and error answers.
 */

export const ENGINE_CALL_MS = 30_000;

/**
 * Reads and validates the JSON body; on failure answers 400 (with `fields` for schema errors)
 * and returns null. With `optional`, a request without a body validates `{}`.
 */
export async function readValidBody<S extends z.ZodType>(
  { req, res }: ApiRequest,
  schema: S,
  options: { optional?: boolean } = {},
): Promise<z.output<S> | null> {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  let raw: unknown = {};
  if (hasBody || !options.optional) {
    const body = await readJsonBody(req);
    if (!body.ok) {
      sendError(res, 400, body.error);
      return null;
    }
    raw = body.value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    sendError(res, 400, 'Some fields are not valid.', fieldErrors(parsed.error));
    return null;
  }
  return parsed.data;
}

/** Answers a failed engine call with its status and the engine's own message. */
export function sendEngineFailure(res: ApiRequest['res'], error: unknown): void {
  const failure = toHttpFailure(error);
  sendError(res, failure.status, failure.error);
}

/** The engine's message for a failed call, or the error's own. */
export function engineMessage(error: unknown): string {
  return toHttpFailure(error).error;
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * One Engine API call with the query string and the JSON body given apart.
 * NOTE: dockerode's own create/update helpers copy the whole options object into the query
 * string too, which would put environment values into request URLs.
 */
export function dial<T>(
  docker: Docker,
  call: {
    method: 'GET' | 'POST' | 'DELETE';
    path: string;
    query?: Record<string, string | number | boolean>;
    body?: unknown;
    ok: number[];
    /** Default ENGINE_CALL_MS. */
    timeoutMs?: number;
  },
): Promise<T> {
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
  return withTimeout(promise, call.timeoutMs ?? ENGINE_CALL_MS, `${call.method} ${call.path}`);
}

/** The configured engine with this name. */
export function engineNamed(context: RouteContext, name: string): RouteEngine | undefined {
  return context.engines.find((engine) => engine.name === name);
}

export type EngineChoice =
  { ok: true; engine: RouteEngine } | { ok: false; status: number; error: string };

/**
 * A live swarm manager to send service requests to: 503 when the swarm's managers are all
 * unreachable, 409 when no engine is in swarm mode (initialize a swarm first).
 */
export function chooseManager(context: RouteContext): EngineChoice {
  const engines = Object.values(context.hub.snapshot().engines);
  const managers = engines.filter(
    (engine) => engine.swarm?.state === 'active' && engine.swarm.manager,
  );
  for (const manager of managers.filter((engine) => engine.reachable)) {
    const engine = engineNamed(context, manager.name);
    if (engine) return { ok: true, engine };
  }
  if (managers.length > 0) {
    return {
      ok: false,
      status: 503,
      error: `No swarm manager is reachable (${managers.map((engine) => engine.name).join(', ')}).`,
    };
  }
  if (engines.length > 0 && engines.every((engine) => !engine.reachable)) {
    return { ok: false, status: 503, error: 'No engine is reachable.' };
  }
  return {
    ok: false,
    status: 409,
    error:
      'No engine Portolan is connected to manages a swarm: initialize one (POST /api/swarm/init) or connect a manager.',
  };
}

/** Retries `attempt` while the engine answers "update out of sequence" (a concurrent change). */
export const OUT_OF_SEQUENCE = /update out of sequence/i;
export const VERSION_RETRIES = 5;

export class OutOfSequenceError extends Error {
  constructor(what: string) {
    super(`${what} kept changing while Portolan updated it (${VERSION_RETRIES} tries); try again.`);
  }
}

/**
 * Runs `attempt` (which must re-read the object's version) until it stops failing with "update
 * out of sequence"; after VERSION_RETRIES tries throws OutOfSequenceError (answered 409).
 */
export async function withVersionRetry<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!OUT_OF_SEQUENCE.test(engineMessage(error))) throw error;
      if (tries >= VERSION_RETRIES) throw new OutOfSequenceError(what);
    }
  }
}
