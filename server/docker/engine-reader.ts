import type Docker from 'dockerode';

import {
  isContainerInspect,
  isEngineInfo,
  isEngineVersion,
  isNetworkInspect,
  isSwarmNode,
  isSwarmService,
  isSwarmTask,
  type ContainerInspect,
  type EngineInfo,
  type EngineVersion,
  type NetworkInspect,
  type SwarmNode,
  type SwarmService,
  type SwarmTask,
} from '@/lib/docker/engine-api';
import type { InventoryLists } from '@/lib/topology/inventory';

import { withTimeout } from './client';
import { engineStatus } from './engine-errors';

const CALL_TIMEOUT_MS = 10_000;
// NOTE: an inventory inspects every network and container; a few at a time keeps a big engine
// responsive without serialising everything behind one socket.
const INSPECT_CONCURRENCY = 8;
/**
 * NOTE: and at most this many across every engine: at 100 engines read at once (a start, the
 * scale bench) 800 inspects in flight made each wait for the others' parsing past its timeout,
 * the links dropped and the reads began again, for ever.
 */
const INVENTORY_INSPECTS = 32;
let inventoryInspects = 0;
const waitingInspects: (() => void)[] = [];

async function sharedSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (inventoryInspects >= INVENTORY_INSPECTS) {
    await new Promise<void>((resolve) => waitingInspects.push(resolve));
  } else {
    inventoryInspects += 1;
  }
  try {
    return await fn();
  } finally {
    // NOTE: the slot goes straight to the next in line, so nobody slips in between.
    const next = waitingInspects.shift();
    if (next) next();
    else inventoryInspects -= 1;
  }
}

/** The engine said the payload was not what the API documents. */
export class UnexpectedPayloadError extends Error {
  constructor(what: string) {
    super(`unexpected payload from ${what}`);
  }
}

/** A read that answers `null` for 404 (the object is gone), and checks the payload's shape. */
async function read<T>(
  what: string,
  call: () => Promise<unknown>,
  guard: (raw: unknown) => raw is T,
): Promise<T | null> {
  try {
    const raw = await withTimeout(call(), CALL_TIMEOUT_MS, what);
    if (!guard(raw)) throw new UnexpectedPayloadError(what);
    return raw;
  } catch (error) {
    if (engineStatus(error) === 404) return null;
    throw error;
  }
}

async function list<T>(
  what: string,
  call: () => Promise<unknown>,
  guard: (raw: unknown) => raw is T,
): Promise<T[]> {
  const raw = await withTimeout(call(), CALL_TIMEOUT_MS, what);
  if (!Array.isArray(raw)) throw new UnexpectedPayloadError(what);
  return raw.filter(guard);
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const hasId = (raw: unknown): raw is { Id: string } =>
  typeof raw === 'object' && raw !== null && typeof (raw as { Id?: unknown }).Id === 'string';

/** Every Engine API read Portolan makes, one method per request, typed at the boundary. */
export function createEngineReader(docker: Docker) {
  const reader = {
    info: () => read('GET /info', () => docker.info(), isEngineInfo),
    version: () => read('GET /version', () => docker.version(), isEngineVersion),
    inspectNetwork: (id: string): Promise<NetworkInspect | null> =>
      read(
        `GET /networks/${id}`,
        () => {
          // NOTE: @types/dockerode omits inspect's query options; `verbose` lists LB endpoints.
          const network = docker.getNetwork(id);
          const inspect = network.inspect as unknown as (options: object) => Promise<unknown>;
          return inspect.call(network, { verbose: true });
        },
        isNetworkInspect,
      ),
    inspectContainer: (id: string): Promise<ContainerInspect | null> =>
      read(
        `GET /containers/${id}/json`,
        () => docker.getContainer(id).inspect(),
        isContainerInspect,
      ),
    inspectNode: (id: string): Promise<SwarmNode | null> =>
      read(`GET /nodes/${id}`, () => docker.getNode(id).inspect(), isSwarmNode),
    inspectService: (id: string): Promise<SwarmService | null> =>
      read(`GET /services/${id}`, () => docker.getService(id).inspect(), isSwarmService),
    // NOTE: a removed service's task containers still report die/destroy; its tasks are then
    // simply none (the engine answers 404 for the filter).
    listServiceTasks: (serviceId: string): Promise<SwarmTask[]> =>
      list(
        'GET /tasks',
        () => docker.listTasks({ filters: { service: [serviceId] } }),
        isSwarmTask,
      ).catch((error: unknown) => {
        if (engineStatus(error) === 404) return [];
        throw error;
      }),

    /** A full read of one engine: used at connect, after any gap, and for the rare reconcile. */
    async inventory(engine: string): Promise<InventoryLists> {
      const [info, version] = await Promise.all([reader.info(), reader.version()]);
      if (!info) throw new UnexpectedPayloadError('GET /info');
      const [networkList, containerList] = await Promise.all([
        list('GET /networks', () => docker.listNetworks(), hasId),
        list('GET /containers/json', () => docker.listContainers({ all: true }), hasId),
      ]);
      const [networks, containers] = await Promise.all([
        mapLimited(networkList, INSPECT_CONCURRENCY, (item) =>
          sharedSlot(() => reader.inspectNetwork(item.Id)),
        ),
        mapLimited(containerList, INSPECT_CONCURRENCY, (item) =>
          sharedSlot(() => reader.inspectContainer(item.Id)),
        ),
      ]);
      const lists: InventoryLists = {
        engine,
        info,
        networks: networks.filter((item): item is NetworkInspect => item !== null),
        containers: containers.filter((item): item is ContainerInspect => item !== null),
      };
      if (version) lists.version = version;
      if (isSwarmManager(info)) {
        const [nodes, services, tasks] = await Promise.all([
          list('GET /nodes', () => docker.listNodes(), isSwarmNode),
          list('GET /services', () => docker.listServices(), isSwarmService),
          list('GET /tasks', () => docker.listTasks(), isSwarmTask),
        ]);
        lists.swarm = { nodes, services, tasks };
      }
      return lists;
    },
  };
  return reader;
}

export type EngineReader = ReturnType<typeof createEngineReader>;

export function isSwarmManager(info: EngineInfo): boolean {
  return info.Swarm?.LocalNodeState === 'active' && info.Swarm.ControlAvailable === true;
}

export type { EngineVersion };
