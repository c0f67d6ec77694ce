/**
 * The map's graph under a search: "find" terms keep the matches (their neighbours come along as
 * faded context, see graph/query.ts); `hide:` terms remove what they match, with its edges.
 */
import type { Topology } from '@/lib/topology/types';

import { parseFilter, splitQuery } from './filter';
import { toGraph } from './graph';
import type { GraphOptions, ViewGraph } from './model';

/** Removes the given nodes, every link that touches one, and them from their regions. */
export function withoutNodes(graph: ViewGraph, hidden: ReadonlySet<string>): ViewGraph {
  if (hidden.size === 0) return graph;
  return {
    nodes: graph.nodes.filter((node) => !hidden.has(node.id)),
    links: graph.links.filter((link) => !hidden.has(link.source) && !hidden.has(link.target)),
    groups: graph.groups.map((group) => ({
      ...group,
      members: group.members.filter((id) => !hidden.has(id)),
    })),
  };
}

/** Ids of the elements a `hide:` part of a query matches (not their neighbours). */
function hiddenIds(topology: Topology, options: GraphOptions, hideQuery: string): Set<string> {
  // NOTE: the builder alone knows each element's facts, so the hide part is run as a query of its
  // own; its matches are the nodes it did not keep as mere context.
  const matched = toGraph(topology, { ...options, query: hideQuery });
  return new Set(matched.nodes.filter((node) => !node.context).map((node) => node.id));
}

/** `toGraph` with the whole search language: find terms filter, `hide:` terms remove. */
export function searchGraph(topology: Topology, options: GraphOptions): ViewGraph {
  const { find, hide } = splitQuery(options.query);
  const graph = toGraph(topology, { ...options, query: find });
  if (parseFilter(options.query).hide.length === 0) return graph;
  return withoutNodes(graph, hiddenIds(topology, options, hide));
}
