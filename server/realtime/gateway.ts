import type { Server as HttpServer } from 'node:http';

import { Server } from 'socket.io';

import { isAllowedHost, isSameOrigin } from '@/lib/http/origin-policy';
import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@/lib/realtime/protocol';

import type { EventLog } from '../events/event-log';
import type { Logger } from '../logger';
import type { AccessControl } from '../security/access';
import type { TopologyHub } from '../topology/topology-hub';
import type { TrafficSampler } from '../traffic/sampler';

export type Gateway = Server<ClientToServerEvents, ServerToClientEvents>;
type Socket = Parameters<Parameters<Gateway['on']>[1]>[0];

/** Unsent packets a client may have queued before it is treated as fallen behind. */
const MAX_BACKLOG = 256;

interface Options {
  hub: TopologyHub;
  events: EventLog;
  /** Traffic samples go only to the clients that ask for them (`traffic:watch`). */
  traffic?: TrafficSampler;
  access: AccessControl;
  allowedHosts: Set<string>;
  logger: Logger;
}

/**
 * socket.io on the same port as the pages, same-origin only. A client gets the engines' status and
 * a topology snapshot on connect, then every patch and event as it happens.
 */
export function attachGateway(
  httpServer: HttpServer,
  { hub, events, traffic, access, allowedHosts, logger }: Options,
) {
  const io: Gateway = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    // NOTE: Next's dev server listens for its own HMR upgrades on the same server.
    destroyUpgrade: false,
    // NOTE: cross-site WebSocket hijacking: the handshake must come from our own pages.
    allowRequest: (req, callback) => {
      const host = req.headers.host;
      if (
        !isAllowedHost(host, allowedHosts) ||
        !isSameOrigin(req.headers.origin, host, access.httpsHosts)
      ) {
        callback('origin not allowed', false);
        return;
      }
      const allowed = access.authenticate(req) !== null;
      callback(allowed ? null : 'token required', allowed);
    },
  });

  const sendSnapshot = (target: { emit: Gateway['emit'] }) => {
    const topology = hub.snapshot();
    target.emit('topology:snapshot', { version: topology.version, topology });
  };

  // NOTE: a client on a slow link must not make the server buffer without bound: past
  // MAX_BACKLOG unsent packets it stops getting patches and events, and once its link drains it
  // gets one fresh snapshot instead of everything it missed.
  const behind = new Set<string>();
  const backlog = (socket: Socket) =>
    (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
  const toEachClient = (send: (socket: Socket) => void) => {
    for (const socket of io.sockets.sockets.values()) {
      if (behind.has(socket.id)) continue;
      if (backlog(socket) > MAX_BACKLOG) {
        behind.add(socket.id);
        logger.warn('client fell behind; it will get a snapshot', { socket: socket.id });
        socket.conn.once('drain', () => {
          behind.delete(socket.id);
          if (socket.connected) sendSnapshot(socket);
        });
        continue;
      }
      send(socket);
    }
  };

  hub.subscribe({
    onPatch: (patch) => toEachClient((socket) => socket.emit('topology:patch', patch)),
    onEvent: (event) => toEachClient((socket) => socket.emit('docker:event', event)),
    onHealth: (health) => io.emit('engine:status', health),
  });

  io.on('connection', (socket) => {
    logger.debug('client connected', { socket: socket.id });
    socket.emit('engine:status', hub.health());
    sendSnapshot(socket);
    socket.emit('docker:recent', events.recent());
    socket.on('engine:refresh', () => socket.emit('engine:status', hub.health()));
    socket.on('topology:resync', () => sendSnapshot(socket));
    // NOTE: samples are volatile: a client that cannot take one now gets the next one instead.
    let unwatch: (() => void) | null = null;
    socket.on('traffic:watch', () => {
      unwatch ??=
        traffic?.watch((sample) => socket.volatile.emit('traffic:sample', sample)) ?? null;
    });
    socket.on('traffic:unwatch', () => {
      unwatch?.();
      unwatch = null;
    });
    socket.on('disconnect', (reason) => {
      unwatch?.();
      behind.delete(socket.id);
      logger.debug('client left', { socket: socket.id, reason });
    });
  });
  return io;
}
