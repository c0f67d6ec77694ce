/*
 * A stack deployed in the lab and recorded by record-stack.sh at two moments: every task running
 * (`steady`), and inside a stop grace period after two scale-downs (`stopping`). Each moment has
 * the three engines' payloads (cut down to the recording's objects) and what `nslookup NAME
 * 127.0.0.11` answered inside every running fxstk container, for every name asked.
 *
 * What was deployed: stack `fxstk` (networks fxstk_edge and fxstk_core; `front` vip on both, 2
 * replicas, 18631→80; `cache` dnsrr on core with the compose alias `redis`, 2 replicas; `api` vip
 * on edge), services `fxstk-kv` (vip, `--network name=fxstk_core,alias=kv,alias=store`, 1 replica)
 * and `fxstk-slow` (vip, alias `slowpoke` on core, 3 replicas), both ignoring SIGTERM with a 90 s
 * grace period; on node-1 the bridge fxstk-br with fxstk-host (alias hostalias), fxstk-peer, and
 * fxstk-side started with `--network container:fxstk-host`. `stopping`: fxstk-slow scaled 3 → 1
 * and fxstk-kv 1 → 0, recorded 6 s later.
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
import { buildTopology } from '@/lib/topology/build';
import { createInventory, type InventoryLists } from '@/lib/topology/inventory';
import type { Topology } from '@/lib/topology/types';

import steady from './stack-steady.json';
import stopping from './stack-stopping.json';

export type StackMoment = 'steady' | 'stopping';

/** What the lookups inside one container answered: name → sorted addresses ([] for none). */
export interface RecordedLookups {
  engine: string;
  container: string;
  answers: Record<string, string[]>;
}

export interface StackRecording {
  topology: Topology;
  names: string[];
  lookups: RecordedLookups[];
}

function listOf<T>(raw: unknown, guard: (item: unknown) => item is T, what: string): T[] {
  if (!Array.isArray(raw)) throw new Error(`stack fixture: ${what} is not a list`);
  return raw.map((item: unknown, index) => {
    if (!guard(item)) throw new Error(`stack fixture: ${what}[${index}] has an unexpected shape`);
    return item;
  });
}

function parseEngine(raw: unknown): InventoryLists {
  const fixture = raw as Record<string, unknown>;
  const { engine, info, version, swarm } = fixture;
  if (typeof engine !== 'string' || !isEngineInfo(info) || !isEngineVersion(version)) {
    throw new Error('stack fixture: engine, info or version missing');
  }
  const parts = swarm as Record<string, unknown> | undefined;
  return {
    engine,
    info,
    version,
    networks: listOf(fixture.networks, isNetworkInspect, 'networks'),
    containers: listOf(fixture.containers, isContainerInspect, 'containers'),
    ...(parts
      ? {
          swarm: {
            nodes: listOf(parts.nodes, isSwarmNode, 'swarm.nodes'),
            services: listOf(parts.services, isSwarmService, 'swarm.services'),
            tasks: listOf(parts.tasks, isSwarmTask, 'swarm.tasks'),
          },
        }
      : {}),
  };
}

const RAW: Record<StackMoment, unknown> = { steady, stopping };

/** One recorded moment: its topology (as the server builds it), the names and the answers. */
export function stackRecording(moment: StackMoment): StackRecording {
  const raw = RAW[moment] as { engines: unknown[]; names: string[]; lookups: RecordedLookups[] };
  const inventories = raw.engines.map((engine) => createInventory(parseEngine(engine)));
  return {
    topology: buildTopology(inventories, {}, 1),
    names: raw.names,
    lookups: raw.lookups,
  };
}
