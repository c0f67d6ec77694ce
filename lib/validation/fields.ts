import type { z } from 'zod';

/**
 * A zod error as one message per field (`ports.0.published` → "…"), the shape every route
 * returns in `fields` and every form shows beside its inputs. Unknown fields are named one by one
 * (`{"privileged": "Unknown field: privileged"}`), a bad map key (label, option) gets its own
 * reason, and problems with the body as a whole go under `_`.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  // NOTE: a Map, not an object literal: a field named `constructor` or `__proto__` would find the
  // prototype's member and its message would be lost (or the prototype changed).
  const fields = new Map<string, string>();
  const add = (field: string, message: string) => {
    if (!fields.has(field)) fields.set(field, message);
  };
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...path, key].join('.'), `Unknown field: ${key}`);
      continue;
    }
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    add(path.length > 0 ? path.join('.') : '_', message);
  }
  // NOTE: fromEntries defines own properties, so `__proto__` stays an ordinary key.
  return Object.fromEntries(fields);
}
