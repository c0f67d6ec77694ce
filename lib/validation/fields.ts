import type { z } from 'zod';

/**
 * A zod error as one message per field (`ports.0.published` → "…"), the shape every route
 * returns in `fields` and every form shows beside its inputs. Unknown fields are named one by one
 * (`{"privileged": "Unknown field: privileged"}`), a bad map key (label, option) gets its own
 * reason, and problems with the body as a whole go under `_`.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...path, key].join('.')] ??= `Unknown field: ${key}`;
      continue;
    }
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    fields[path.length > 0 ? path.join('.') : '_'] ??= message;
  }
  return fields;
}
