'use client';

import { useSyncExternalStore } from 'react';

import type { EngineHealth } from '@/lib/engines/health';

import { getSocket } from './socket';

export type ServerLink = 'connecting' | 'connected' | 'disconnected';

interface EngineStatusState {
  engines: EngineHealth[] | null;
  link: ServerLink;
}

const SERVER_STATE: EngineStatusState = { engines: null, link: 'connecting' };
let state: EngineStatusState = SERVER_STATE;
const listeners = new Set<() => void>();
let wired = false;

function update(patch: Partial<EngineStatusState>) {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

function wire() {
  if (wired) return;
  wired = true;
  const socket = getSocket();
  socket.on('engine:status', (engines) => update({ engines }));
  socket.on('connect', () => update({ link: 'connected' }));
  socket.on('disconnect', () => update({ link: 'disconnected' }));
  socket.io.on('reconnect_attempt', () => update({ link: 'connecting' }));
  if (socket.connected) update({ link: 'connected' });
}

function subscribe(listener: () => void) {
  wire();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The engines' live status and the state of this tab's link to the Portolan server. */
export function useEngineStatus(): EngineStatusState {
  return useSyncExternalStore(
    subscribe,
    () => state,
    () => SERVER_STATE,
  );
}
