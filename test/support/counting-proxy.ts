import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REQUEST_LINE = /(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

/** One request seen by a counting proxy. */
export interface ProxiedRequest {
  method: string;
  path: string;
  at: number;
}

/** A request other than the keepalive ping and the event stream itself. */
export const isRead = (request: ProxiedRequest) => !/\/_ping|\/events/.test(request.path);

/**
 * A unix-socket proxy in front of an engine socket that records every HTTP request passing
 * through it, to count what the server asks the engine for.
 */
export async function startCountingProxy(targetSocket: string) {
  const socketPath = path.join(
    os.tmpdir(),
    `portolan-proxy-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.sock`,
  );
  const requests: ProxiedRequest[] = [];
  const connections = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetSocket);
    connections.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(REQUEST_LINE)) {
        requests.push({ method: match[1] ?? '', path: match[2] ?? '', at: Date.now() });
      }
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      connections.delete(client);
      connections.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    requests,
    /** Requests other than the keepalive ping and the event stream itself. */
    reads(since = 0) {
      return requests.filter((request) => request.at >= since && isRead(request));
    },
    async close() {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(socketPath, { force: true });
    },
  };
}
