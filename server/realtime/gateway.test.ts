import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';
import { emptyTopology } from '@/lib/topology/types';

import { createLogger } from '../logger';
import { createAccessControl } from '../security/access';
import type { TopologyHub, TopologyHubListeners } from '../topology/topology-hub';
import { attachGateway } from './gateway';

/**
 * A browser on a slow link: its socket stops reading while the server keeps producing. The
 * server must not queue without bound; once the link drains, the client gets one fresh snapshot.
 */
const tokens = {
  operator: 'operator-token-0123456789',
  viewer: 'viewer-token-0123456789',
  created: [],
  operatorCreated: false,
};
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fakeHub() {
  const listeners = new Set<TopologyHubListeners>();
  const hub = {
    snapshot: () => emptyTopology(7),
    health: () => [],
    subscribe(listener: TopologyHubListeners) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as TopologyHub;
  return { hub, emit: (event: DockerEvent) => listeners.forEach((l) => l.onEvent?.(event)) };
}

describe('gateway backpressure', () => {
  it('stops queueing for a client that does not read, then sends it one snapshot', async () => {
    const { hub, emit } = fakeHub();
    const lines: string[] = [];
    const logger = createLogger('warn', {}, (line) => lines.push(line));
    const server = http.createServer();
    const io = attachGateway(server, {
      hub,
      events: { record: () => undefined, recent: () => [] },
      access: createAccessControl(tokens, { readonly: false }),
      allowedHosts: new Set(['127.0.0.1']),
      logger,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => void io.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const client: Socket<ServerToClientEvents, ClientToServerEvents> = connectClient(url, {
      transports: ['websocket'],
      extraHeaders: { origin: url, authorization: `Bearer ${tokens.viewer}` },
      reconnection: false,
    });
    cleanups.push(() => void client.close());
    let snapshots = 0;
    let events = 0;
    client.on('topology:snapshot', () => (snapshots += 1));
    client.on('docker:event', () => (events += 1));
    await new Promise<void>((resolve) => client.once('topology:snapshot', () => resolve()));

    // The browser's side of the connection stops reading: the kernel buffers fill up.
    const raw = (
      client.io.engine.transport as unknown as {
        ws: { _socket: { pause(): void; resume(): void } };
      }
    ).ws._socket;
    raw.pause();
    const serverSocket = [...io.sockets.sockets.values()][0];
    const backlog = () =>
      (serverSocket?.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
    const big = 'x'.repeat(16 * 1024);
    let maxBacklog = 0;
    for (let i = 0; i < 2_000; i++) {
      emit({
        engine: 'e',
        type: 'container',
        action: 'start',
        id: String(i),
        name: big,
        attributes: {},
        time: 1,
        timeNano: i,
      });
      maxBacklog = Math.max(maxBacklog, backlog());
      if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(lines.some((line) => line.includes('client fell behind'))).toBe(true);
    // Bounded: a few hundred packets at most, not the 2,000 × 16 KB produced.
    expect(maxBacklog).toBeLessThan(400);

    raw.resume();
    for (let i = 0; i < 200 && snapshots < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(snapshots).toBe(2);
    expect(events).toBeLessThan(2_000);
  });
});
