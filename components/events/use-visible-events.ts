'use client';

import { useMemo, useState } from 'react';

import type { DockerEvent } from '@/lib/docker/events';
import { EMPTY_FILTER, matchesEvent, type EventFilter } from '@/lib/events/view';

import { useLive } from '../realtime/live-store';

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
  const visible = useMemo(
    () =>
      [...older, ...source].filter(
        (event) => event.timeNano > clearedAt && matchesEvent(event, filter),
      ),
    [older, source, clearedAt, filter],
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
