import type {
  ContainerInspect,
  EngineInfo,
  NetworkInspect,
  SwarmNode,
  SwarmService,
  SwarmTask,
} from '@/lib/docker/engine-api';

import {
  engineNodeId,
  toContainer,
  toEngine,
  toEngineHostNode,
  toNetwork,
  toService,
  toSwarmNode,
  toTask,
  type NetworkSighting,
} from './elements';
import { containerPortPaths, serviceIngressPaths } from './ingress';
import type { EngineInventory, SwarmInventory } from './inventory';
import { createMemo, reuseElementsById } from './memo';
import { emptyTopology } from './types';
import type {
  BridgePortPath,
  EngineState,
  HostModePath,
  SwarmIngressPath,
  Topology,
  TopologyContainer,
  TopologyEngine,
  TopologyNetwork,
  TopologyNode,
  TopologyService,
  TopologyTask,
} from './types';

/*
 * NOTE: module-level memo tables, keyed by raw payload. Inventories are immutable and their updaters
 * keep unchanged payloads by reference, so between two builds almost every lookup hits, and a hit
 * returns the very object the previous topology holds (diffTopology then skips it by identity).
 */
// NOTE: shared with the incremental builder (incremental.ts), so both hand out the same objects.
const memoEngine = createMemo<EngineInfo, TopologyEngine>();
const memoSwarmNode = createMemo<SwarmNode, TopologyNode>();
const memoHostNode = createMemo<EngineInfo, TopologyNode>();
const memoNetwork = createMemo<NetworkInspect, TopologyNetwork>();
const memoContainer = createMemo<ContainerInspect, TopologyContainer>();
const memoService = createMemo<SwarmService, TopologyService>();
const memoTask = createMemo<SwarmTask, TopologyTask>();
const memoServicePaths = createMemo<SwarmService, readonly (SwarmIngressPath | HostModePath)[]>(
  reuseElementsById,
);
const memoContainerPaths = createMemo<TopologyContainer, readonly BridgePortPath[]>(
  reuseElementsById,
);

/** The memo tables, for the incremental builder. */
export const memos = {
  network: memoNetwork,
  container: memoContainer,
  service: memoService,
  task: memoTask,
  servicePaths: memoServicePaths,
  containerPaths: memoContainerPaths,
};

/** One swarm as read from one of its managers. */
export interface SwarmSource {
  engine: string;
  swarm: SwarmInventory;
  /** All node ids of this swarm, sorted. */
  nodeIds: readonly string[];
}

function isFresh(engine: string, states: Readonly<Record<string, EngineState>>): boolean {
  const state = states[engine];
  return state === undefined || (state.reachable && !state.stale);
}

/**
 * One manager per swarm: several managers of the same cluster report the same objects, and merging
 * their views could resurrect objects one of them already saw removed. A fresh engine wins over a
 * stale one, then the caller's order decides.
 */
export function pickSwarmSources(
  inventories: readonly EngineInventory[],
  states: Readonly<Record<string, EngineState>>,
): SwarmSource[] {
  const chosen = new Map<string, EngineInventory>();
  for (const inventory of inventories) {
    if (!inventory.swarm) continue;
    const cluster = inventory.info.Swarm?.Cluster?.ID ?? `engine:${inventory.engine}`;
    const current = chosen.get(cluster);
    if (!current || (!isFresh(current.engine, states) && isFresh(inventory.engine, states))) {
      chosen.set(cluster, inventory);
    }
  }
  return [...chosen.values()].flatMap((inventory) =>
    inventory.swarm
      ? [
          {
            engine: inventory.engine,
            swarm: inventory.swarm,
            nodeIds: Object.keys(inventory.swarm.nodes).sort(),
          },
        ]
      : [],
  );
}

export function groupTasksByService(
  tasks: Readonly<Record<string, SwarmTask>>,
): Map<string, SwarmTask[]> {
  const groups = new Map<string, SwarmTask[]>();
  for (const task of Object.values(tasks)) {
    const group = groups.get(task.ServiceID);
    if (group) group.push(task);
    else groups.set(task.ServiceID, [task]);
  }
  return groups;
}

/**
 * Where a network exists. Local networks: the node of the engine that reports them. Swarm networks:
 * every node whose engine has instantiated them (local endpoints present), for a node whose engine
 * is not read every gossip peer that names it, and for the ingress network every node of the swarm
 * (each node has its `ingress-sbox`).
 * NOTE: a read engine's own inspect is the word on its node. Its peers' lists change without an
 * event on their engines (found in CI: after a drain, the drained node stayed on the overlays for
 * good, named by its peers' last inspects), while its own `create`/`destroy` events are streamed.
 */
export function networkNodes(
  sightings: readonly NetworkSighting[],
  unreadNodeByAddress: ReadonlyMap<string, string>,
  swarmNodesByEngine: ReadonlyMap<string, readonly string[]>,
): string[] {
  const nodes = new Set<string>();
  for (const { engine, node, network } of sightings) {
    if (network.Scope !== 'swarm') {
      nodes.add(node);
      continue;
    }
    // NOTE: a manager lists every swarm network, instantiated here or not; only local endpoints
    // prove the network is present on this node.
    if (Object.keys(network.Containers ?? {}).some(isAttachedEndpoint)) nodes.add(node);
    for (const peer of network.Peers ?? []) {
      const peerNode = unreadNodeByAddress.get(peer.IP);
      if (peerNode) nodes.add(peerNode);
    }
    if (network.Ingress) for (const id of swarmNodesByEngine.get(engine) ?? []) nodes.add(id);
  }
  return [...nodes].sort();
}

/**
 * Whether a network inspect's `Containers` key is an endpoint in use: a container or the load
 * balancer. `ep-<id>` is an endpoint no sandbox has joined yet.
 * NOTE: seen on the lab: a task's endpoint shows as `ep-` a second before the engine sends the
 * network's `create` event; counting it would put the network on the node before any event could.
 */
function isAttachedEndpoint(key: string): boolean {
  return !key.startsWith('ep-');
}

/** Nodes by address, for peers to name: only the nodes no read engine speaks for. */
export function unreadNodesByAddress(
  nodes: Iterable<TopologyNode>,
  readNodes: Iterable<string>,
): Map<string, string> {
  const read = new Set(readNodes);
  const byAddress = new Map<string, string>();
  for (const node of nodes)
    if (node.address && !read.has(node.id)) byAddress.set(node.address, node.id);
  return byAddress;
}

/** Why a swarm node no engine of which is read shows only its swarm tasks (the server says more). */
export const UNREAD_NODE =
  'Portolan reads no engine on this node: its swarm tasks show from the manager, its own ' +
  'containers are not visible.';

/**
 * Merges the inventories of several engines into one topology.
 *
 * - Swarm objects (nodes, services, tasks) come from one manager per swarm.
 * - Containers come only from the engine that runs them, placed on that engine's node.
 * - A swarm network has one id on every node: its sightings merge into one element (presence and
 *   per-node load balancers). Local networks such as `bridge` have a different id per engine and
 *   stay separate elements.
 * - `engineStates` adds engines we hold no inventory for (never reached) and marks stale ones.
 * - A swarm node no engine of which is read carries `unreadReason` (see SwarmHostNode.unread).
 */
export function buildTopology(
  inventories: readonly EngineInventory[],
  engineStates: Readonly<Record<string, EngineState>>,
  version: number,
  unreadReason: string = UNREAD_NODE,
): Topology {
  const sources = pickSwarmSources(inventories, engineStates);
  const topology: Topology = emptyTopology(version);

  // Engines, and which engine runs on which node.
  const engineByNode = new Map<string, string>();
  const nodeByEngine = new Map<string, string>();
  for (const inventory of inventories) {
    const { engine, info } = inventory;
    if (topology.engines[engine]) continue;
    const state = engineStates[engine];
    const node = engineNodeId(engine, info);
    nodeByEngine.set(engine, node);
    if (!engineByNode.has(node)) engineByNode.set(node, engine);
    topology.engines[engine] = memoEngine(
      info,
      [engine, inventory.version, state?.reachable, state?.stale, state?.error],
      () => toEngine(engine, state, info, inventory.version),
    );
  }
  for (const [engine, state] of Object.entries(engineStates)) {
    topology.engines[engine] ??= toEngine(engine, state, undefined, undefined);
  }

  // Nodes: the swarm's own view first, then a host node for every engine not covered by it.
  const swarmNodesByEngine = new Map<string, readonly string[]>();
  for (const source of sources) {
    for (const raw of Object.values(source.swarm.nodes)) {
      const engine = engineByNode.get(raw.ID) ?? null;
      const unread = engine === null ? unreadReason : null;
      topology.nodes[raw.ID] ??= memoSwarmNode(raw, [engine, unread], () =>
        unread === null ? toSwarmNode(raw, engine) : { ...toSwarmNode(raw, engine), unread },
      );
    }
    for (const id of source.nodeIds) {
      const engine = engineByNode.get(id);
      if (engine) swarmNodesByEngine.set(engine, source.nodeIds);
    }
  }
  for (const { engine, info } of inventories) {
    const node = nodeByEngine.get(engine);
    if (node === undefined || topology.nodes[node]) continue;
    topology.nodes[node] = memoHostNode(info, [engine], () => toEngineHostNode(engine, info));
  }
  const unreadNodeByAddress = unreadNodesByAddress(
    Object.values(topology.nodes),
    nodeByEngine.values(),
  );

  // Networks: group every engine's sighting by id; a manager's copy is the primary one.
  const sourceEngines = new Set(sources.map((source) => source.engine));
  const sightingsById = new Map<string, NetworkSighting[]>();
  for (const { engine, networks } of inventories) {
    const node = nodeByEngine.get(engine);
    if (node === undefined) continue;
    for (const network of Object.values(networks)) {
      const sighting = { engine, node, network };
      const sightings = sightingsById.get(network.Id);
      if (!sightings) sightingsById.set(network.Id, [sighting]);
      else if (sourceEngines.has(engine)) sightings.unshift(sighting);
      else sightings.push(sighting);
    }
  }
  for (const [id, sightings] of sightingsById) {
    const primary = sightings[0]?.network;
    if (!primary) continue;
    const nodes = networkNodes(sightings, unreadNodeByAddress, swarmNodesByEngine);
    const deps = [nodes.join(','), ...sightings.flatMap((s) => [s.node, s.network])];
    topology.networks[id] = memoNetwork(primary, deps, () => toNetwork(primary, sightings, nodes));
  }

  // Containers, each from the engine that runs it.
  for (const { engine, containers } of inventories) {
    const node = nodeByEngine.get(engine);
    if (node === undefined) continue;
    for (const raw of Object.values(containers)) {
      topology.containers[raw.Id] ??= memoContainer(raw, [engine, node], () =>
        toContainer(raw, engine, node),
      );
    }
  }

  // Services, tasks and their published ports.
  for (const source of sources) {
    const ingressNetwork =
      Object.values(topology.networks).find(
        (network) => network.ingress && network.nodes.some((node) => source.nodeIds.includes(node)),
      )?.id ?? null;
    const swarmContext = { nodes: source.nodeIds, ingressNetwork };
    const nodesKey = source.nodeIds.join(',');
    const tasksByService = groupTasksByService(source.swarm.tasks);
    for (const raw of Object.values(source.swarm.services)) {
      const tasks = tasksByService.get(raw.ID) ?? [];
      topology.services[raw.ID] ??= memoService(raw, tasks, () => toService(raw, tasks));
      const paths = memoServicePaths(raw, [nodesKey, ingressNetwork, ...tasks], () =>
        serviceIngressPaths(raw, tasks, swarmContext),
      );
      for (const path of paths) topology.ingress[path.id] ??= path;
    }
    for (const raw of Object.values(source.swarm.tasks)) {
      const serviceName = source.swarm.services[raw.ServiceID]?.Spec.Name ?? null;
      topology.tasks[raw.ID] ??= memoTask(raw, [serviceName], () => toTask(raw, serviceName));
    }
  }

  // Bridge port mappings. A swarm task's host-mode port is already a `host` path of its service.
  for (const container of Object.values(topology.containers)) {
    if (container.ports.length === 0) continue;
    if (container.task && topology.tasks[container.task]) continue;
    for (const path of memoContainerPaths(container, [], () => containerPortPaths(container))) {
      topology.ingress[path.id] ??= path;
    }
  }

  return topology;
}
