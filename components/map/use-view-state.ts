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
/** The query string `state` was last read from or written to; null before the first read. */
let syncedSearch: string | null = null;
const listeners = new Set<() => void>();

// NOTE: a client-side navigation to `/?select=<id>` (the events page) changes the URL after the
// map's first render; when the URL changed under us, it wins, as it would on a reload.
function load() {
  if (typeof window === 'undefined' || window.location.search === syncedSearch) return;
  syncedSearch = window.location.search;
  state = decodeViewState(syncedSearch);
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
    next.at === state.at &&
    next.snapshot === state.snapshot &&
    sameCamera(next.camera, state.camera)
  ) {
    return;
  }
  state = next;
  const url = `${window.location.pathname}${encodeViewState(state)}${window.location.hash}`;
  window.history.replaceState(window.history.state, '', url);
  syncedSearch = window.location.search;
  for (const listener of listeners) listener();
}

/** The view state (from the URL), and re-renders when it changes. */
export function useViewState(): ViewState {
  return useSyncExternalStore(subscribe, getSnapshot, () => DEFAULT_VIEW_STATE);
}
