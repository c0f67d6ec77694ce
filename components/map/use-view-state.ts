'use client';

import { useSyncExternalStore } from 'react';

import {
  DEFAULT_VIEW_STATE,
  decodeViewState,
  encodeViewState,
  sameCamera,
  type ViewState,
} from '@/lib/view/url-state';

/*
 * NOTE: the URL is the source of truth for what a deep link keeps (selection, filters, layers,
 * grouping, view, and where the user put the camera). It is read once on the client and written
 * with history.replaceState, so typing in the search box does not fill the back button's history.
 */
let state: ViewState = DEFAULT_VIEW_STATE;
let loaded = false;
const listeners = new Set<() => void>();

function load() {
  if (loaded || typeof window === 'undefined') return;
  loaded = true;
  state = decodeViewState(window.location.search);
}

function subscribe(listener: () => void) {
  load();
  listeners.add(listener);
  const onPop = () => {
    state = decodeViewState(window.location.search);
    for (const l of listeners) l();
  };
  window.addEventListener('popstate', onPop);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', onPop);
  };
}

function getSnapshot() {
  load();
  return state;
}

/** Changes the view state and writes it to the URL. */
export function updateViewState(patch: Partial<ViewState>) {
  load();
  const next = { ...state, ...patch };
  if (
    next.select === state.select &&
    next.query === state.query &&
    next.layers === state.layers &&
    next.group === state.group &&
    next.view === state.view &&
    sameCamera(next.camera, state.camera)
  ) {
    return;
  }
  state = next;
  const url = `${window.location.pathname}${encodeViewState(state)}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
  for (const listener of listeners) listener();
}

/** The view state (from the URL), and re-renders when it changes. */
export function useViewState(): ViewState {
  return useSyncExternalStore(subscribe, getSnapshot, () => DEFAULT_VIEW_STATE);
}
