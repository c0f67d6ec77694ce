import { isTaskCurrent, isTerminalTaskState } from '@/lib/topology/tasks';
import type { Topology } from '@/lib/topology/types';

import type { GraphOptions, ViewGraph, ViewNode } from '../model';
import type { Builder } from './builder';
import { assignClusters, sizeHubs } from './clusters';
import { addContainer } from './containers';
import { toGroups } from './groups';
import { addNetworks, addUplinks } from './networks';
import { addIngressPaths } from './ports';
import { applyQuery } from './query';
import { addService, addTask } from './services';
import { isContainerActive } from './status';

/** Hosts whose engine is disconnected or resyncing: what is on them may be out of date. */
function staleNodesOf(topology: Topology): Set<string> {
  const staleNodes = new Set<string>();
  for (const node of Object.values(topology.nodes)) {
    const engine = node.engine ? topology.engines[node.engine] : undefined;
    if (engine && (engine.stale || !engine.reachable)) staleNodes.add(node.id);
  }
  return staleNodes;
}

/** Service id → the nodes its current tasks run on. */
function serviceHostsOf(topology: Topology): Map<string, Set<string>> {
  const serviceHosts = new Map<string, Set<string>>();
  for (const task of Object.values(topology.tasks)) {
    if (!task.node || !isTaskCurrent(task)) continue;
    const hosts = serviceHosts.get(task.service) ?? new Set<string>();
    hosts.add(task.node);
    serviceHosts.set(task.service, hosts);
  }
  return serviceHosts;
}

/** Tasks (each with its container), then the containers that are not a task's, as layers allow. */
function addWorkloads(builder: Builder) {
  const { topology, layers } = builder;
  const taskContainers = new Set<string>();
  for (const task of Object.values(topology.tasks)) {
    const container = task.containerId ? topology.containers[task.containerId] : undefined;
    // NOTE: a task and its container are one element (the task), whichever layers are on.
    if (container) taskContainers.add(container.id);
    if (!layers.tasks) continue;
    // NOTE: a stopping task is drawn without the stopped layer: its container is still up.
    const shown = isTaskCurrent(task) || !isTerminalTaskState(task.state);
    if (!shown && !layers.stopped) continue;
    addTask(builder, task);
  }
  for (const container of Object.values(topology.containers)) {
    if (taskContainers.has(container.id)) continue;
    if (container.task && topology.tasks[container.task]) continue;
    if (container.service && !layers.tasks) continue;
    if (!isContainerActive(container) && !layers.stopped) continue;
    addContainer(builder, container);
  }
}

/**
 * Projects a topology onto the map's graph: networks as hubs, containers and tasks joined to them
 * by endpoint links (one element per container, one link per network), services linked to their
 * networks (VIP) and tasks, published ports and macvlan uplinks; hosts as regions.
 * Pure and deterministic: the same input gives the same ids and order.
 */
export function toGraph(topology: Topology, options: GraphOptions): ViewGraph {
  const { layers } = options;
  const staleNodes = staleNodesOf(topology);
  const builder: Builder = {
    topology,
    layers,
    nodes: new Map(),
    links: new Map(),
    staleNodes,
    serviceHosts: serviceHostsOf(topology),
  };

  addNetworks(builder);
  for (const service of Object.values(topology.services)) addService(builder, service);
  addWorkloads(builder);
  if (layers.ingress) addIngressPaths(builder);
  addUplinks(builder);

  const keep = applyQuery(builder, options.query);

  const nodes: ViewNode[] = [];
  for (const [id, { node }] of builder.nodes) if (!keep || keep.has(id)) nodes.push(node);
  const present = new Set(nodes.map((node) => node.id));
  const links = [...builder.links.values()].filter(
    (link) => present.has(link.source) && present.has(link.target),
  );
  assignClusters(topology, nodes, links);
  sizeHubs(nodes, links);

  const groups = toGroups(topology, nodes, keep !== null, staleNodes);
  return { nodes, links, groups };
}
