import type { Route, RouteContext } from './route';
import { eventRoutes } from './routes/events';

/**
 * The route modules the server mounts besides its core routes (health, topology, session).
 * NOTE: one list, so the server and the integration tests mount exactly the same API.
 */
export const apiModules: readonly ((context: RouteContext) => Route[])[] = [eventRoutes];
