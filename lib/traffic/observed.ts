import type { Topology } from '@/lib/topology/types';

import type { TrafficConversation, TrafficPeer, TrafficSample } from './types';

/** A container or a service, as the reach tool names its two ends. */
export type TrafficWorkload = { kind: 'container'; id: string } | { kind: 'service'; id: string };

export interface ReachObservation {
  /** `unknown` when no sample is there yet, or neither end's engine can be observed. */
  observed: 'yes' | 'no' | 'unknown';
  /** How far back the answer looks: the sampler's age, or less if sampling began more recently. */
  windowMs: number;
  /** The most recently seen matching conversation. */
  conversation: TrafficConversation | null;
  /** One sentence saying what was looked at. */
  text: string;
}

/** Whether a conversation's end is this workload: the container, or the service's VIP or tasks. */
function isWorkload(topology: Topology, peer: TrafficPeer, workload: TrafficWorkload): boolean {
  if (workload.kind === 'container') return peer.kind === 'container' && peer.id === workload.id;
  if (peer.kind === 'service') return peer.id === workload.id;
  if (peer.task && topology.tasks[peer.task]?.service === workload.id) return true;
  return peer.kind === 'container' && topology.containers[peer.id]?.service === workload.id;
}

/** The engines a workload's containers run on. */
function enginesOf(topology: Topology, workload: TrafficWorkload): Set<string> {
  return new Set(
    Object.values(topology.containers)
      .filter((c) =>
        workload.kind === 'container' ? c.id === workload.id : c.service === workload.id,
      )
      .map((c) => c.engine),
  );
}

/** `1 min`, `2.5 min`, or seconds under a minute. */
export const windowText = (ms: number) => {
  const value = Math.round(ms / 6_000) / 10;
  return value >= 1 ? `${value} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
};

/**
 * "Observed in the last N minutes": whether the traffic sampler saw `from` talk to `to` (on
 * `port`, when given) within its age, from the latest sample. A prediction says what could
 * happen; this says what did. It cannot say "no" for engines whose traffic is invisible.
 */
export function observedReach(
  sample: TrafficSample | null,
  topology: Topology,
  from: TrafficWorkload,
  to: TrafficWorkload,
  port: number | null,
): ReachObservation {
  if (!sample) {
    return {
      observed: 'unknown',
      windowMs: 0,
      conversation: null,
      text: 'Waiting for a first traffic sample.',
    };
  }
  const windowMs = Math.min(sample.ageMs, Math.max(0, sample.at - sample.since));
  const visible = new Set(sample.engines.filter((e) => e.observable).map((e) => e.engine));
  const ends = [...enginesOf(topology, from), ...enginesOf(topology, to)];
  if (!ends.some((engine) => visible.has(engine))) {
    return {
      observed: 'unknown',
      windowMs,
      conversation: null,
      text: 'Traffic is not visible on the engines these two run on.',
    };
  }
  const matching = sample.conversations
    .filter(
      (c) =>
        isWorkload(topology, c.from, from) &&
        isWorkload(topology, c.to, to) &&
        (port === null || c.port === port),
    )
    .sort((a, b) => b.lastSeen - a.lastSeen);
  const conversation = matching[0] ?? null;
  const on = port === null ? '' : ` on port ${port}`;
  const window = `in the last ${windowText(windowMs)}`;
  return conversation
    ? {
        observed: 'yes',
        windowMs,
        conversation,
        text: `Seen ${window}${on}: ${conversation.connections} connection${conversation.connections === 1 ? '' : 's'}, ${conversation.port}/${conversation.protocol}.`,
      }
    : { observed: 'no', windowMs, conversation: null, text: `Not seen ${window}${on}.` };
}
