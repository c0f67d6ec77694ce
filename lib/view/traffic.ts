import type { TrafficConversation, TrafficPeer, TrafficSample } from '@/lib/traffic/types';

import type { InspectorSection } from './inspect-parts';
import type { ViewGraph } from './model';

/** One drawn traffic edge: every conversation from one graph node to another. */
export interface TrafficEdge {
  id: string;
  /** Graph node ids: the client and the server. */
  from: string;
  to: string;
  /** Ports and the count: `80/tcp · 12/min`. */
  label: string;
  /** Line width in screen pixels, by connections in the last minute. */
  width: number;
  /** 1 while talking; fades toward 0.15 as the conversation ages out. */
  alpha: number;
  /** Seen in the last two samples: drawn with a motion cue. */
  active: boolean;
}

/** Topology id → the graph node drawn for it (a task node also stands for its container). */
export function graphIdsByRef(graph: ViewGraph): Map<string, string> {
  const ids = new Map<string, string>();
  for (const node of graph.nodes) {
    ids.set(node.id, node.id);
    for (const ref of node.refs) if (!ids.has(ref)) ids.set(ref, node.id);
  }
  return ids;
}

const peerNode = (ids: ReadonlyMap<string, string>, peer: TrafficPeer) =>
  ids.get(peer.id) ?? (peer.task ? ids.get(peer.task) : undefined);

const isActive = (sample: TrafficSample, conversation: TrafficConversation) =>
  sample.at - conversation.lastSeen <= 2 * sample.intervalMs;

/** The edges to draw: conversations whose both ends are on the map, merged per pair of nodes. */
export function trafficEdges(
  sample: TrafficSample | null,
  graph: ViewGraph,
  ageMs = 60_000,
): TrafficEdge[] {
  if (!sample) return [];
  const ids = graphIdsByRef(graph);
  const pairs = new Map<string, { from: string; to: string; items: TrafficConversation[] }>();
  for (const conversation of sample.conversations) {
    const from = peerNode(ids, conversation.from);
    const to = peerNode(ids, conversation.to);
    if (!from || !to || from === to) continue;
    const key = `${from}>${to}`;
    const pair = pairs.get(key) ?? { from, to, items: [] };
    pair.items.push(conversation);
    pairs.set(key, pair);
  }
  return [...pairs.entries()].map(([id, { from, to, items }]) => {
    const connections = items.reduce((sum, c) => sum + c.connections, 0);
    const lastSeen = Math.max(...items.map((c) => c.lastSeen));
    const active = items.some((c) => isActive(sample, c));
    const ports = [...new Set(items.map((c) => `${c.port}/${c.protocol}`))].join(', ');
    return {
      id,
      from,
      to,
      label: `${ports} · ${connections}/min`,
      width: Math.min(6, 1.5 + Math.log2(1 + connections)),
      alpha: active ? 1 : Math.max(0.15, 1 - (sample.at - lastSeen) / ageMs),
      active,
    };
  });
}

/** `1.2 kB/s`: a byte rate people read at a glance. */
export function formatRate(bytesPerSecond: number): string {
  if (bytesPerSecond < 1_000) return `${Math.round(bytesPerSecond)} B/s`;
  if (bytesPerSecond < 1_000_000) return `${(bytesPerSecond / 1_000).toFixed(1)} kB/s`;
  return `${(bytesPerSecond / 1_000_000).toFixed(1)} MB/s`;
}

function ago(sample: TrafficSample, time: number): string {
  const seconds = Math.max(0, Math.round((sample.at - time) / 1000));
  return seconds <= 1 ? 'now' : `${seconds} s ago`;
}

/**
 * The inspector's traffic sections for an element standing for `refs` (its topology ids): whom
 * it talks to, who talks to it (port, connections in the last minute, last seen), and the
 * throughput of each of its endpoints.
 */
export function trafficSections(
  sample: TrafficSample,
  refs: readonly string[],
  graph: ViewGraph,
): InspectorSection[] {
  const mine = new Set(refs);
  const ids = graphIdsByRef(graph);
  const isMine = (peer: TrafficPeer) =>
    mine.has(peer.id) || (peer.task ? mine.has(peer.task) : false);
  const table = (title: string, outgoing: boolean): InspectorSection => {
    const items = sample.conversations.filter((c) =>
      outgoing ? isMine(c.from) && !isMine(c.to) : isMine(c.to) && !isMine(c.from),
    );
    const other = (c: TrafficConversation) => (outgoing ? c.to : c.from);
    return {
      title,
      table: {
        columns: [outgoing ? 'To' : 'From', 'Port', 'Connections/min', 'Last seen'],
        rows: items.map((c) => [
          `${other(c).name}${c.network ? ` (${c.network.name})` : ''}`,
          `${c.port}/${c.protocol}`,
          String(c.connections),
          ago(sample, c.lastSeen),
        ]),
      },
      links: items.map((c) => peerNode(ids, other(c)) ?? null),
      ...(items.length === 0 ? { note: 'Nothing seen in the last minute.' } : {}),
    };
  };
  const endpoints = sample.endpoints.filter((e) => mine.has(e.container));
  const sections = [table('Talks to', true), table('Talked to by', false)];
  if (endpoints.length > 0) {
    sections.push({
      title: 'Throughput',
      table: {
        columns: ['Interface', 'Network', 'Received', 'Sent'],
        rows: endpoints.map((e) => [
          e.interface,
          e.networkName ?? '—',
          `${formatRate(e.rxBytesPerSecond)} · ${Math.round(e.rxPacketsPerSecond)} pkt/s`,
          `${formatRate(e.txBytesPerSecond)} · ${Math.round(e.txPacketsPerSecond)} pkt/s`,
        ]),
      },
    });
  }
  return sections;
}

/** What to tell a person looking at the Traffic layer, besides the edges (null: nothing). */
export function trafficNotice(sample: TrafficSample | null): string | null {
  if (!sample) return 'Traffic: waiting for the first sample…';
  const hidden = sample.engines.filter((engine) => !engine.observable && engine.reason);
  if (hidden.length > 0) return hidden.map((engine) => engine.reason).join(' ');
  if (sample.conversations.length === 0) {
    return 'Traffic: no conversation between containers seen in the last minute.';
  }
  return null;
}
