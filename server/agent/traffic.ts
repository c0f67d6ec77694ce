import fs from 'node:fs';
import type http from 'node:http';

import {
  agentTrafficInterval,
  encodeSocket,
  type AgentContainerTables,
  type AgentTrafficReading,
} from '@/lib/traffic/agent-wire';

import type { Logger } from '../logger';
import { createNamespaceReader } from '../traffic/netns-reader';
import { createEngineContainers, type EngineContainer } from './engine-containers';

export interface AgentTrafficOptions {
  /** This node's engine (unix socket). */
  socketPath: string;
  /** The host's /proc as the agent sees it (bind-mounted read-only, e.g. at /host/proc). */
  procRoot: string;
  logger: Logger;
}

interface Subscriber {
  intervalMs: number;
  send: (reading: AgentTrafficReading) => void;
}

/** Containers with a network namespace of their own (host, none and shared ones are someone else's). */
const ownNamespace = (container: EngineContainer) =>
  container.networkMode !== 'host' &&
  container.networkMode !== 'none' &&
  !container.networkMode.startsWith('container:');

/**
 * The agent's traffic sampling: while at least one dashboard streams `GET /portolan/traffic`, it
 * reads `<procRoot>/<pid>/net/*` of each running container of its OWN engine (pids from that
 * engine's inspect, each proven the container's by its cgroup) at the shortest interval asked,
 * and sends every dashboard each reading. Nobody streaming: nothing is followed or read.
 * Needs no privilege beyond the host's /proc mounted: `/proc/<pid>/net/*` and `cgroup` are
 * world-readable (the namespace's inode, `ns/net`, is not, so namespaces are keyed by pid).
 */
export function createAgentTraffic({ socketPath, procRoot, logger }: AgentTrafficOptions) {
  const log = logger.child({ component: 'traffic' });
  const engine = createEngineContainers(socketPath, log);
  const reader = createNamespaceReader(procRoot);
  const subscribers = new Set<Subscriber>();
  /** `<container id>:<pid>` → whether that process is the container's (pids are reused). */
  const owned = new Map<string, boolean>();
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<void> | null = null;

  function isOwnedBy({ id, pid }: EngineContainer): boolean {
    const key = `${id}:${pid}`;
    let mine = owned.get(key);
    if (mine === undefined) {
      try {
        mine = fs.readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8').includes(id);
      } catch {
        mine = false;
      }
      if (owned.size > 10_000) owned.clear();
      owned.set(key, mine);
    }
    return mine;
  }

  function sample(): AgentTrafficReading {
    const containers: AgentContainerTables[] = [];
    const seen = new Set<number>();
    for (const container of engine.current()) {
      if (!ownNamespace(container) || !isOwnedBy(container)) continue;
      // NOTE: keyed by pid: a container of its own namespace is the only one reading it here.
      const tables = reader.read(container.pid, container.pid);
      if (!tables) continue;
      seen.add(container.pid);
      containers.push({
        id: container.id,
        sockets: tables.sockets.map(encodeSocket),
        interfaces: tables.interfaces,
        routes: tables.routes,
      });
    }
    reader.sweep(seen);
    return { at: Date.now(), node: engine.hostname(), containers };
  }

  const interval = () => Math.min(...[...subscribers].map((s) => s.intervalMs));

  function tick() {
    timer = undefined;
    if (subscribers.size === 0) return;
    const reading = sample();
    for (const subscriber of subscribers) subscriber.send(reading);
    timer = setTimeout(tick, interval());
  }

  function idle() {
    clearTimeout(timer);
    timer = undefined;
    engine.stop();
    reader.close();
    owned.clear();
    log.info('traffic sampling stopped: no dashboard streams it');
  }

  function subscribe(subscriber: Subscriber): () => void {
    subscribers.add(subscriber);
    if (subscribers.size === 1) {
      log.info('traffic sampling started', { intervalMs: subscriber.intervalMs, procRoot });
      starting = engine.start().finally(() => {
        starting = null;
        if (subscribers.size > 0 && timer === undefined) tick();
      });
    } else if (!starting) {
      // NOTE: a shorter interval takes effect at once.
      clearTimeout(timer);
      tick();
    }
    return () => {
      if (subscribers.delete(subscriber) && subscribers.size === 0) idle();
    };
  }

  return {
    subscribe,
    /** `GET /portolan/traffic?interval=<ms>`: one JSON reading a line until the dashboard goes. */
    serve(req: http.IncomingMessage, res: http.ServerResponse) {
      const asked = agentTrafficInterval(req.url ?? '');
      if (!asked.ok) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: asked.error }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      res.flushHeaders();
      let dropped = 0;
      const unsubscribe = subscribe({
        intervalMs: asked.value,
        send(reading) {
          // NOTE: a dashboard that does not keep up misses readings; none is queued for it.
          if (res.writableNeedDrain) {
            dropped += 1;
            return;
          }
          res.write(`${JSON.stringify(reading)}\n`);
        },
      });
      log.info('traffic stream opened', {
        remote: req.socket.remoteAddress,
        intervalMs: asked.value,
      });
      res.on('close', () => {
        unsubscribe();
        log.info('traffic stream closed', { remote: req.socket.remoteAddress, dropped });
      });
    },
    stop() {
      subscribers.clear();
      idle();
    },
    status: () => ({ subscribers: subscribers.size, containers: engine.current().length }),
  };
}

export type AgentTraffic = ReturnType<typeof createAgentTraffic>;
