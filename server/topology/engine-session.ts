import { isNoiseEvent, normalizeDockerEvent, type DockerEvent } from '@/lib/docker/events';
import { explainEngineError } from '@/lib/engines/health';
import { connectingLink, type EngineLink } from '@/lib/engines/link';
import type { InventoryLists } from '@/lib/topology/inventory';

import { createBackoff } from '../backoff';
import type { EngineReader } from '../docker/engine-reader';
import type { EventStream, EventStreamHandlers } from '../docker/event-stream';
import type { Logger } from '../logger';
import { describeError } from '../docker/errors';

export interface EngineSessionHandlers {
  /**
   * A full read of the engine finished (at connect, after a gap, or a periodic reconcile).
   * `eventsDuringRead` were delivered through `onEvent` while the read was under way: the read
   * may predate them (a container destroyed after it was listed), so they must be applied again.
   */
  onInventory(lists: InventoryLists, eventsDuringRead: readonly DockerEvent[]): void;
  /** A normalized, non-noise event, in engine order. */
  onEvent(event: DockerEvent): void;
  onLink(link: EngineLink): void;
}

interface Options {
  name: string;
  address: string;
  reader: EngineReader;
  /** The gateway's bounded `GET /_ping`. */
  ping(): Promise<unknown>;
  /** The gateway's `/events` subscription. */
  openEvents(sinceSeconds: number | null, handlers: EventStreamHandlers): Promise<EventStream>;
  logger: Logger;
  handlers: EngineSessionHandlers;
  /** While live, a `_ping` this often notices a stalled connection. */
  keepaliveMs?: number;
  /** A full reconcile this often heals anything an event could not tell us; 0: never. */
  reconcileMs?: number;
  /** After a reconnect, more full reads at these delays (see `settle`); [] for none. */
  settleAfterMs?: readonly number[];
}

export interface EngineSession {
  readonly name: string;
  link(): EngineLink;
  start(): void;
  stop(): void;
  /** Drop the stream and reconnect now (used by tests and after a detected stall). */
  reconnect(reason: string): void;
}

/**
 * One engine's live connection: subscribe to events first, then read the inventory, so nothing
 * created in between is missed; after any gap, do both again. Never throws; retries with backoff.
 */
export function createEngineSession({
  name,
  address,
  reader,
  ping,
  openEvents,
  logger,
  handlers,
  keepaliveMs = 5_000,
  reconcileMs = 5 * 60_000,
  settleAfterMs = [5_000, 15_000, 30_000],
}: Options): EngineSession {
  const log = logger.child({ engine: name });
  const backoff = createBackoff({ minMs: 250, maxMs: 10_000 });
  let link: EngineLink = connectingLink();
  let running = false;
  let stream: EventStream | null = null;
  let generation = 0;
  let lastEventSeconds: number | null = null;
  const seen = new Set<string>();
  /** One list per full read under way (reconcile and settle reads may overlap). */
  const readsUnderWay = new Set<DockerEvent[]>();
  let retryTimer: NodeJS.Timeout | undefined;
  let keepaliveTimer: NodeJS.Timeout | undefined;
  let reconcileTimer: NodeJS.Timeout | undefined;
  let settleTimer: NodeJS.Timeout | undefined;
  let reconnected = false;

  const setLink = (next: EngineLink) => {
    link = next;
    handlers.onLink(link);
  };

  const clearTimers = () => {
    clearTimeout(retryTimer);
    clearTimeout(keepaliveTimer);
    clearTimeout(reconcileTimer);
    clearTimeout(settleTimer);
  };

  const fail = (current: number, error: unknown) => {
    if (current !== generation || !running) return;
    generation += 1;
    stream?.close();
    stream = null;
    clearTimers();
    const { code, message } = describeError(error);
    reconnected = true;
    const delay = backoff.next();
    if (link.state !== 'down') log.warn('engine link lost', { reason: message, code });
    setLink({
      state: 'down',
      error: explainEngineError(code, message, address),
      retry: { attempt: backoff.attempt, nextInMs: delay },
    });
    retryTimer = setTimeout(connect, delay);
  };

  const onRawEvent = (current: number, raw: unknown, pending: DockerEvent[] | null) => {
    if (current !== generation) return;
    const event = normalizeDockerEvent(name, raw);
    if (!event || isNoiseEvent(event)) return;
    // NOTE: after a reconnect the engine replays events stamped at `since` again: drop repeats.
    const key = `${event.timeNano}|${event.type}|${event.action}|${event.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size > 4096) seen.delete(seen.values().next().value as string);
    lastEventSeconds = Math.max(lastEventSeconds ?? 0, event.time);
    if (pending) pending.push(event);
    else {
      for (const during of readsUnderWay) during.push(event);
      handlers.onEvent(event);
    }
  };

  /**
   * A full read while events flow live: they still go out at once (a reconcile must not delay
   * them), and are handed over again with the read that may have missed them.
   * NOTE: found in CI: a reconcile listed a task container, the drain destroyed it before the
   * listing arrived, and the listing brought it back until the next reconcile.
   */
  const readWhileLive = async (current: number) => {
    const during: DockerEvent[] = [];
    readsUnderWay.add(during);
    try {
      const lists = await reader.inventory(name);
      if (current === generation) handlers.onInventory(lists, during);
      return current === generation;
    } finally {
      readsUnderWay.delete(during);
    }
  };

  const keepalive = (current: number) => {
    keepaliveTimer = setTimeout(() => {
      ping().then(
        () => current === generation && keepalive(current),
        (error: unknown) => fail(current, error),
      );
    }, keepaliveMs);
  };

  const reconcile = (current: number) => {
    if (reconcileMs <= 0) return;
    reconcileTimer = setTimeout(() => {
      readWhileLive(current).then(
        (stillCurrent) => stillCurrent && reconcile(current),
        (error: unknown) => fail(current, error),
      );
    }, reconcileMs);
  };

  /**
   * NOTE: found on the lab: a dockerd that has just restarted keeps tidying for many seconds
   * without events that reach us (a worker drops the overlays whose tasks the swarm moved away
   * while it was down), so the read made at reconnect can hold what is already gone. A few more
   * full reads in the half minute after a reconnect heal it; a reconnect is rare, so this is cheap.
   */
  const settle = (current: number, step = 0) => {
    const delay = settleAfterMs[step];
    if (!reconnected || delay === undefined) return;
    const wait = delay - (settleAfterMs[step - 1] ?? 0);
    settleTimer = setTimeout(() => {
      readWhileLive(current).then(
        (stillCurrent) => stillCurrent && settle(current, step + 1),
        (error: unknown) => fail(current, error),
      );
    }, wait);
  };

  async function connect() {
    if (!running) return;
    const current = ++generation;
    // Events that arrive while the inventory is read are held, then applied on top of it.
    let pending: DockerEvent[] | null = [];
    try {
      stream = await openEvents(lastEventSeconds, {
        onEvent: (raw) => onRawEvent(current, raw, pending),
        onClose: (error) => fail(current, error ?? new Error('event stream ended')),
      });
      if (current !== generation) return;
      const lists = await reader.inventory(name);
      if (current !== generation) return;
      // The events held meanwhile are applied after the read, not before: nothing to repeat.
      handlers.onInventory(lists, []);
      const held = pending;
      pending = null;
      for (const event of held) handlers.onEvent(event);
      backoff.reset();
      if (link.state !== 'live') log.info('engine live', { version: lists.info.ServerVersion });
      setLink({ state: 'live', error: null, retry: null });
      keepalive(current);
      reconcile(current);
      settle(current);
    } catch (error) {
      fail(current, error);
    }
  }

  return {
    name,
    link: () => link,
    start() {
      if (running) return;
      running = true;
      void connect();
    },
    stop() {
      running = false;
      generation += 1;
      clearTimers();
      stream?.close();
      stream = null;
    },
    reconnect(reason) {
      fail(generation, new Error(reason));
    },
  };
}
