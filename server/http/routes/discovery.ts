import { z } from 'zod';

import { networkDns, parseLegacyLinks, type LegacyLink } from '@/lib/discovery/dns-names';
import { egressOf } from '@/lib/discovery/egress';
import { LOOKUP_NAME, verify } from '@/lib/discovery/lookup';
import {
  findContainer,
  findNetwork,
  findWorkload,
  isDefaultBridge,
  isLive,
  type Found,
} from '@/lib/discovery/model';
import { reach } from '@/lib/discovery/reach';
import {
  compareReach,
  ncOutcome,
  probeContainer,
  reachProbes,
  targetProbes,
  wgetOutcome,
} from '@/lib/discovery/reach-check';
import { resolveName, type ContainerLink } from '@/lib/discovery/resolve';
import { parseResolvConf, resolvConfAgrees, resolverOf } from '@/lib/discovery/resolver';
import { Refusal } from '@/lib/refusal';
import type { Topology, TopologyContainer } from '@/lib/topology/types';

import type { RawLinks } from '../../docker/exec';
import type { EngineGateway } from '../../docker/gateway';
import { parseQuery } from '../input';
import { sendJson } from '../json';
import type { Route, RouteContext } from '../route';

/**
 * Discovery: what Docker's DNS answers where, predicted from the live topology by the pure rules
 * in lib/discovery, and checked for real by running a lookup inside a container.
 * - `GET /api/networks/:idOrName/dns` — every name the embedded DNS answers on a network;
 * - `GET /api/resolve?from=&name=[&verify=1]` — the predicted answer and rule, and the real one;
 * - `GET /api/reach?from=&to=[&port=]` — can A reach B, and how;
 * - `GET /api/containers/:ref/resolver[?live=1]` — its resolver and way out, and its resolv.conf.
 */

/** Every link of a container as the resolve rules take them. */
function containerLinks(
  topology: Topology,
  container: TopologyContainer,
  raw: RawLinks,
): ContainerLink[] {
  const bridge = container.endpoints.find((endpoint) => {
    const network = topology.networks[endpoint.network];
    return network ? isDefaultBridge(network) : false;
  });
  const host = bridge
    ? parseLegacyLinks(topology, container.name, raw.host, bridge.network).map((link) => ({
        network: bridge.network,
        alias: link.alias,
        target: link.target,
      }))
    : [];
  return [...host, ...raw.network];
}

const isSet = (value: string | null) => value === '1' || value === 'true';
const flag = z.enum(['0', '1', 'true', 'false']).transform(isSet);

const resolveQuery = z
  .object({
    from: z.string().trim().min(1, 'Name a container.').max(256),
    name: z
      .string()
      .trim()
      .regex(LOOKUP_NAME, 'A host name: letters, digits, dots, dashes and underscores.'),
    verify: flag.optional(),
  })
  .strict();

const reachQuery = z
  .object({
    from: z.string().trim().min(1, 'Name a container or service.').max(256),
    to: z.string().trim().min(1, 'Name a container or service.').max(256),
    port: z.coerce.number().int().min(1).max(65_535).optional(),
    verify: flag.optional(),
  })
  .strict()
  .refine((query) => !query.verify || query.port !== undefined, {
    message: 'A live check tries a connection: name the port.',
    path: ['port'],
  });

const engineQuery = z.object({ engine: z.string().min(1).max(63).optional() }).strict();
const resolverQuery = z.object({ live: flag.optional() }).strict();

/** What a lookup by name found, or the refusal that says why not (named by its field). */
function found<T>(result: Found<T>, field: string): T {
  if (result.ok) return result.value;
  throw new Refusal(result.problem === 'ambiguous' ? 'conflict' : 'not-found', result.error, {
    [field]: result.error,
  });
}

export function discoveryRoutes(context: RouteContext): Route[] {
  function gatewayFor(container: TopologyContainer): EngineGateway | null {
    const topology = context.hub.snapshot();
    if (!topology.engines[container.engine]?.reachable) return null;
    return context.engines.find((engine) => engine.name === container.engine) ?? null;
  }

  /** Runs a live check on the container's engine, refusing when there is nothing to run it in. */
  function liveGateway(container: TopologyContainer, what: string): EngineGateway {
    if (!isLive(container)) {
      throw new Refusal('conflict', `${container.name} is ${container.state}: nothing to ${what}.`);
    }
    const engine = gatewayFor(container);
    if (!engine) throw new Refusal('unavailable', `The engine ${container.engine} is unreachable.`);
    return engine;
  }

  return [
    {
      method: 'GET',
      pattern: /^\/api\/networks\/([^/]+)\/dns$/,
      async handle({ res, params, query }) {
        const { engine } = parseQuery(query, engineQuery);
        const topology = context.hub.snapshot();
        const network = found(findNetwork(topology, params[0] ?? '', engine), 'network');
        let links: LegacyLink[] = [];
        if (isDefaultBridge(network)) {
          // NOTE: links live in each container's HostConfig, not in the topology: read them.
          const members = Object.values(topology.containers).filter(
            (container) =>
              isLive(container) &&
              container.endpoints.some((endpoint) => endpoint.network === network.id),
          );
          const read = await Promise.all(
            members.map((container) => {
              const gateway = gatewayFor(container);
              if (!gateway) return [];
              return gateway.exec.links(container.id).then(
                (raw) => parseLegacyLinks(topology, container.name, raw.host, network.id),
                () => [],
              );
            }),
          );
          links = read.flat();
        }
        sendJson(res, 200, networkDns(topology, network.id, links));
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/resolve$/,
      // NOTE: a live check runs nslookup in the container: the router treats it as a change.
      effect: (query) => (query.getAll('verify').some(isSet) ? 'exec' : 'read'),
      async handle({ res, query }) {
        const { from, name, verify: wantsVerify } = parseQuery(query, resolveQuery);
        const topology = context.hub.snapshot();
        const container = found(findContainer(topology, from), 'from');
        const gateway = gatewayFor(container);
        const links =
          gateway && isLive(container)
            ? await gateway.exec.links(container.id).then(
                (raw) => containerLinks(topology, container, raw),
                () => [],
              )
            : [];
        const prediction = resolveName(topology, container.id, name, { links });
        if (!prediction) throw new Refusal('not-found', `No container ${from}.`);
        if (!wantsVerify) {
          sendJson(res, 200, prediction);
          return;
        }
        const live = await liveGateway(container, 'run a lookup in').exec.lookup(
          container.id,
          name,
        );
        sendJson(res, 200, { ...prediction, verified: verify(prediction, live) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/reach$/,
      // NOTE: a live check tries connections from inside A: the router treats it as a change.
      effect: (query) => (query.getAll('verify').some(isSet) ? 'exec' : 'read'),
      async handle({ res, query }) {
        const input = parseQuery(query, reachQuery);
        const topology = context.hub.snapshot();
        const from = found(findWorkload(topology, input.from), 'from');
        const to = found(findWorkload(topology, input.to), 'to');
        const prediction = reach(topology, from, to, input.port ?? null);
        if (!input.verify || input.port === undefined) {
          sendJson(res, 200, prediction);
          return;
        }
        const inside = probeContainer(topology, from);
        if (!inside) {
          throw new Refusal(
            'conflict',
            `${prediction.from.name} has no running container to try from.`,
          );
        }
        const engine = liveGateway(inside, 'try a connection from');
        const probes = reachProbes(prediction, targetProbes(topology, to, input.port));
        const results = [];
        for (const probe of probes) {
          const tried = await engine.exec.probe(inside.id, probe.address, probe.port);
          const outcome =
            tried.tool === null
              ? ('no-tool' as const)
              : (tried.tool === 'nc' ? ncOutcome : wgetOutcome)(
                  tried.exitCode,
                  tried.output,
                  tried.timedOut,
                );
          results.push({ ...probe, outcome, tool: tried.tool, output: tried.output });
        }
        sendJson(res, 200, { ...prediction, verified: compareReach(prediction, results) });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/containers\/([^/]+)\/resolver$/,
      effect: (query) => (query.getAll('live').some(isSet) ? 'exec' : 'read'),
      async handle({ res, params, query }) {
        const { live } = parseQuery(query, resolverQuery);
        const topology = context.hub.snapshot();
        const container = found(findContainer(topology, params[0] ?? ''), 'container');
        const body = {
          resolver: resolverOf(topology, container.id),
          egress: egressOf(topology, container.id),
        };
        if (!live) {
          sendJson(res, 200, body);
          return;
        }
        const text = await liveGateway(container, 'read').exec.readFile(
          container.id,
          '/etc/resolv.conf',
        );
        if (text === null) {
          sendJson(res, 200, { ...body, live: { text: null, error: 'The image has no cat.' } });
          return;
        }
        const conf = parseResolvConf(text);
        sendJson(res, 200, {
          ...body,
          live: {
            text,
            ...conf,
            agrees: body.resolver ? resolvConfAgrees(body.resolver, conf) : null,
          },
        });
      },
    },
  ];
}
