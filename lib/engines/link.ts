import type { EngineState } from '@/lib/topology/types';

/** The link to one engine, as the hub and the browser see it. */
export interface EngineLink {
  state: 'connecting' | 'live' | 'down';
  error: string | null;
  retry: { attempt: number; nextInMs: number } | null;
}

/** How every link starts: not connected yet, nothing gone wrong. */
export function connectingLink(): EngineLink {
  return { state: 'connecting', error: null, retry: null };
}

/**
 * What the topology says about an engine, from its link: only a live link keeps its elements
 * fresh; while connecting or down, what we hold from it may be out of date.
 */
export function toEngineState(link: EngineLink): EngineState {
  return { reachable: link.state === 'live', stale: link.state !== 'live', error: link.error };
}
