import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

import { io as connectClient, type Socket } from 'socket.io-client';

import type { EngineSpec } from '@/lib/config/engine-address';
import type { DockerEvent } from '@/lib/docker/events';
import type { EngineHealth } from '@/lib/engines/health';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';
import { applyPatch, type TopologyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';
import type { Liveness } from '@/server/config';
import { createLiveCore, type LiveCore } from '@/server/core';
import type { EngineReader } from '@/server/docker/engine-reader';
import { createLogger } from '@/server/logger';
import { createHttpStack } from '@/server/http/http-stack';
import { attachGateway, type Gateway } from '@/server/realtime/gateway';
import type { TrafficSampler } from '@/server/traffic/sampler';
import { createAccessControl } from '@/server/security/access';
import { createAuditLog, type AuditLog } from '@/server/security/audit-log';
import { createRateLimiter } from '@/server/security/rate-limit';
import type { EngineSession } from '@/server/topology/engine-session';
import type { TopologyHub } from '@/server/topology/topology-hub';

import { freshTopology } from './fresh-topology';
import { waitFor } from './lab-engines';

const NO_TLS = { verify: false, certPath: '/nonexistent' };

/** Tokens the harness's server accepts (tests only). */
export const TEST_TOKENS = {
  operator: 'test-operator-token-0123456789',
  viewer: 'test-viewer-token-0123456789',
  created: [],
  operatorCreated: false,
};

/** What one socket.io client saw: its model, and every version step, to check for gaps. */
export class RecordingClient {
  topology: Topology | null = null;
  health: EngineHealth[] = [];
  readonly steps: { kind: 'snapshot' | 'patch'; from: number | null; to: number }[] = [];
  readonly gaps: string[] = [];
  /** `docker:recent` as received on connect, then every live `docker:event`. */
  recent: DockerEvent[] = [];
  readonly events: DockerEvent[] = [];

  constructor(readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.on('topology:snapshot', ({ version, topology }) => {
      this.steps.push({ kind: 'snapshot', from: null, to: version });
      this.topology = topology;
    });
    socket.on('topology:patch', (patch: TopologyPatch) => {
      this.steps.push({ kind: 'patch', from: patch.from, to: patch.to });
      if (!this.topology || this.topology.version !== patch.from) {
        this.gaps.push(
          `held ${this.topology?.version ?? 'nothing'}, got ${patch.from}→${patch.to}`,
        );
        socket.emit('topology:resync');
        return;
      }
      this.topology = applyPatch(this.topology, patch);
    });
    socket.on('engine:status', (health) => {
      this.health = health;
    });
    socket.on('docker:recent', (recent) => {
      this.recent = recent;
    });
    socket.on('docker:event', (event) => {
      this.events.push(event);
    });
  }

  close() {
    this.socket.close();
  }
}

/**
 * Waits until the client sees every engine live. A setup step, not a measure: an engine that the
 * file before restarted can take many seconds to answer a full read (found in CI: 10 s was short).
 */
export async function allEnginesLive(client: RecordingClient, count: number, timeoutMs = 60_000) {
  await waitFor(
    'all engines live',
    () => client.health.filter((engine) => engine.reachable).length === count,
    timeoutMs,
  );
}

export interface LiveHarness {
  hub: TopologyHub;
  traffic: TrafficSampler;
  sessions: EngineSession[];
  readers: Map<string, EngineReader>;
  audit: AuditLog;
  /** Every API route the server mounts. */
  routes: { method: string; pattern: RegExp; signsOut: boolean }[];
  /** The socket.io server, to see what it holds about each connection. */
  gateway: Gateway;
  url: string;
  /** An HTTP call to the harness's API as an operator script would make it (bearer token). */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  connect(): Promise<RecordingClient>;
  /** A topology built from a fresh full read of every engine, as if the server had just started. */
  freshTopology(): Promise<Topology>;
  close(): Promise<void>;
}

/** The real server pieces (sessions, hub, socket.io gateway) on an ephemeral port, without Next. */
export async function startLiveHarness(
  specs: EngineSpec[],
  options: {
    readonly?: boolean;
    rateLimit?: boolean;
    /** Record history into this folder (kept by the caller, so a second harness can resume it). */
    history?: { dir: string; maxAgeMs?: number; maxBytes?: number };
    liveness?: Liveness;
    /** A core made by the caller (a snapshot's, server/snapshot-core.ts) instead of the engines'. */
    core?: LiveCore;
  } = {},
): Promise<LiveHarness> {
  const logger = createLogger((process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn', {
    service: 'test',
  });
  const core =
    options.core ??
    createLiveCore(specs, NO_TLS, logger, {
      history: options.history
        ? { maxAgeMs: 86_400_000, maxBytes: 64 * 1024 * 1024, ...options.history }
        : null,
      liveness: options.liveness,
    });
  const { engines, hub, sessions, events } = core;
  const access = createAccessControl(TEST_TOKENS, { readonly: options.readonly ?? false });
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-harness-'));
  const audit = createAuditLog(stateDir);
  const unlimited = () => createRateLimiter({ burst: 1e9, perSecond: 1e9 });
  const { handler, routes } = createHttpStack({
    core,
    access,
    audit,
    allowedHosts: new Set(['127.0.0.1']),
    logger,
    development: false,
    handlePage: (_req, res) => void res.writeHead(404).end(),
    ...(options.rateLimit === false ? { limits: { changes: unlimited() } } : {}),
  });
  const httpServer = http.createServer(handler);
  const io = attachGateway(httpServer, {
    hub,
    events,
    traffic: core.traffic,
    access,
    allowedHosts: new Set(['127.0.0.1']),
    logger,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  core.start();
  const clients: RecordingClient[] = [];

  return {
    hub,
    traffic: core.traffic,
    sessions,
    readers: new Map(engines.map((engine) => [engine.name, engine.reader])),
    audit,
    routes,
    gateway: io,
    url,
    api(path, init = {}) {
      const { json, headers, ...rest } = init;
      return fetch(`${url}${path}`, {
        ...rest,
        headers: {
          authorization: `Bearer ${TEST_TOKENS.operator}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
          ...(headers as Record<string, string> | undefined),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
    async connect() {
      const socket = connectClient(url, {
        transports: ['websocket'],
        extraHeaders: { origin: url, authorization: `Bearer ${TEST_TOKENS.viewer}` },
        reconnection: false,
      }) as Socket<ServerToClientEvents, ClientToServerEvents>;
      const client = new RecordingClient(socket);
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        socket.once('topology:snapshot', () => resolve());
        socket.once('connect_error', reject);
      });
      return client;
    },
    freshTopology() {
      return freshTopology(engines);
    },
    async close() {
      for (const client of clients) client.close();
      await core.stop();
      await audit.flush();
      audit.stop();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** A topology without its version, for comparing what was streamed with what was read fresh. */
export function withoutVersion(topology: Topology | null): Omit<Topology, 'version'> | null {
  if (!topology) return null;
  const { version: _version, ...rest } = topology;
  return rest;
}
