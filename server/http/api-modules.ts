import type { Route, RouteContext } from './route';
import { containerRoutes } from './routes/containers';
import { discoveryRoutes } from './routes/discovery';
import { eventRoutes } from './routes/events';
import { historyRoutes } from './routes/history';
import { historyCompareRoutes } from './routes/history-compare';
import { snapshotRoutes } from './routes/snapshot';
import { networkRoutes } from './routes/networks';
import { serviceRoutes } from './routes/services';
import { swarmRoutes } from './routes/swarm';
import { trafficRoutes } from './routes/traffic';

/**
 * The route modules the server mounts besides its core routes (health, topology, session).
 * NOTE: one list, so the server and the integration tests mount exactly the same API.
 */
export const apiModules: readonly ((context: RouteContext) => Route[])[] = [
  eventRoutes,
  networkRoutes,
  serviceRoutes,
  containerRoutes,
  swarmRoutes,
  discoveryRoutes,
  historyRoutes,
  historyCompareRoutes,
  snapshotRoutes,
  trafficRoutes,
];
