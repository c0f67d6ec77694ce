import { isIP } from 'node:net';
import os from 'node:os';

import { isUsableAdvertiseAddress, swarmInitSchema } from '@/lib/validation/service';

import { sendError, sendJson } from '../json';
import type { Route, RouteContext, RouteEngine } from '../route';
import { dial, engineMessage, engineNamed, readValidBody, sendEngineFailure } from './engine-calls';

interface SwarmInfo {
  Swarm?: { LocalNodeState?: string; NodeAddr?: string };
}

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

function readInfo(engine: RouteEngine): Promise<SwarmInfo> {
  return dial<SwarmInfo>(engine.docker, { method: 'GET', path: '/info', ok: [200] });
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
          sendError(res, 400, error, { engine: error });
          return;
        }
        try {
          const info = await readInfo(engine);
          sendJson(res, 200, {
            engine: engine.name,
            swarmState: info.Swarm?.LocalNodeState || 'inactive',
            addresses: advertiseCandidates(engine, info),
          });
        } catch (error) {
          sendEngineFailure(res, error);
        }
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/swarm\/init$/,
      handle: async (request) => {
        const { res } = request;
        const input = await readValidBody(request, swarmInitSchema);
        if (!input) return;
        const engine = engineNamed(context, input.engine);
        if (!engine) {
          const error = unknownEngine(input.engine);
          sendError(res, 400, error, { engine: error });
          return;
        }
        if (!hub.snapshot().engines[engine.name]?.reachable) {
          sendError(res, 503, `The engine ${engine.name} is unreachable.`);
          return;
        }
        try {
          // NOTE: read fresh: the decision to init must not rest on a possibly stale topology.
          const info = await readInfo(engine);
          const candidates = advertiseCandidates(engine, info);
          if (!candidates.includes(input.advertiseAddr.toLowerCase())) {
            const error = `${input.advertiseAddr} is not one of ${engine.name}'s addresses${
              candidates.length > 0 ? ` (${candidates.join(', ')})` : ''
            }.`;
            sendError(res, 400, error, { advertiseAddr: error });
            return;
          }
          const state = info.Swarm?.LocalNodeState || 'inactive';
          if (state !== 'inactive') {
            sendError(
              res,
              409,
              `${engine.name} is already part of a swarm (${state}); Portolan does not leave or re-create swarms.`,
            );
            return;
          }
          const nodeId = await dial<string>(engine.docker, {
            method: 'POST',
            path: '/swarm/init',
            body: { ListenAddr: '0.0.0.0:2377', AdvertiseAddr: input.advertiseAddr },
            ok: [200],
          });
          logger.info('swarm initialized', {
            engine: engine.name,
            advertiseAddr: input.advertiseAddr,
          });
          sendJson(res, 200, { engine: engine.name, nodeId, advertiseAddr: input.advertiseAddr });
        } catch (error) {
          if (/already part of a swarm/i.test(engineMessage(error))) {
            sendError(res, 409, engineMessage(error));
            return;
          }
          sendEngineFailure(res, error);
        }
      },
    },
  ];
}
