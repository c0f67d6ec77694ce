import { matchesQuery, parseQuery } from '../filter';
import type { Builder } from './builder';

/**
 * Keeps what matches the query plus its direct neighbours as context (a container's networks, a
 * network's members, a task's service, the ports leading to it), and the uplinks of kept networks.
 * Marks the neighbours as context. Returns null for an empty query (keep everything).
 */
export function applyQuery(builder: Builder, query: string): Set<string> | null {
  const terms = parseQuery(query);
  if (terms.length === 0) return null;
  const matched = new Set<string>();
  for (const [id, candidate] of builder.nodes) {
    if (matchesQuery(terms, candidate.facts)) matched.add(id);
  }
  const keep = new Set(matched);
  for (const link of builder.links.values()) {
    if (link.kind === 'uplink') continue;
    if (matched.has(link.source)) keep.add(link.target);
    if (matched.has(link.target)) keep.add(link.source);
  }
  for (const link of builder.links.values()) {
    if (link.kind === 'uplink' && keep.has(link.source)) keep.add(link.target);
  }
  for (const id of keep) {
    const candidate = builder.nodes.get(id);
    if (candidate && !matched.has(id)) candidate.node.context = true;
  }
  return keep;
}
