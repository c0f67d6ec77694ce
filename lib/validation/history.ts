import { z } from 'zod';

import { closedObject } from './common';

/** An ISO 8601 time with a zone (`2026-12-02T15:04:05Z`, `…+01:00`), as milliseconds. */
export const momentField = z
  .string()
  .trim()
  .refine(
    (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value),
    {
      message: 'Expected an ISO 8601 time with a zone, e.g. 2026-12-02T15:04:05Z.',
    },
  )
  .transform((value) => Date.parse(value))
  .refine((value) => Number.isFinite(value), { message: 'Not a real date.' });

/** `GET /api/topology?at=` */
export const topologyAtQuerySchema = closedObject({ at: momentField });

/** `GET /api/history?from=&to=&limit=` */
export const historyQuerySchema = closedObject({
  from: momentField.optional(),
  to: momentField.optional(),
  limit: z.coerce.number().int().min(1).max(5_000).default(1_000),
  order: z.enum(['oldest', 'newest']).default('oldest'),
}).refine((query) => query.from === undefined || query.to === undefined || query.from <= query.to, {
  message: 'from must not be after to.',
  path: ['from'],
});

/** `GET /api/history/range?buckets=` */
export const historyRangeQuerySchema = closedObject({
  buckets: z.coerce.number().int().min(1).max(1_000).optional(),
});

/** `GET /api/history/compare?from=&to=`: `to` defaults to now (the live map). */
export const historyCompareQuerySchema = closedObject({
  from: momentField,
  to: momentField.optional(),
});

/** `GET /api/history/deploy?service=`: a service's id or name. */
export const historyDeployQuerySchema = closedObject({
  service: z.string().trim().min(1).max(255),
});

/** `GET /api/snapshot?at=&minutes=`: `at` absent is now; events from `minutes` before to after it. */
export const snapshotQuerySchema = closedObject({
  at: momentField.optional(),
  minutes: z.coerce.number().int().min(0).max(1_440).default(10),
});
