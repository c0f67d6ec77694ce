import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SnapshotLabel } from '@/lib/history/snapshot';

import type { LiveCore } from '../core';
import type { Logger } from '../logger';
import type { AccessControl } from '../security/access';
import type { AuditLog } from '../security/audit-log';
import type { RateLimiter } from '../security/rate-limit';
import { apiModules } from './api-modules';
import { createApiRouter } from './api-router';
import { createFrontDoor } from './front-door';

export interface HttpStackOptions {
  core: Pick<LiveCore, 'hub' | 'events' | 'engines' | 'traffic'> & {
    history?: LiveCore['history'];
    /** The snapshot file shown instead of engines (`--snapshot FILE`). */
    snapshot?: SnapshotLabel | null;
  };
  access: AccessControl;
  audit: AuditLog;
  allowedHosts: Set<string>;
  logger: Logger;
  development: boolean;
  handlePage(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  /** Limits to use instead of the defaults (tests that make many changes). */
  limits?: { changes?: RateLimiter; refusals?: RateLimiter; guesses?: RateLimiter };
}

/**
 * The HTTP side of the server, composed once for the real server and the integration harness:
 * the front door (headers, Host, login, tokens) in front of the API router and the pages.
 */
export function createHttpStack({
  core,
  access,
  audit,
  allowedHosts,
  logger,
  development,
  handlePage,
  limits = {},
}: HttpStackOptions) {
  const handleApi = createApiRouter(
    {
      hub: core.hub,
      events: core.events,
      history: core.history ?? null,
      snapshot: core.snapshot ?? null,
      traffic: core.traffic,
      access,
      engines: core.engines,
      logger,
    },
    apiModules,
    {
      audit,
      ...(limits.changes ? { limiter: limits.changes } : {}),
      ...(limits.refusals ? { refusalLimiter: limits.refusals } : {}),
    },
  );
  const handler = createFrontDoor({
    allowedHosts,
    access,
    logger,
    development,
    ...(limits.guesses ? { guesses: limits.guesses } : {}),
    handleApi,
    handlePage,
  });
  return { handler, routes: handleApi.routes };
}
