'use client';

import { useMemo, useState } from 'react';

import type { DockerEvent } from '@/lib/docker/events';
import { filterGrowing, type FilteredBuffer } from '@/lib/events/filter-growing';
import { EMPTY_FILTER, matchesEvent, type EventFilter } from '@/lib/events/view';

import { useLive } from '../realtime/live-store';

/** Per view's filter (its `keep`), what it kept of the live buffer last time. */
const lastFiltered = new WeakMap<(event: DockerEvent) => boolean, FilteredBuffer>();

/**
 * The events a view shows: the live ones (plus any older history loaded on request), filtered,
 * frozen while paused (counting what arrives meanwhile), and cut at the last "clear".
 */
export function useVisibleEvents() {
  const live = useLive('events');
  const [filter, setFilter] = useState<EventFilter>(EMPTY_FILTER);
  const [older, setOlder] = useState<DockerEvent[]>([]);
  const [paused, setPaused] = useState<DockerEvent[] | null>(null);
  const [clearedAt, setClearedAt] = useState(0);

  const source = paused ?? live;
  const keep = useMemo(
    () => (event: DockerEvent) => event.timeNano > clearedAt && matchesEvent(event, filter),
    [clearedAt, filter],
  );
  const olderKept = useMemo(() => older.filter(keep), [older, keep]);
  // NOTE: the live buffer grows at every frame of a burst: only its new events are tested, while
  // the filter is the same one (a new filter is a new `keep`, and starts over).
  const liveKept = useMemo(() => {
    const view = filterGrowing(source, keep, lastFiltered.get(keep) ?? null);
    lastFiltered.set(keep, view);
    return view.kept;
  }, [source, keep]);
  const visible = useMemo(
    () => (olderKept.length === 0 ? liveKept : [...olderKept, ...liveKept]),
    [olderKept, liveKept],
  );
  const arrivedWhilePaused = paused ? Math.max(0, live.length - paused.length) : 0;

  return {
    visible,
    filter,
    setFilter,
    paused: paused !== null,
    arrivedWhilePaused,
    togglePause: () => setPaused((current) => (current ? null : live)),
    clear: () => {
      setOlder([]);
      setClearedAt(live.at(-1)?.timeNano ?? Date.now() * 1e6);
    },
    /** Prepends history read from the engines (older than what is held). */
    addOlder: (events: DockerEvent[]) => setOlder((current) => [...events, ...current]),
    oldestTime: (older[0] ?? live[0])?.time ?? null,
  };
}
