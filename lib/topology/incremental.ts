/*
 * An incremental `buildTopology` + `diffTopology`: after an event, only the networks, containers,
 * services and tasks whose payloads changed are built again, and the patch's ops come from them,
 * instead of rebuilding and comparing every element (at 10,000 containers that is the server's cost
 * per event). The result equals a full build (incremental.test.ts replays random changes and
 * compares); whatever it does not follow (engines, their states, swarm nodes, a second swarm) makes
 * it build in full.
 */
import type { SwarmTask } from '@/lib/docker/engine-api';

import {
  buildTopology,
  groupTasksByService,
  memos,
  networkNodes,
  unreadNodesByAddress,
  pickSwarmSources,
  type SwarmSource,
} from './build';
import { diffTopology, type PatchOp } from './diff';
import { engineNodeId, toContainer, toNetwork, toService, toTask } from './elements';
import type { NetworkSighting } from './elements';
import { copyingOwner, type CollectionOwner } from './collection-owner';
import { createDraft, type TopologyDraft } from './draft';
import { ingressOwners, updateIngress, type IngressOwners } from './incremental-ingress';
import type { EngineInventory } from './inventory';
import { jsonEqual } from './json-equal';
import { changedSince } from './record-lineage';
import type { EngineState, IngressPath, Topology } from './types';

export interface BuildResult {
  /** The topology built: the one given when nothing changed (no ops). */
  topology: Topology;
  /** The ops from the previous topology to this one (as `diffTopology` would find them). */
  ops: PatchOp[];
  /** Whether everything was built again (a change the incremental path does not follow). */
  full: boolean;
}

/** What a full build leaves behind for the next incremental one. */
interface Basis {
  inventories: readonly EngineInventory[];
  states: Readonly<Record<string, EngineState>>;
  topology: Topology;
  source: SwarmSource | null;
  nodeByEngine: Map<string, string>;
  unreadNodeByAddress: Map<string, string>;
  swarmNodesByEngine: Map<string, readonly string[]>;
  ingressNetwork: string | null;
  /** Source tasks per service, in the order of the source's task record. */
  tasksByService: Map<string, Map<string, SwarmTask>>;
  /** Containers with published ports (bridge port paths). */
  portContainers: Set<string>;
  /** The ingress paths of each service and port container (incremental-ingress.ts). */
  ingress: IngressOwners;
  unreadReason: string | undefined;
}

/** Keys whose value is not the same object in `b` as in `a` (added, changed or removed). */
function changedKeys<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): string[] {
  if (a === b) return [];
  const noted = changedSince(a, b);
  if (noted) return [...noted].filter((key) => a[key] !== b[key]);
  const keys: string[] = [];
  for (const key in b) if (a[key] !== b[key]) keys.push(key);
  for (const key in a) if (!(key in b)) keys.push(key);
  return keys;
}

/** The ids of one kind of record that changed on any engine since the basis was built. */
function changedAcross(
  basis: Basis,
  inventories: readonly EngineInventory[],
  kind: 'networks' | 'containers',
): Set<string> {
  const changed = new Set<string>();
  inventories.forEach((inventory, i) => {
    const before = (basis.inventories[i] as EngineInventory)[kind];
    for (const id of changedKeys<unknown>(before, inventory[kind])) changed.add(id);
  });
  return changed;
}

function sameStates(
  a: Readonly<Record<string, EngineState>>,
  b: Readonly<Record<string, EngineState>>,
) {
  return a === b || jsonEqual(a, b);
}

/** The inputs an incremental build does not follow are all unchanged. */
function followable(
  basis: Basis,
  inventories: readonly EngineInventory[],
  states: Readonly<Record<string, EngineState>>,
) {
  if (basis.inventories.length !== inventories.length || !sameStates(basis.states, states))
    return false;
  const sources = pickSwarmSources(inventories, states);
  if (sources.length > 1 || (sources[0]?.engine ?? null) !== (basis.source?.engine ?? null))
    return false;
  for (let i = 0; i < inventories.length; i++) {
    const before = basis.inventories[i] as EngineInventory;
    const after = inventories[i] as EngineInventory;
    if (before.engine !== after.engine || before.info !== after.info) return false;
    if (before.version !== after.version || !before.swarm !== !after.swarm) return false;
    if (before.swarm && after.swarm && before.swarm.nodes !== after.swarm.nodes) return false;
  }
  return true;
}

function ingressOf(topology: Topology, source: SwarmSource | null): string | null {
  if (!source) return null;
  return (
    Object.values(topology.networks).find(
      (network) => network.ingress && network.nodes.some((node) => source.nodeIds.includes(node)),
    )?.id ?? null
  );
}

function basisOf(
  inventories: readonly EngineInventory[],
  states: Readonly<Record<string, EngineState>>,
  topology: Topology,
): Basis {
  const source = pickSwarmSources(inventories, states)[0] ?? null;
  const nodeByEngine = new Map<string, string>();
  for (const { engine, info } of inventories) {
    if (!nodeByEngine.has(engine)) nodeByEngine.set(engine, engineNodeId(engine, info));
  }
  const unreadNodeByAddress = unreadNodesByAddress(
    Object.values(topology.nodes),
    nodeByEngine.values(),
  );
  const swarmNodesByEngine = new Map<string, readonly string[]>();
  if (source) {
    const engineByNode = new Map<string, string>();
    for (const [engine, node] of nodeByEngine)
      if (!engineByNode.has(node)) engineByNode.set(node, engine);
    for (const id of source.nodeIds) {
      const engine = engineByNode.get(id);
      if (engine) swarmNodesByEngine.set(engine, source.nodeIds);
    }
  }
  const tasksByService = new Map<string, Map<string, SwarmTask>>();
  for (const [service, tasks] of groupTasksByService(source?.swarm.tasks ?? {})) {
    tasksByService.set(service, new Map(tasks.map((task) => [task.ID, task])));
  }
  const portContainers = new Set<string>();
  for (const container of Object.values(topology.containers))
    if (container.ports.length > 0) portContainers.add(container.id);
  const ingressNetwork = ingressOf(topology, source);
  const context = { source, ingressNetwork, tasksByService, portContainers };
  return {
    inventories: [...inventories],
    states,
    topology,
    source,
    nodeByEngine,
    unreadNodeByAddress,
    swarmNodesByEngine,
    ingressNetwork,
    tasksByService,
    portContainers,
    ingress: ingressOwners(context, topology),
    unreadReason: undefined,
  };
}

/** The sightings of one network, in the order `buildTopology` makes them. */
function sightingsOf(
  id: string,
  basis: Basis,
  inventories: readonly EngineInventory[],
): NetworkSighting[] {
  const sightings: NetworkSighting[] = [];
  for (const { engine, networks } of inventories) {
    const node = basis.nodeByEngine.get(engine);
    const network = networks[id];
    if (node === undefined || !network) continue;
    const sighting = { engine, node, network };
    if (sightings.length > 0 && basis.source?.engine === engine) sightings.unshift(sighting);
    else sightings.push(sighting);
  }
  return sightings;
}

function updateNetworks(basis: Basis, inventories: readonly EngineInventory[], d: TopologyDraft) {
  const changed = changedAcross(basis, inventories, 'networks');
  for (const id of changed) {
    const sightings = sightingsOf(id, basis, inventories);
    const primary = sightings[0]?.network;
    if (!primary) {
      d.set('networks', id, undefined);
      continue;
    }
    const nodes = networkNodes(sightings, basis.unreadNodeByAddress, basis.swarmNodesByEngine);
    const deps = [nodes.join(','), ...sightings.flatMap((s) => [s.node, s.network])];
    d.set(
      'networks',
      id,
      memos.network(primary, deps, () => toNetwork(primary, sightings, nodes)),
    );
  }
  return changed.size > 0;
}

function updateContainers(
  basis: Basis,
  inventories: readonly EngineInventory[],
  d: TopologyDraft,
  /** Containers the caller patched itself since the last build: derived again from their payloads. */
  recheck: ReadonlySet<string>,
) {
  const changed = changedAcross(basis, inventories, 'containers');
  for (const id of recheck) changed.add(id);
  for (const id of changed) {
    // NOTE: the first engine (in order) that reports a container id wins, as in a full build.
    const owner = inventories.find(
      (inventory) => inventory.containers[id] && basis.nodeByEngine.has(inventory.engine),
    );
    const raw = owner?.containers[id];
    if (!owner || !raw) {
      d.set('containers', id, undefined);
      basis.portContainers.delete(id);
      continue;
    }
    const node = basis.nodeByEngine.get(owner.engine) as string;
    const container = memos.container(raw, [owner.engine, node], () =>
      toContainer(raw, owner.engine, node),
    );
    d.set('containers', id, container);
    if (container.ports.length > 0) basis.portContainers.add(id);
    else basis.portContainers.delete(id);
  }
  return changed.size > 0;
}

/** Services and tasks of the one swarm source; the services touched (none when nothing changed). */
function updateSwarm(basis: Basis, source: SwarmSource | null, d: TopologyDraft): Set<string> {
  const before = basis.source?.swarm;
  const after = source?.swarm;
  if (!before || !after || (before.services === after.services && before.tasks === after.tasks))
    return new Set();
  const touchedServices = new Set(changedKeys(before.services, after.services));
  for (const id of changedKeys(before.tasks, after.tasks)) {
    const old = before.tasks[id];
    const raw = after.tasks[id];
    if (old) {
      touchedServices.add(old.ServiceID);
      if (!raw || raw.ServiceID !== old.ServiceID)
        basis.tasksByService.get(old.ServiceID)?.delete(id);
    }
    if (raw) {
      touchedServices.add(raw.ServiceID);
      const group = basis.tasksByService.get(raw.ServiceID) ?? new Map<string, SwarmTask>();
      group.set(id, raw);
      basis.tasksByService.set(raw.ServiceID, group);
      const serviceName = after.services[raw.ServiceID]?.Spec.Name ?? null;
      d.set(
        'tasks',
        id,
        memos.task(raw, [serviceName], () => toTask(raw, serviceName)),
      );
    } else {
      d.set('tasks', id, undefined);
    }
  }
  for (const id of touchedServices) {
    const raw = after.services[id];
    const renamed = before.services[id]?.Spec.Name !== raw?.Spec.Name;
    const tasks = [...(basis.tasksByService.get(id)?.values() ?? [])];
    if (tasks.length === 0) basis.tasksByService.delete(id);
    if (renamed) {
      // A task's element carries its service's name.
      const serviceName = raw?.Spec.Name ?? null;
      for (const task of tasks)
        d.set(
          'tasks',
          task.ID,
          memos.task(task, [serviceName], () => toTask(task, serviceName)),
        );
    }
    d.set('services', id, raw ? memos.service(raw, tasks, () => toService(raw, tasks)) : undefined);
  }
  return touchedServices;
}

/**
 * `built`, or `previous` when no op leads from it to `built` (they are equal but for the version).
 * NOTE: a caller publishes no patch and no new version for a build that changed nothing: it keeps
 * `previous`, and so must the builder, or the next build would not start from what the caller
 * holds and would be a full one (a task listing that changed nothing did that, at 10,000 tasks).
 */
function unlessUnchanged(ops: readonly PatchOp[], built: Topology, previous: Topology): Topology {
  return ops.length > 0 ? built : previous;
}

/**
 * A builder that remembers its last build; `build` answers the new topology and the ops from the
 * topology the caller holds. A patch the caller applied itself (an event's implied state) is told
 * with `applied`: the next build starts from the topology it made.
 */
export function createTopologyBuilder(
  /** How the topologies it builds may be written (collection-owner.ts); each build copies by default. */
  owner: CollectionOwner = copyingOwner,
) {
  let basis: Basis | null = null;
  /** The caller's topology: the last build, with the patches it applied since. */
  let held: Topology | null = null;
  /** Containers those patches changed. */
  let recheck = new Set<string>();

  const full = (
    inventories: readonly EngineInventory[],
    states: Readonly<Record<string, EngineState>>,
    previous: Topology,
    version: number,
    unreadReason?: string,
  ): BuildResult => {
    const built = buildTopology(inventories, states, version, unreadReason);
    const ops = diffTopology(previous, built);
    const topology = unlessUnchanged(ops, built, previous);
    basis = { ...basisOf(inventories, states, topology), unreadReason };
    held = topology;
    recheck = new Set();
    return { topology, ops, full: true };
  };

  return {
    build(
      inventories: readonly EngineInventory[],
      states: Readonly<Record<string, EngineState>>,
      previous: Topology,
      version: number,
      /** As `buildTopology`'s. */
      unreadReason?: string,
    ): BuildResult {
      const again = () => full(inventories, states, previous, version, unreadReason);
      if (!basis || held !== previous || basis.unreadReason !== unreadReason) return again();
      if (!followable(basis, inventories, states)) return again();
      const source = pickSwarmSources(inventories, states)[0] ?? null;
      const d = createDraft(basis.topology, version, owner);
      const networks = updateNetworks(basis, inventories, d);
      if (networks && ingressOf(d.next, source) !== basis.ingressNetwork) {
        // NOTE: the full build diffs against `previous`, whose collections the draft may share.
        d.undo();
        return again();
      }
      const containers = updateContainers(basis, inventories, d, recheck);
      const services = updateSwarm(basis, source, d);
      if (containers || services.size > 0) {
        const context = { ...basis, source };
        const set = (id: string, path: IngressPath | undefined) => d.set('ingress', id, path);
        updateIngress(basis.ingress, context, services, d.next, set);
      }
      const ops = d.ops();
      const topology = unlessUnchanged(ops, d.next, previous);
      // NOTE: a copy: a caller may change its array in place.
      basis = { ...basis, inventories: [...inventories], states, source, topology };
      held = topology;
      recheck = new Set();
      return { topology, ops, full: false };
    },
    /** The caller applied `ops` to `before` itself, making `after`. */
    applied(ops: readonly PatchOp[], before: Topology, after: Topology) {
      const containers = ops.every((op) => op.op !== 'reset' && op.collection === 'containers');
      // NOTE: anything else than containers (not made by the hub today) makes the next build full.
      if (!basis || before !== held || !containers) {
        held = null;
        return;
      }
      // NOTE: the next build starts from `after`, deriving those containers again: when the
      // inspect then confirms what the event implied, the container is not written again (no
      // second copy of 10,000 containers per event).
      for (const op of ops) if (op.op !== 'reset') recheck.add(op.id);
      basis = { ...basis, topology: after };
      held = after;
    },
  };
}
