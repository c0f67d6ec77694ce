import type { Server as HttpServer } from 'node:http';

import { Server } from 'socket.io';

import { isAllowedHost, isSameOrigin } from '@/lib/http/origin-policy';
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@/lib/realtime/protocol';

import type { EngineMonitor } from '../engines/engine-monitor';
import type { Logger } from '../logger';

export type Gateway = Server<ClientToServerEvents, ServerToClientEvents>;

interface Options {
  monitors: readonly EngineMonitor[];
  allowedHosts: Set<string>;
  logger: Logger;
}

/** socket.io on the same port as the pages: same-origin only, engine status pushed live. */
export function attachGateway(httpServer: HttpServer, { monitors, allowedHosts, logger }: Options) {
  const io: Gateway = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // NOTE: Next's dev server listens for its own HMR upgrades on the same server.
    destroyUpgrade: false,
    // NOTE: cross-site WebSocket hijacking: the handshake must come from our own pages.
    allowRequest: (req, callback) => {
      const host = req.headers.host;
      const allowed = isAllowedHost(host, allowedHosts) && isSameOrigin(req.headers.origin, host);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });

  const statuses = () => monitors.map((monitor) => monitor.status());
  for (const monitor of monitors) monitor.onChange(() => io.emit('engine:status', statuses()));

  io.on('connection', (socket) => {
    logger.debug('client connected', { socket: socket.id });
    socket.emit('engine:status', statuses());
    socket.on('engine:refresh', () => socket.emit('engine:status', statuses()));
    socket.on('disconnect', (reason) => logger.debug('client left', { socket: socket.id, reason }));
  });
  return io;
}
