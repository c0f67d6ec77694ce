/*
 * The graph under construction: every candidate node with what a filter can know about it, and
 * the links between them, deduplicated by id. The `add*` modules fill it; `toGraph` reads it out.
 */
import type { ContainerEndpoint, Topology } from '@/lib/topology/types';

import type { FilterFacts } from '../filter';
import type { Layers, LinkKind, ViewLink, ViewNode } from '../model';
import { endpointLabel } from './labels';

export interface Candidate {
  node: ViewNode;
  facts: FilterFacts;
}

export interface Builder {
  topology: Topology;
  layers: Layers;
  nodes: Map<string, Candidate>;
  links: Map<string, ViewLink>;
  staleNodes: Set<string>;
  /** Service id → nodes its current tasks run on. */
  serviceHosts: Map<string, Set<string>>;
}

export function hostName(topology: Topology, id: string | null): string | null {
  if (!id) return null;
  return topology.nodes[id]?.hostname ?? null;
}

export function addNode(builder: Builder, node: ViewNode, facts: FilterFacts) {
  builder.nodes.set(node.id, { node, facts });
}

/** One link per source and target: a second leg of another ingress path only adds its path. */
export function addLink(
  builder: Builder,
  source: string,
  target: string,
  kind: LinkKind,
  label: string,
  network: string | null,
  paths: string[] = [],
) {
  const id = `${source}->${target}`;
  const existing = builder.links.get(id);
  if (existing) {
    for (const path of paths) if (!existing.paths.includes(path)) existing.paths.push(path);
    return;
  }
  builder.links.set(id, { id, source, target, kind, label, network, paths: [...paths] });
}

/** The project an element belongs to: its compose project, else its swarm stack. */
export function projectOf(
  compose: string | null | undefined,
  stack: string | null | undefined,
): string | null {
  if (compose) return `compose:${compose}`;
  return stack ? `stack:${stack}` : null;
}

/** Addresses and aliases of endpoints, as a filter's bare word looks for them. */
export function endpointAddresses(endpoints: readonly ContainerEndpoint[]): string[] {
  return endpoints.flatMap((e) => [
    ...(e.ipv4 ? [e.ipv4] : []),
    ...(e.ipv6 ? [e.ipv6] : []),
    ...e.aliases,
  ]);
}

/** The networks of endpoints, as `network:` and `driver:` filters look for them. */
export function endpointNetworks(
  topology: Topology,
  endpoints: readonly ContainerEndpoint[],
): FilterFacts['networks'] {
  return endpoints.map((e) => ({
    name: e.networkName,
    driver: topology.networks[e.network]?.driver ?? '',
  }));
}

/** One labelled endpoint link from an element to each of its networks on the map. */
export function addEndpointLinks(
  builder: Builder,
  id: string,
  name: string,
  endpoints: readonly ContainerEndpoint[],
) {
  for (const endpoint of endpoints) {
    if (!builder.nodes.has(endpoint.network)) continue;
    const driver = builder.topology.networks[endpoint.network]?.driver ?? '';
    const label = endpointLabel(endpoint, name, driver);
    addLink(builder, id, endpoint.network, 'endpoint', label, endpoint.network);
  }
}
