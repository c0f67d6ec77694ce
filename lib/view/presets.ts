/**
 * One-click search presets, written in the search language so the box shows what they do and
 * the user can edit it (in the spirit of Hubble UI's presets and Kiali's Find/Hide).
 */
import type { ViewGraph } from './model';

/** The networks every engine makes for itself, once per node. */
export const DEFAULT_NETWORKS = ['bridge', 'host', 'none', 'docker_gwbridge'] as const;

export const HIDE_DEFAULT_NETWORKS = `hide:kind:network hide:name:${DEFAULT_NETWORKS.map((name) => `=${name}`).join(',')}`;

/** Adds the preset's terms to a query, or takes them out when they are there already. */
export function togglePreset(query: string, preset: string): string {
  const trimmed = query.trim();
  if (trimmed.includes(preset)) return trimmed.replace(preset, '').replace(/\s+/g, ' ').trim();
  return `${trimmed} ${preset}`.trim();
}

/**
 * "Only what talks to X": everything on a network X is on (X itself among it), as a query; a
 * network X: its members. Null when X is not on the map.
 */
export function talksToQuery(graph: ViewGraph, id: string | null): string | null {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const selected = id ? nodes.get(id) : undefined;
  if (!selected) return null;
  if (selected.kind === 'network') return `network:=${selected.name}`;
  const networks = new Set<string>();
  for (const link of graph.links) {
    if (link.kind !== 'endpoint' && link.kind !== 'vip') continue;
    const other =
      link.source === selected.id ? link.target : link.target === selected.id ? link.source : null;
    const node = other ? nodes.get(other) : undefined;
    if (node?.kind === 'network') networks.add(node.name);
  }
  if (networks.size === 0) return `name:=${selected.name}`;
  return `network:${[...networks].map((name) => `=${name}`).join(',')}`;
}
