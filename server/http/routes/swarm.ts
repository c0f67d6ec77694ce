import { isIP } from 'node:net';
import os from 'node:os';

import { isUsableAdvertiseAddress, swarmInitSchema } from '@/lib/validation/service';

import { invalid, isRefusal, Refusal } from '@/lib/refusal';

import type { SwarmInfo } from '../../docker/mutations/swarm';
import { parseBody } from '../input';
import { sendJson } from '../json';
import type { Route, RouteContext, RouteEngine } from '../route';
import { engineNamed } from './engines';

/**
 * Addresses an engine can advertise to other swarm nodes, as far as Portolan can tell:
 * its current swarm address, the IP it is reached at over TCP, and, for a local socket, this
 * machine's own addresses.
 * NOTE: a local socket is taken to mean "same network namespace as this server"; a Portolan
 * running in a container, or an engine in another namespace, sees other addresses.
 */
export function advertiseCandidates(engine: RouteEngine, info: SwarmInfo | null): string[] {
  const addresses = new Set<string>();
  const nodeAddr = info?.Swarm?.NodeAddr;
  if (nodeAddr) addresses.add(nodeAddr);
  const tcp = /^(?:tcp|https):\/\/\[?([^\]]+?)\]?:\d+$/.exec(engine.address);
  if (tcp?.[1] && isIP(tcp[1])) addresses.add(tcp[1]);
  if (engine.address.startsWith('unix://')) {
    for (const entries of Object.values(os.networkInterfaces())) {
      for (const entry of entries ?? []) {
        if (!entry.internal) addresses.add(entry.address);
      }
    }
  }
  return [...addresses].filter(isUsableAdvertiseAddress).sort();
}

/**
 * The "Initialize swarm" offer: the addresses to choose from, and the init itself. Portolan never
 * leaves or joins a swarm, and never re-initializes an engine already in one.
 */
export function swarmRoutes(context: RouteContext): Route[] {
  const { hub, logger } = context;

  const unknownEngine = (name: string) =>
    `No engine named ${name} (known: ${context.engines.map((engine) => engine.name).join(', ')}).`;

  return [
    {
      method: 'GET',
      pattern: /^\/api\/swarm\/addresses$/,
      handle: async ({ res, query }) => {
        const name = query.get('engine') ?? '';
        const engine = engineNamed(context, name);
        if (!engine) {
          const error = name ? unknownEngine(name) : 'Choose an engine (?engine=NAME).';
          throw invalid({ engine: error }, error);
        }
        const info = await engine.swarm.info();
        sendJson(res, 200, {
          engine: engine.name,
          swarmState: info.Swarm?.LocalNodeState || 'inactive',
          addresses: advertiseCandidates(engine, info),
        });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/swarm\/init$/,
      handle: async (request) => {
        const { res } = request;
        const input = await parseBody(request, swarmInitSchema, {
          summary: 'Some fields are not valid.',
        });
        const engine = engineNamed(context, input.engine);
        if (!engine) {
          const error = unknownEngine(input.engine);
          throw invalid({ engine: error }, error);
        }
        if (!hub.snapshot().engines[engine.name]?.reachable) {
          throw new Refusal('unavailable', `The engine ${engine.name} is unreachable.`);
        }
        // NOTE: read fresh: the decision to init must not rest on a possibly stale topology.
        const info = await engine.swarm.info();
        const candidates = advertiseCandidates(engine, info);
        if (!candidates.includes(input.advertiseAddr.toLowerCase())) {
          const error = `${input.advertiseAddr} is not one of ${engine.name}'s addresses${
            candidates.length > 0 ? ` (${candidates.join(', ')})` : ''
          }.`;
          throw invalid({ advertiseAddr: error }, error);
        }
        const state = info.Swarm?.LocalNodeState || 'inactive';
        if (state !== 'inactive') {
          throw new Refusal(
            'conflict',
            `${engine.name} is already part of a swarm (${state}); Portolan does not leave or re-create swarms.`,
          );
        }
        let nodeId: string;
        try {
          nodeId = await engine.swarm.init(input.advertiseAddr);
        } catch (error) {
          if (isRefusal(error) && /already part of a swarm/i.test(error.message)) {
            throw new Refusal('conflict', error.message);
          }
          throw error;
        }
        logger.info('swarm initialized', {
          engine: engine.name,
          advertiseAddr: input.advertiseAddr,
        });
        sendJson(res, 200, { engine: engine.name, nodeId, advertiseAddr: input.advertiseAddr });
      },
    },
  ];
}
