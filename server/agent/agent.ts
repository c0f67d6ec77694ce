import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';

import { agentDecision, type AgentTarget } from '@/lib/agent/allow-list';

import type { Logger } from '../logger';
import type { AgentTraffic } from './traffic';

/**
 * `portolan agent`: its own node's Engine API, over mutual TLS, through an allow-list.
 * NOTE: a pure pass-through: bodies and streams are piped with back-pressure, never buffered,
 * and connections are capped, so memory stays bounded whatever the dashboard asks; a dashboard
 * that goes away only closes its own connections.
 */
export interface AgentOptions {
  socketPath: string;
  tls: { ca: Buffer; cert: Buffer; key: Buffer };
  /** The client certificate's common name the agent accepts (the dashboard's, from `certs`). */
  clientName: string;
  logger: Logger;
  maxConnections?: number;
  /** The node's traffic sampling (`GET /portolan/traffic`); absent: that path answers 404. */
  traffic?: AgentTraffic;
}

export const AGENT_CLIENT_NAME = 'portolan-dashboard';
// NOTE: each dashboard holds its event stream and reads up to ~20 objects at once (more during a
// burst of events); two replicas and a reconnect's full reads came near 64 on the lab. A TLS
// connection costs tens of KB, so this stays well inside the agent's 128 MB.
const MAX_CONNECTIONS = 256;
const DROP_LOG_MS = 10_000;

type Verdict = { ok: true; target: AgentTarget } | { ok: false; status: 401 | 403; reason: string };

function peerName(socket: TLSSocket): string | null {
  const subject = socket.getPeerCertificate()?.subject as { CN?: string | string[] } | undefined;
  const name = subject?.CN;
  return typeof name === 'string' ? name : null;
}

function judge(req: http.IncomingMessage, clientName: string): Verdict {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized || peerName(socket) !== clientName) {
    return { ok: false, status: 401, reason: 'not the dashboard: client certificate refused' };
  }
  const decision = agentDecision(req.method ?? '', req.url ?? '');
  return decision.allowed
    ? { ok: true, target: decision.target }
    : { ok: false, status: 403, reason: decision.reason };
}

/** Request headers for the engine: the client's, minus hop-by-hop ones it must not see. */
function forwardHeaders(req: http.IncomingMessage): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { ...req.headers, host: 'docker' };
  if (!req.headers.upgrade) delete headers.connection;
  return headers;
}

export function createAgentServer(options: AgentOptions): https.Server {
  const { logger, socketPath, clientName } = options;
  const refuse = (req: http.IncomingMessage, verdict: Extract<Verdict, { ok: false }>) =>
    logger.warn('refused', {
      remote: req.socket.remoteAddress,
      method: req.method,
      path: req.url?.split('?')[0],
      status: verdict.status,
      reason: verdict.reason,
    });

  const server = https.createServer(
    {
      ca: options.tls.ca,
      cert: options.tls.cert,
      key: options.tls.key,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      const verdict = judge(req, clientName);
      if (!verdict.ok) {
        refuse(req, verdict);
        res.writeHead(verdict.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: verdict.reason }));
        return;
      }
      if (verdict.target === 'traffic') {
        if (options.traffic) return options.traffic.serve(req, res);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'this agent does not sample traffic' }));
        return;
      }
      const upstream = http.request(
        { socketPath, method: req.method, path: req.url, headers: forwardHeaders(req) },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          // NOTE: Node holds the headers until the first body byte; the engine sends `/events`'
          // headers at once and then nothing until something happens, and the dashboard waits
          // for those headers to call the stream open. Send them on as the engine did.
          res.flushHeaders();
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        logger.warn('engine call failed', {
          method: req.method,
          path: req.url?.split('?')[0],
          error,
        });
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `the engine did not answer: ${error.message}` }));
        } else res.destroy();
      });
      // NOTE: the dashboard went away (or reconnects): end the engine call too, e.g. /events.
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    },
  );
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  // A connection refused for the cap is said, at most once per DROP_LOG_MS (a flood stays short).
  let droppedAt = -Infinity;
  let dropped = 0;
  server.on('drop', () => {
    dropped += 1;
    if (Date.now() - droppedAt < DROP_LOG_MS) return;
    logger.warn('connections dropped: too many open', { max: server.maxConnections, dropped });
    droppedAt = Date.now();
    dropped = 0;
  });
  // NOTE: /events and exec streams are long-lived; only the headers must come quickly.
  server.requestTimeout = 0;
  server.headersTimeout = 10_000;
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket) => {
    // NOTE: a connection closed before any TLS hello (a port check, the health check) asked nothing.
    const log = error.code === 'ECONNRESET' ? logger.debug : logger.warn;
    log('refused', { remote: socket.remoteAddress, reason: `TLS: ${error.message}` });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) =>
    upgrade(req, socket, head, options, refuse),
  );
  return server;
}

/** `POST /exec/{id}/start` with hijack: the engine answers 101 and the socket becomes raw. */
function upgrade(
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: AgentOptions,
  refuse: (req: http.IncomingMessage, verdict: Extract<Verdict, { ok: false }>) => void,
) {
  const judged = judge(req, options.clientName);
  // NOTE: only Engine API calls are upgraded (exec streams); the agent's own paths never are.
  const verdict: Verdict =
    judged.ok && judged.target !== 'engine'
      ? { ok: false, status: 403, reason: 'not an upgradable path' }
      : judged;
  if (!verdict.ok) {
    refuse(req, verdict);
    const body = JSON.stringify({ message: verdict.reason });
    socket.end(
      `HTTP/1.1 ${verdict.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    return;
  }
  const engine = net.connect(options.socketPath);
  const lines = [`${req.method} ${req.url} HTTP/1.1`];
  const headers = forwardHeaders(req);
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined) lines.push(`${name}: ${String(one)}`);
    }
  }
  engine.write(`${lines.join('\r\n')}\r\n\r\n`);
  if (head.length > 0) engine.write(head);
  engine.pipe(socket).pipe(engine);
  const close = () => {
    engine.destroy();
    socket.destroy();
  };
  engine.on('error', close);
  socket.on('error', close);
  engine.on('close', close);
  socket.on('close', close);
}
