'use client';

import { useSyncExternalStore } from 'react';

import type { DockerEvent } from '@/lib/docker/events';
import type { EngineHealth } from '@/lib/engines/health';
import { applyPatch, canApplyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import { getSocket } from './socket';

export type ServerLink = 'connecting' | 'connected' | 'disconnected';

/** Everything the browser knows, live: one store for the whole page, fed by one socket. */
export interface LiveState {
  link: ServerLink;
  engines: EngineHealth[] | null;
  topology: Topology | null;
  /** Most recent Docker events, newest last (bounded). */
  events: DockerEvent[];
  /** Element ids changed by the last few patches, with when (ms), so the view can make them glow. */
  changed: ReadonlyMap<string, number>;
}

const MAX_EVENTS = 2_000;
const GLOW_MS = 2_500;

const INITIAL: LiveState = {
  link: 'connecting',
  engines: null,
  topology: null,
  events: [],
  changed: new Map(),
};
let state: LiveState = INITIAL;
const listeners = new Set<() => void>();
let wired = false;

function update(patch: Partial<LiveState>) {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

function recentChanges(ids: string[]): ReadonlyMap<string, number> {
  const now = Date.now();
  const next = new Map<string, number>();
  for (const [id, at] of state.changed) if (now - at < GLOW_MS) next.set(id, at);
  for (const id of ids) next.set(id, now);
  return next;
}

let arriving: DockerEvent[] = [];
let resyncs = 0;

/** NOTE: test-only probes, installed when a test asked for them (components/map/test-hooks.ts). */
function installLiveTestHooks() {
  const hooks = typeof window === 'undefined' ? undefined : window.__portolanTestHooks;
  if (hooks) hooks.live = { topology: () => state.topology, resyncs: () => resyncs };
}

function flushEvents() {
  const batch = arriving;
  arriving = [];
  if (batch.length === 0) return;
  const events = state.events.concat(batch);
  update({ events: events.length > MAX_EVENTS ? events.slice(-MAX_EVENTS) : events });
}

function wire() {
  if (wired) return;
  wired = true;
  installLiveTestHooks();
  const socket = getSocket();
  socket.on('engine:status', (engines) => update({ engines }));
  socket.on('topology:snapshot', ({ topology }) => {
    // NOTE: a mark for `npm run bench:scale`'s first-paint breakdown (what the wait was for).
    performance.mark('portolan:snapshot');
    update({ topology });
    performance.mark('portolan:snapshot-applied');
  });
  socket.on('topology:patch', (patch) => {
    if (!canApplyPatch(state.topology, patch)) {
      // NOTE: a missed patch (reconnect, slow tab): ask for the whole picture rather than guess.
      resyncs += 1;
      socket.emit('topology:resync');
      return;
    }
    const ids = patch.ops.flatMap((op) => (op.op === 'reset' ? [] : [op.id]));
    update({ topology: applyPatch(state.topology, patch), changed: recentChanges(ids) });
  });
  socket.on('docker:recent', (recent) => update({ events: recent.slice(-MAX_EVENTS) }));
  socket.on('docker:event', (event) => {
    // NOTE: a burst can bring hundreds of events a second; render them once per frame.
    arriving.push(event);
    if (arriving.length === 1) requestAnimationFrame(flushEvents);
  });
  socket.on('connect', () => {
    performance.mark('portolan:connected');
    update({ link: 'connected' });
  });
  socket.on('disconnect', () => update({ link: 'disconnected' }));
  socket.io.on('reconnect_attempt', () => update({ link: 'connecting' }));
  if (socket.connected) update({ link: 'connected' });
}

function subscribe(listener: () => void) {
  wire();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The page's live state; re-renders when any of it changes. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => INITIAL,
  );
}

/**
 * One slice of the live state; re-renders only when that slice changes (by reference), so the map
 * does not redraw for every event and the event list not for every patch.
 */
export function useLive<K extends keyof LiveState>(key: K): LiveState[K] {
  return useSyncExternalStore(
    subscribe,
    () => state[key],
    () => INITIAL[key],
  );
}
