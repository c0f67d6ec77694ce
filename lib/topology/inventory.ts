import type {
  ContainerInspect,
  EngineInfo,
  EngineVersion,
  NetworkInspect,
  SwarmNode,
  SwarmService,
  SwarmTask,
} from '@/lib/docker/engine-api';

import { jsonEqual } from './json-equal';
import { noteDerived } from './record-lineage';

/** The cluster-wide objects, read from a manager. */
export interface SwarmInventory {
  readonly nodes: Readonly<Record<string, SwarmNode>>;
  readonly services: Readonly<Record<string, SwarmService>>;
  readonly tasks: Readonly<Record<string, SwarmTask>>;
}

/**
 * Raw payloads the server fetched from one engine, keyed by id. The builder turns a list of these
 * into a `Topology`. Treat them as immutable: the updaters below return a new inventory that shares
 * every unchanged payload by reference, which is what lets `buildTopology` skip work.
 */
export interface EngineInventory {
  /** The server's name for the engine (stable across restarts, unlike ids). */
  readonly engine: string;
  readonly info: EngineInfo;
  readonly version?: EngineVersion;
  /** Networks as `GET /networks/{id}?verbose=true` returns them. */
  readonly networks: Readonly<Record<string, NetworkInspect>>;
  readonly containers: Readonly<Record<string, ContainerInspect>>;
  /** Only when the engine is a swarm manager (`info.Swarm.ControlAvailable`). */
  readonly swarm?: SwarmInventory;
}

export interface InventoryLists {
  engine: string;
  info: EngineInfo;
  version?: EngineVersion;
  networks: readonly NetworkInspect[];
  containers: readonly ContainerInspect[];
  swarm?: {
    nodes: readonly SwarmNode[];
    services: readonly SwarmService[];
    tasks: readonly SwarmTask[];
  };
}

/**
 * Keys `items` by id. An item equal to the one `previous` holds under the same id is replaced by that
 * older object, so a full re-listing shares every unchanged payload with the inventory it replaces.
 */
function byId<T>(
  items: readonly T[],
  id: (item: T) => string,
  previous: Readonly<Record<string, T>> | undefined,
): Readonly<Record<string, T>> {
  const record: Record<string, T> = {};
  let changed = previous === undefined || Object.keys(previous).length !== items.length;
  for (const item of items) {
    const key = id(item);
    const old = previous?.[key];
    if (old !== undefined && jsonEqual(old, item)) {
      record[key] = old;
    } else {
      record[key] = item;
      changed = true;
    }
  }
  return changed || previous === undefined ? record : previous;
}

/**
 * Builds an inventory from full listings (startup or resync). Pass the inventory it replaces as
 * `previous`: unchanged payloads then keep their old references (and unchanged collections their
 * old records), so the rebuilt topology keeps the identity of everything that did not change.
 */
export function createInventory(
  lists: InventoryLists,
  previous?: EngineInventory,
): EngineInventory {
  const info = previous && jsonEqual(previous.info, lists.info) ? previous.info : lists.info;
  const version =
    previous?.version && lists.version && jsonEqual(previous.version, lists.version)
      ? previous.version
      : lists.version;
  const before = previous?.swarm;
  const swarm: SwarmInventory | undefined = lists.swarm && {
    nodes: byId(lists.swarm.nodes, (node) => node.ID, before?.nodes),
    services: byId(lists.swarm.services, (service) => service.ID, before?.services),
    tasks: byId(lists.swarm.tasks, (task) => task.ID, before?.tasks),
  };
  const next: EngineInventory = {
    engine: lists.engine,
    info,
    networks: byId(lists.networks, (network) => network.Id, previous?.networks),
    containers: byId(lists.containers, (container) => container.Id, previous?.containers),
    ...(version ? { version } : {}),
    ...(swarm && before && sameSwarm(swarm, before) ? { swarm: before } : swarm ? { swarm } : {}),
  };
  return previous && sameInventory(next, previous) ? previous : next;
}

function sameSwarm(a: SwarmInventory, b: SwarmInventory): boolean {
  return a.nodes === b.nodes && a.services === b.services && a.tasks === b.tasks;
}

/** Shallow: every part is the same object (what `createInventory` produces when nothing changed). */
function sameInventory(a: EngineInventory, b: EngineInventory): boolean {
  return (
    a.engine === b.engine &&
    a.info === b.info &&
    a.version === b.version &&
    a.networks === b.networks &&
    a.containers === b.containers &&
    a.swarm === b.swarm
  );
}

/**
 * Sets (or, with `null`, removes) one entry. Returns `record` itself when nothing changes, including
 * when the new payload is structurally equal to the old one: the old reference is kept so the
 * builder's memo still hits.
 */
function withEntry<T>(
  record: Readonly<Record<string, T>>,
  id: string,
  next: T | null,
): Readonly<Record<string, T>> {
  const current = record[id];
  if (next === null) {
    if (current === undefined) return record;
    const rest = { ...record };
    delete rest[id];
    noteDerived(rest, record, [id]);
    return rest;
  }
  if (current !== undefined && jsonEqual(current, next)) return record;
  const changed = { ...record, [id]: next };
  noteDerived(changed, record, [id]);
  return changed;
}

export function withInfo(inventory: EngineInventory, info: EngineInfo): EngineInventory {
  return jsonEqual(inventory.info, info) ? inventory : { ...inventory, info };
}

export function withVersion(inventory: EngineInventory, version: EngineVersion): EngineInventory {
  return inventory.version && jsonEqual(inventory.version, version)
    ? inventory
    : { ...inventory, version };
}

/** After a container inspect; `null` when it was destroyed (or the inspect said 404). */
export function withContainer(
  inventory: EngineInventory,
  id: string,
  inspect: ContainerInspect | null,
): EngineInventory {
  const containers = withEntry(inventory.containers, id, inspect);
  return containers === inventory.containers ? inventory : { ...inventory, containers };
}

/** After a network inspect (verbose=true); `null` when it was removed (or the inspect said 404). */
export function withNetwork(
  inventory: EngineInventory,
  id: string,
  inspect: NetworkInspect | null,
): EngineInventory {
  const networks = withEntry(inventory.networks, id, inspect);
  return networks === inventory.networks ? inventory : { ...inventory, networks };
}

function withSwarm(
  inventory: EngineInventory,
  update: (swarm: SwarmInventory) => SwarmInventory,
): EngineInventory {
  // NOTE: only managers carry swarm objects; an update routed to a worker is a server bug, ignore it.
  if (!inventory.swarm) return inventory;
  const swarm = update(inventory.swarm);
  return swarm === inventory.swarm ? inventory : { ...inventory, swarm };
}

export function withNode(
  inventory: EngineInventory,
  id: string,
  node: SwarmNode | null,
): EngineInventory {
  return withSwarm(inventory, (swarm) => {
    const nodes = withEntry(swarm.nodes, id, node);
    return nodes === swarm.nodes ? swarm : { ...swarm, nodes };
  });
}

/** One task changed in place (an event's news about it); the same inventory when it is unknown. */
export function withTaskUpdated(
  inventory: EngineInventory,
  taskId: string,
  update: (task: SwarmTask) => SwarmTask,
): EngineInventory {
  return withSwarm(inventory, (swarm) => {
    const task = swarm.tasks[taskId];
    const next = task && update(task);
    if (!task || !next || next === task) return swarm;
    const tasks = { ...swarm.tasks, [taskId]: next };
    noteDerived(tasks, swarm.tasks, [taskId]);
    // NOTE: the same ids under the same services: the index still holds.
    if (next.ServiceID === task.ServiceID) taskIndex.set(tasks, tasksByService(swarm.tasks));
    return { ...swarm, tasks };
  });
}

/** After a service inspect; `null` when it was removed, which drops its tasks too. */
export function withService(
  inventory: EngineInventory,
  id: string,
  service: SwarmService | null,
): EngineInventory {
  return withSwarm(inventory, (swarm) => {
    const services = withEntry(swarm.services, id, service);
    const tasks = service === null ? replaceServiceTasks(swarm.tasks, id, []) : swarm.tasks;
    if (services === swarm.services && tasks === swarm.tasks) return swarm;
    return { ...swarm, services, tasks };
  });
}

/**
 * After `GET /tasks?filters={"service":[id]}`: replaces every task of `serviceId` with `tasks`.
 * Tasks equal to the ones held keep their old reference.
 */
export function withServiceTasks(
  inventory: EngineInventory,
  serviceId: string,
  tasks: readonly SwarmTask[],
): EngineInventory {
  return withSwarm(inventory, (swarm) => {
    const next = replaceServiceTasks(swarm.tasks, serviceId, tasks);
    return next === swarm.tasks ? swarm : { ...swarm, tasks: next };
  });
}

type TaskRecord = Readonly<Record<string, SwarmTask>>;

/**
 * The task ids of each service, kept with each (immutable) task record. NOTE: the hub re-reads a
 * moving service's tasks every 250 ms; at 10,000 tasks, walking them all to find one service's ten
 * cost milliseconds per listing, most of which change nothing.
 */
const taskIndex = new WeakMap<TaskRecord, ReadonlyMap<string, readonly string[]>>();

function tasksByService(record: TaskRecord): ReadonlyMap<string, readonly string[]> {
  let index = taskIndex.get(record);
  if (index) return index;
  const groups = new Map<string, string[]>();
  for (const [id, task] of Object.entries(record)) {
    const group = groups.get(task.ServiceID);
    if (group) group.push(id);
    else groups.set(task.ServiceID, [id]);
  }
  taskIndex.set(record, (index = groups));
  return index;
}

/** The ids of one service's tasks in a task record (kept with the record: see `taskIndex`). */
export function serviceTaskIds(record: TaskRecord, serviceId: string): readonly string[] {
  return tasksByService(record).get(serviceId) ?? [];
}

function replaceServiceTasks(
  current: TaskRecord,
  serviceId: string,
  tasks: readonly SwarmTask[],
): TaskRecord {
  const index = tasksByService(current);
  const held = index.get(serviceId) ?? [];
  // NOTE: a filtered listing only returns this service's tasks; guard anyway.
  const incoming = new Map(
    tasks.filter((task) => task.ServiceID === serviceId).map((task) => [task.ID, task]),
  );
  const same = (id: string) => {
    const task = incoming.get(id);
    return task !== undefined && jsonEqual(current[id], task);
  };
  if (held.length === incoming.size && held.every(same)) return current;
  const next: Record<string, SwarmTask> = { ...current };
  for (const id of held) if (!incoming.has(id)) delete next[id];
  for (const [id, task] of incoming) {
    const old = current[id];
    next[id] = old !== undefined && jsonEqual(old, task) ? old : task;
  }
  taskIndex.set(next, new Map(index).set(serviceId, [...incoming.keys()]));
  noteDerived(next, current, [...held, ...incoming.keys()]);
  return next;
}

/**
 * The host process id of each running container (`State.Pid` from its last inspect), per engine:
 * the traffic sampler's way into their network namespaces, at no Engine API cost.
 */
export function runningProcesses(
  inventories: readonly EngineInventory[],
): { engine: string; container: string; pid: number }[] {
  return inventories.flatMap((inventory) =>
    Object.values(inventory.containers).flatMap((container) => {
      const pid = container.State.Pid ?? 0;
      return container.State.Running && pid > 0
        ? [{ engine: inventory.engine, container: container.Id, pid }]
        : [];
    }),
  );
}
