'use client';

import { io, type Socket } from 'socket.io-client';

import {
  SOCKET_PATH,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@/lib/realtime/protocol';

export type PortolanSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: PortolanSocket | null = null;

/**
 * One socket per tab, created on first use.
 * NOTE: a module singleton, not component state, so React Strict Mode's double mount does not
 * open two connections.
 */
export function getSocket(): PortolanSocket {
  socket ??= io({ path: SOCKET_PATH, transports: ['websocket'], reconnectionDelayMax: 5_000 });
  return socket;
}
