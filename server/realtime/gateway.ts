import type { Server as HttpServer } from 'node:http';

import { Server, type DefaultEventsMap } from 'socket.io';

import { isAllowedHost, requestSite } from '@/lib/http/origin-policy';
import type { Role } from '@/lib/http/session';
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

/** What the server keeps about each connection: the role its credential carries. */
interface SocketData {
  role: Role;
}

export type Gateway = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  DefaultEventsMap,
  SocketData
>;
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
    // NOTE: a client that opens the transport but never presents a credential is dropped soon.
    connectTimeout: 10_000,
    // NOTE: cross-site WebSocket hijacking: a browser's handshake must come from our own pages
    // (browsers always send Origin on a WebSocket). No Origin at all is a script: it may connect
    // with a token (`auth: { token }` or a bearer header), never with a cookie (socketRole).
    allowRequest: (req, callback) => {
      const host = req.headers.host;
      const site = requestSite(
        {
          host,
          origin: req.headers.origin,
          'sec-fetch-site': req.headers['sec-fetch-site'] as string | undefined,
        },
        access.httpsHosts,
      );
      if (!isAllowedHost(host, allowedHosts) || (site !== 'same-origin' && site !== 'unknown')) {
        logger.info('socket refused', { reason: 'origin', origin: req.headers.origin ?? null });
        callback('origin not allowed', false);
        return;
      }
      // NOTE: a wrong bearer token or an expired cookie is refused here; a token may still come
      // with the socket.io handshake itself, checked below.
      const carries = req.headers.authorization !== undefined || req.headers.cookie !== undefined;
      const allowed = !carries || access.authenticate(req) !== null || site === 'unknown';
      callback(allowed ? null : 'token required', allowed);
    },
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const role = access.socketRole(socket.request, auth?.token);
    if (!role) {
      logger.info('socket refused', { reason: 'token', script: !socket.request.headers.origin });
      next(new Error('token required'));
      return;
    }
    socket.data.role = role;
    next();
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
    logger.debug('client connected', { socket: socket.id, role: socket.data.role });
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
