/*
 * The lab swarm as recorded by record.sh: three engines (node-1 manager, node-2 and node-3
 * workers) with the seeded topology, plus each engine's replayed events. Payloads pass the same
 * boundary guards the server uses, so a fixture that drifts from engine-api.ts fails loudly here.
 */
import {
  isContainerInspect,
  isEngineInfo,
  isEngineVersion,
  isNetworkInspect,
  isSwarmNode,
  isSwarmService,
  isSwarmTask,
} from '@/lib/docker/engine-api';
import {
  createInventory,
  type EngineInventory,
  type InventoryLists,
} from '@/lib/topology/inventory';

import events1 from './events-node-1.jsonl?raw';
import events2 from './events-node-2.jsonl?raw';
import events3 from './events-node-3.jsonl?raw';
import node1 from './lab-node-1.json';
import node2 from './lab-node-2.json';
import node3 from './lab-node-3.json';

export type LabEngine = 'node-1' | 'node-2' | 'node-3';

export const LAB_ENGINES: readonly LabEngine[] = ['node-1', 'node-2', 'node-3'];

function listOf<T>(raw: unknown, guard: (item: unknown) => item is T, what: string): T[] {
  if (!Array.isArray(raw)) throw new Error(`fixture: ${what} is not a list`);
  return raw.map((item: unknown, index) => {
    if (!guard(item)) throw new Error(`fixture: ${what}[${index}] has an unexpected shape`);
    return item;
  });
}

function parseLists(raw: unknown): InventoryLists {
  const fixture = raw as Record<string, unknown>;
  const { engine, info, version, swarm } = fixture;
  if (typeof engine !== 'string' || !isEngineInfo(info) || !isEngineVersion(version)) {
    throw new Error('fixture: engine, info or version missing');
  }
  const lists: InventoryLists = {
    engine,
    info,
    version,
    networks: listOf(fixture.networks, isNetworkInspect, 'networks'),
    containers: listOf(fixture.containers, isContainerInspect, 'containers'),
  };
  if (swarm) {
    const parts = swarm as Record<string, unknown>;
    lists.swarm = {
      nodes: listOf(parts.nodes, isSwarmNode, 'swarm.nodes'),
      services: listOf(parts.services, isSwarmService, 'swarm.services'),
      tasks: listOf(parts.tasks, isSwarmTask, 'swarm.tasks'),
    };
  }
  return lists;
}

const LISTS: Record<LabEngine, InventoryLists> = {
  'node-1': parseLists(node1),
  'node-2': parseLists(node2),
  'node-3': parseLists(node3),
};

const EVENT_LINES: Record<LabEngine, string> = {
  'node-1': events1,
  'node-2': events2,
  'node-3': events3,
};

/** The recorded inventory of one lab engine (a fresh object each call, payloads shared). */
export function labInventory(engine: LabEngine): EngineInventory {
  return createInventory(LISTS[engine]);
}

/** All three engines, manager first. */
export function labInventories(): EngineInventory[] {
  return LAB_ENGINES.map(labInventory);
}

/** The recorded `GET /events` lines of one engine, parsed. */
export function labEvents(engine: LabEngine): unknown[] {
  return EVENT_LINES[engine]
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line));
}

/** The recorded listings of one lab engine, as the server's inventory read returns them. */
export function labLists(engine: LabEngine): InventoryLists {
  return LISTS[engine];
}
