import type { z } from 'zod';

/**
 * A zod error as one message per field (`ports.0.published` → "…"), the shape every route
 * returns in `fields` and every form shows beside its inputs.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
