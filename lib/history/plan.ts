import type { DockerEvent } from '@/lib/docker/events';
import type { TopologyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import type { HistoryRecord } from './records';

/** One patch as the hub published it, with what the recorder knew around it. */
export interface PatchStep {
  t: number;
  patch: TopologyPatch;
  /** The topology once the patch is applied (serialised only for a keyframe). */
  after: Topology;
  events: DockerEvent[];
  /** Engines that were live before this patch and are not now; and those back to live. */
  wentStale: string[];
  back: string[];
}

/** What the writer remembers between patches. */
export interface WriterState {
  /** The topology version the last record leaves; null before the first keyframe of this run. */
  version: number | null;
  patchesSinceKey: number;
  keyAt: number;
  /** Time of the last record a previous run left, written as a restart gap before the first keyframe. */
  resumeSince: number | null;
}

export interface KeyframePolicy {
  everyPatches: number;
  everyMs: number;
}

export function initialWriterState(resumeSince: number | null): WriterState {
  return { version: null, patchesSinceKey: 0, keyAt: 0, resumeSince };
}

/**
 * The records one patch becomes. The first patch of a run is a keyframe (after a restart gap when
 * an earlier run left records); a patch that does not follow the last version is a version gap
 * and a keyframe; an engine that went stale opens an engine gap; an engine back to live, a new
 * segment (`newSegment`) or the keyframe policy add a keyframe after the patch.
 */
export function planRecords(
  state: WriterState,
  step: PatchStep,
  policy: KeyframePolicy,
  newSegment: boolean,
): { records: HistoryRecord[]; state: WriterState } {
  const { t, patch, after, events } = step;
  const key: HistoryRecord = {
    k: 'key',
    t,
    stale: [...staleEngines(after)].sort(),
    topology: after,
    events,
  };
  const keyed: WriterState = {
    version: after.version,
    patchesSinceKey: 0,
    keyAt: t,
    resumeSince: null,
  };
  if (state.version === null) {
    const gap: HistoryRecord[] =
      state.resumeSince === null
        ? []
        : [{ k: 'gap', t, reason: 'restart', since: state.resumeSince }];
    return { records: [...gap, key], state: keyed };
  }
  if (patch.from !== state.version || patch.ops[0]?.op === 'reset') {
    return { records: [{ k: 'gap', t, reason: 'version', since: t }, key], state: keyed };
  }
  const records: HistoryRecord[] = step.wentStale.map((engine) => ({
    k: 'gap',
    t,
    reason: 'engine',
    since: t,
    engine,
  }));
  records.push({ k: 'patch', t, patch, events });
  const due =
    newSegment ||
    step.back.length > 0 ||
    state.patchesSinceKey + 1 >= policy.everyPatches ||
    t - state.keyAt >= policy.everyMs;
  if (due) return { records: [...records, { ...key, events: [] }], state: keyed };
  return {
    records,
    state: { ...state, version: after.version, patchesSinceKey: state.patchesSinceKey + 1 },
  };
}

/** Names of the engines the topology marks stale (unreachable or resyncing). */
export function staleEngines(topology: Topology): Set<string> {
  return new Set(
    Object.values(topology.engines)
      .filter((engine) => engine.stale)
      .map((engine) => engine.name),
  );
}
