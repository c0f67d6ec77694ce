import type { z } from 'zod';

import { invalid, Refusal } from '@/lib/refusal';
import { fieldErrors } from '@/lib/validation/fields';

import { readJsonBody } from './body';
import type { ApiRequest } from './route';

/**
 * Reads the JSON body and validates it with the route's shared schema; bad input is refused with
 * one message per field (`summary` is the refusal's sentence, else the first field's message).
 * With `optional`, a request without a body validates `{}`.
 */
export async function parseBody<S extends z.ZodType>(
  { req }: ApiRequest,
  schema: S,
  options: { optional?: boolean; summary?: string } = {},
): Promise<z.output<S>> {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 ||
    req.headers['transfer-encoding'] !== undefined;
  let raw: unknown = {};
  if (hasBody || !options.optional) {
    const body = await readJsonBody(req);
    if (!body.ok) {
      throw options.summary === undefined
        ? new Refusal('invalid', body.error, { _: body.error })
        : new Refusal('invalid', body.error);
    }
    raw = body.value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error), options.summary);
  return parsed.data;
}

/** Validates the query string with the route's schema (the last value of a repeated key wins). */
export function parseQuery<S extends z.ZodType>(query: URLSearchParams, schema: S): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw invalid(fieldErrors(parsed.error), 'Invalid query.');
  return parsed.data;
}
