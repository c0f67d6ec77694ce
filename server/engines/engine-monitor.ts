import type Docker from 'dockerode';

import type { EngineHealth } from '@/lib/engines/health';

import { createBackoff } from '../backoff';
import { withTimeout } from '../docker/client';
import type { Logger } from '../logger';
import { probeEngine, unreachable } from './probe';

export interface EngineMonitor {
  readonly name: string;
  status(): EngineHealth;
  /** Re-reads the engine's identity now (e.g. after a swarm or node event). */
  refresh(): Promise<EngineHealth>;
  onChange(listener: (health: EngineHealth) => void): () => void;
  start(): void;
  stop(): void;
}

interface Options {
  name: string;
  address: string;
  docker: Docker;
  logger: Logger;
  /** While reachable, a cheap `_ping` this often notices an engine that went away. */
  keepaliveMs?: number;
}

/**
 * Watches one engine's reachability. Reachable: a `_ping` every few seconds, nothing more.
 * Unreachable: retries with exponential backoff and says when it will try next; it never throws.
 */
export function createEngineMonitor({
  name,
  address,
  docker,
  logger,
  keepaliveMs = 5_000,
}: Options): EngineMonitor {
  const backoff = createBackoff({ minMs: 500, maxMs: 10_000 });
  const listeners = new Set<(health: EngineHealth) => void>();
  let current: EngineHealth = unreachable(name, address, new Error('not checked yet'));
  current = { ...current, error: 'Connecting…' };
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const publish = (next: EngineHealth) => {
    const changed =
      JSON.stringify({ ...current, checkedAt: 0 }) !== JSON.stringify({ ...next, checkedAt: 0 });
    if (next.reachable !== current.reachable) {
      if (next.reachable) logger.info('engine reachable', { engine: name, version: next.version });
      else logger.warn('engine unreachable', { engine: name, address, reason: next.error });
    }
    current = next;
    if (changed) for (const listener of listeners) listener(current);
  };

  const schedule = (delayMs: number, step: () => Promise<void>) => {
    clearTimeout(timer);
    if (!running) return;
    timer = setTimeout(() => void step(), delayMs);
  };

  const probe = async (): Promise<void> => {
    const health = await probeEngine(name, address, docker);
    if (!running) return;
    if (health.reachable) {
      backoff.reset();
      publish(health);
      schedule(keepaliveMs, keepalive);
    } else {
      const delay = backoff.next();
      publish({ ...health, retry: { attempt: backoff.attempt, nextInMs: delay } });
      schedule(delay, probe);
    }
  };

  const keepalive = async (): Promise<void> => {
    try {
      await withTimeout(docker.ping(), 5_000, 'GET /_ping');
      schedule(keepaliveMs, keepalive);
    } catch {
      await probe();
    }
  };

  return {
    name,
    status: () => current,
    async refresh() {
      clearTimeout(timer);
      await probe();
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      void probe();
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
  };
}
