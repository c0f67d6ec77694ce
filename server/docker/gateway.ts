import type { EngineSpec } from '@/lib/config/engine-address';
import { describeEngineAddress } from '@/lib/config/engine-address';
import type { LiveLookup } from '@/lib/discovery/lookup';

import { DEFAULT_LIVENESS, type ServerConfig } from '../config';
import { createDockerClient, withTimeout } from './client';
import { refusing } from './engine-errors';
import { createEngineReader } from './engine-reader';
import { openEventStream, type EventStreamHandlers } from './event-stream';
import {
  createLimiter,
  lookupInContainer,
  lookupManyInContainer,
  MAX_EXECS,
  probeTcp,
  readFileIn,
  readLinks,
} from './exec';
import { engineHistory } from './history';
import { imageCalls } from './images';
import { containerCalls } from './mutations/containers';
import { networkCalls } from './mutations/networks';
import { serviceCalls } from './mutations/services';
import { swarmCalls } from './mutations/swarm';

/**
 * The one door to an engine: every Engine API call Portolan makes — reads, the event stream,
 * execs and changes — goes through here, typed at the boundary, bounded in time, and failing with
 * a `Refusal` that says what happened. Nothing outside server/docker holds a Docker client.
 */
export function createEngineGateway(
  spec: EngineSpec,
  tls: ServerConfig['tls'],
  pingTimeoutMs = DEFAULT_LIVENESS.pingTimeoutMs,
) {
  const docker = createDockerClient(spec, tls);
  // NOTE: live checks start processes in someone's container: a few at a time per engine.
  const execs = createLimiter(MAX_EXECS);
  return {
    name: spec.name,
    address: describeEngineAddress(spec.address),
    reader: createEngineReader(docker),
    networks: networkCalls(docker),
    services: serviceCalls(docker),
    containers: containerCalls(docker),
    images: imageCalls(docker),
    swarm: swarmCalls(docker),
    /** `GET /_ping`, bounded: is the engine there at all. */
    ping: () => withTimeout(docker.ping(), pingTimeoutMs, 'GET /_ping'),
    /** Subscribes to `/events` (replaying from `sinceSeconds` when given). */
    openEvents: (sinceSeconds: number | null, handlers: EventStreamHandlers) =>
      openEventStream(docker, sinceSeconds, handlers),
    /** The engine's own event history between two times (seconds). */
    history: (since: number, until: number, limit: number) =>
      engineHistory(spec.name, docker, since, until, limit),
    exec: {
      lookup: (containerId: string, name: string): Promise<LiveLookup> =>
        execs(() => refusing(lookupInContainer(docker, containerId, name))),
      lookupMany: (containerId: string, names: readonly string[]) =>
        execs(() => refusing(lookupManyInContainer(docker, containerId, names))),
      links: (containerId: string) => execs(() => refusing(readLinks(docker, containerId))),
      /** One TCP connection attempt from inside the container. */
      probe: (containerId: string, address: string, port: number) =>
        execs(() => refusing(probeTcp(docker, containerId, address, port))),
      /** A file as the container sees it (null: the image has no `cat`). */
      readFile: (containerId: string, path: string) =>
        execs(() => refusing(readFileIn(docker, containerId, path))),
    },
  };
}

export type EngineGateway = ReturnType<typeof createEngineGateway>;
