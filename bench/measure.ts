/**
 * One measured change: watch for it on screen (Chromium's list and map pages) and in a Node
 * socket.io client's copy of the topology, make it, find the engine's event for it, and record
 * from the event's `timeNano` to each of the three.
 */
import type { Socket } from 'socket.io-client';

import type { DockerEvent } from '@/lib/docker/events';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';
import { applyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import type { BrowserProbe, ScreenTarget } from './browser-probe';
import { until } from './support';

export type ChangeKind =
  | 'network create'
  | 'network remove'
  | 'container run'
  | 'container stop'
  | 'container remove'
  | 'connect'
  | 'disconnect'
  | 'service create'
  | 'service scale'
  | 'service remove'
  | 'node drain'
  | 'node activate'
  | 'scale-up';

export const KINDS: ChangeKind[] = [
  'network create',
  'network remove',
  'container run',
  'container stop',
  'container remove',
  'connect',
  'disconnect',
  'service create',
  'service scale',
  'service remove',
  'node drain',
  'node activate',
  'scale-up',
];

/** Milliseconds from the event to each place, per kind; `lost`: not seen within the time allowed. */
export interface KindSamples {
  list: number[];
  map: number[];
  client: number[];
  /** Where the time goes: event → the list page's WebSocket got the patch; then → its frame. */
  listReceived: number[];
  listRender: number[];
  mapReceived: number[];
  mapRender: number[];
  lost: number;
}

export const emptySamples = (): KindSamples => ({
  list: [],
  map: [],
  client: [],
  listReceived: [],
  listRender: [],
  mapReceived: [],
  mapRender: [],
  lost: 0,
});

export interface Probe {
  kind: ChangeKind;
  target: ScreenTarget;
  /** The same, read from the Node client's topology. */
  holds(topology: Topology): boolean;
  /** The engine's event this change is timed from, among those that came since it was made. */
  event(events: readonly DockerEvent[]): DockerEvent | undefined;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A Node socket.io client keeping the topology from patches, and the events it was sent. */
export function createClientView(socket: ClientSocket) {
  let topology: Topology | null = null;
  const events: DockerEvent[] = [];
  const watchers = new Map<string, (t: Topology) => boolean>();
  const seen = new Map<string, number>();
  const patchBytes: number[] = [];
  const check = (at: number) => {
    if (!topology) return;
    for (const [key, holds] of watchers) {
      if (holds(topology)) {
        watchers.delete(key);
        seen.set(key, at);
      }
    }
  };
  socket.on('topology:snapshot', (snapshot) => {
    topology = snapshot.topology;
  });
  socket.on('topology:patch', (patch) => {
    const at = Date.now();
    patchBytes.push(Buffer.byteLength(JSON.stringify(patch)));
    if (topology && topology.version === patch.from) topology = applyPatch(topology, patch);
    else socket.emit('topology:resync');
    check(at);
  });
  socket.on('docker:event', (event) => events.push(event));
  return {
    events,
    patchBytes,
    get topology(): Topology | null {
      return topology;
    },
    watch(key: string, holds: (t: Topology) => boolean) {
      watchers.set(key, holds);
    },
    async seenAt(key: string, timeoutMs: number): Promise<number | null> {
      try {
        return await until(`the client's copy (${key})`, () => seen.get(key), timeoutMs);
      } catch {
        watchers.delete(key);
        return null;
      } finally {
        seen.delete(key);
      }
    },
  };
}

export type ClientView = ReturnType<typeof createClientView>;

let counter = 0;

/**
 * Makes a change (`act`) and records, for each probe, the event → screen and event → client
 * times. Returns the events that came meanwhile (for the caller's own waits).
 */
export async function measure(
  ctx: { browser: BrowserProbe; client: ClientView; samples: Map<ChangeKind, KindSamples> },
  probes: Probe[],
  act: () => Promise<void>,
  timeoutMs = 20_000,
): Promise<void> {
  const keys = probes.map(() => `m${++counter}`);
  await Promise.all(probes.map((probe, i) => ctx.browser.watch(keys[i] ?? '', probe.target)));
  probes.forEach((probe, i) => ctx.client.watch(keys[i] ?? '', probe.holds));
  const eventsAt = ctx.client.events.length;
  await act();
  await Promise.all(
    probes.map(async (probe, i) => {
      const key = keys[i] ?? '';
      const samples = ctx.samples.get(probe.kind);
      if (!samples) throw new Error(`unknown kind ${probe.kind}`);
      const [event, screen, clientAt] = await Promise.all([
        until(
          `the ${probe.kind} event`,
          () => probe.event(ctx.client.events.slice(eventsAt)),
          timeoutMs,
        ).catch(() => null),
        ctx.browser.result(key, timeoutMs),
        ctx.client.seenAt(key, timeoutMs),
      ]);
      if (!event || screen.list === null || screen.map === null || clientAt === null) {
        samples.lost += 1;
        console.log(
          `[bench] ${probe.kind}: lost a sample (event ${event ? 'seen' : 'missing'}, list ${screen.list}, map ${screen.map}, client ${clientAt})`,
        );
        return;
      }
      const eventAt = event.timeNano / 1e6;
      samples.list.push(screen.list - eventAt);
      samples.map.push(screen.map - eventAt);
      samples.client.push(clientAt - eventAt);
      if (screen.listReceived !== null) {
        samples.listReceived.push(screen.listReceived - eventAt);
        samples.listRender.push(screen.list - screen.listReceived);
      }
      if (screen.mapReceived !== null) {
        samples.mapReceived.push(screen.mapReceived - eventAt);
        samples.mapRender.push(screen.map - screen.mapReceived);
      }
    }),
  );
}
