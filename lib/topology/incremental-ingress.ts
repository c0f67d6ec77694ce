/*
 * The ingress collection for the incremental builder (incremental.ts), kept per owner: each
 * service's paths and each port-publishing container's. A change recomputes only the owners it
 * touched (from the memoised path tables) and patches the ids those owners gained or lost, instead
 * of walking every service and every path (at 1,000 services that walk was the cost of every
 * container event). Path ids carry their owner (`ingress:<service>`, `host:<task>`,
 * `bridge:<container>`), so two owners never share one; within an owner the first wins, as in
 * `buildTopology`.
 */
import type { SwarmService, SwarmTask } from '@/lib/docker/engine-api';

import { memos, type SwarmSource } from './build';
import { containerPortPaths, serviceIngressPaths } from './ingress';
import type { IngressPath, Topology } from './types';

type Paths = readonly IngressPath[];

export interface IngressOwners {
  services: Map<string, Paths>;
  containers: Map<string, Paths>;
}

export interface IngressContext {
  source: SwarmSource | null;
  ingressNetwork: string | null;
  tasksByService: ReadonlyMap<string, ReadonlyMap<string, SwarmTask>>;
  /** Containers with published ports. */
  portContainers: ReadonlySet<string>;
}

/** The sink for changed paths (the builder's draft). */
type Sink = (id: string, path: IngressPath | undefined) => void;

function servicePaths(context: IngressContext, raw: SwarmService): Paths {
  const source = context.source as SwarmSource;
  const tasks = [...(context.tasksByService.get(raw.ID)?.values() ?? [])];
  const swarmContext = { nodes: source.nodeIds, ingressNetwork: context.ingressNetwork };
  return memos.servicePaths(raw, [source.nodeIds.join(','), context.ingressNetwork, ...tasks], () =>
    serviceIngressPaths(raw, tasks, swarmContext),
  );
}

function containerPaths(topology: Topology, id: string): Paths {
  const container = topology.containers[id];
  // NOTE: a swarm task's host-mode port is already a `host` path of its service.
  if (!container || (container.task && topology.tasks[container.task])) return [];
  return memos.containerPaths(container, [], () => containerPortPaths(container));
}

/** Each owner's paths, as a full build just made them (the memo tables hit). */
export function ingressOwners(context: IngressContext, topology: Topology): IngressOwners {
  const owners: IngressOwners = { services: new Map(), containers: new Map() };
  for (const raw of Object.values(context.source?.swarm.services ?? {}))
    owners.services.set(raw.ID, servicePaths(context, raw));
  for (const id of context.portContainers) owners.containers.set(id, containerPaths(topology, id));
  return owners;
}

/** Moves one owner from `before` to `after` paths, telling `set` the ids that changed. */
function replace(before: Paths, after: Paths, set: Sink) {
  if (before === after) return;
  const kept = new Map<string, IngressPath>();
  for (const path of after) if (!kept.has(path.id)) kept.set(path.id, path);
  for (const path of before) if (!kept.has(path.id)) set(path.id, undefined);
  for (const path of kept.values()) set(path.id, path);
}

/**
 * Recomputes the paths of the services in `touched` and of every port container (a handful, and a
 * task's appearance decides whether its container's ports are its own paths), in place.
 */
export function updateIngress(
  owners: IngressOwners,
  context: IngressContext,
  touched: Iterable<string>,
  topology: Topology,
  set: Sink,
) {
  const services = context.source?.swarm.services ?? {};
  for (const id of touched) {
    const raw = services[id];
    const after = raw ? servicePaths(context, raw) : [];
    replace(owners.services.get(id) ?? [], after, set);
    if (raw) owners.services.set(id, after);
    else owners.services.delete(id);
  }
  for (const [id, before] of owners.containers) {
    if (context.portContainers.has(id)) continue;
    replace(before, [], set);
    owners.containers.delete(id);
  }
  for (const id of context.portContainers) {
    const after = containerPaths(topology, id);
    replace(owners.containers.get(id) ?? [], after, set);
    owners.containers.set(id, after);
  }
}
