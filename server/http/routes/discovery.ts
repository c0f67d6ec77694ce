import { PassThrough } from 'node:stream';

import type Docker from 'dockerode';
import { z } from 'zod';

import { networkDns, parseLegacyLinks, type LegacyLink } from '@/lib/discovery/dns-names';
import { egressOf } from '@/lib/discovery/egress';
import {
  isMissingTool,
  LOOKUP_NAME,
  parseGetent,
  parseNslookup,
  verify,
  type LiveLookup,
} from '@/lib/discovery/lookup';
import {
  findContainer,
  findNetwork,
  findWorkload,
  isDefaultBridge,
  isLive,
  type Found,
} from '@/lib/discovery/model';
import { reach } from '@/lib/discovery/reach';
import { resolveName, type ContainerLink } from '@/lib/discovery/resolve';
import { parseResolvConf, resolvConfAgrees, resolverOf } from '@/lib/discovery/resolver';
import type { Topology, TopologyContainer } from '@/lib/topology/types';
import { fieldErrors } from '@/lib/validation/fields';

import { withTimeout } from '../../docker/client';
import { toHttpFailure } from '../../docker/engine-errors';
import { sendError, sendJson } from '../json';
import type { ApiRequest, Route, RouteContext } from '../route';

/**
 * Discovery: what Docker's DNS answers where, predicted from the live topology by the pure rules
 * in lib/discovery, and checked for real by running a lookup inside a container.
 * - `GET /api/networks/:idOrName/dns` — every name the embedded DNS answers on a network;
 * - `GET /api/resolve?from=&name=[&verify=1]` — the predicted answer and rule, and the real one;
 * - `GET /api/reach?from=&to=[&port=]` — can A reach B, and how;
 * - `GET /api/containers/:ref/resolver[?live=1]` — its resolver and way out, and its resolv.conf.
 */

/** busybox nslookup gives up on a silent upstream after ~5 s; allow for a slow exec around it. */
export const LOOKUP_TIMEOUT_MS = 12_000;
const EXEC_OUTPUT_LIMIT = 16_384;
const INSPECT_MS = 5_000;
const MAX_EXECS = 8;

export interface ExecResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  elapsedMs: number;
}

/** A small counting semaphore: live checks are bounded so a busy page cannot flood an engine. */
function createLimiter(max: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function limit<T>(work: () => Promise<T>): Promise<T> {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await work();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * Runs a command in a running container (no shell, no TTY), collecting stdout and stderr
 * together, for at most `timeoutMs`. A program missing from the image shows as exit code 126/127
 * or the engine's "executable file not found" in the output.
 */
export async function execInContainer(
  docker: Docker,
  containerId: string,
  cmd: string[],
  timeoutMs: number,
): Promise<ExecResult> {
  const started = Date.now();
  const container = docker.getContainer(containerId);
  let exec: Docker.Exec;
  try {
    exec = await withTimeout(
      container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: false }),
      INSPECT_MS,
      'exec create',
    );
  } catch (error) {
    const message = toHttpFailure(error).error;
    if (isMissingTool(message, null))
      return { exitCode: 127, output: message, timedOut: false, elapsedMs: Date.now() - started };
    throw error;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => {
    if (size < EXEC_OUTPUT_LIMIT) chunks.push(chunk);
    size += chunk.length;
  });
  let stream: NodeJS.ReadWriteStream | null = null;
  let timedOut = false;
  try {
    stream = (await withTimeout(
      exec.start({ hijack: true, stdin: false }),
      INSPECT_MS,
      'exec start',
    )) as NodeJS.ReadWriteStream;
    docker.modem.demuxStream(stream, sink, sink);
    const running = stream;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          timedOut = true;
          resolve();
        },
        Math.max(0, timeoutMs - (Date.now() - started)),
      );
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      running.on('end', done);
      running.on('close', done);
      running.on('error', done);
    });
  } catch (error) {
    const message = toHttpFailure(error).error;
    if (isMissingTool(message, null))
      return { exitCode: 127, output: message, timedOut: false, elapsedMs: Date.now() - started };
    throw error;
  } finally {
    (stream as unknown as { destroy?: () => void } | null)?.destroy?.();
  }
  let exitCode: number | null = null;
  if (!timedOut) {
    const info = await withTimeout(exec.inspect(), INSPECT_MS, 'exec inspect').catch(() => null);
    exitCode = typeof info?.ExitCode === 'number' ? info.ExitCode : null;
  }
  return {
    exitCode,
    output: Buffer.concat(chunks).toString('utf8').slice(0, EXEC_OUTPUT_LIMIT),
    timedOut,
    elapsedMs: Date.now() - started,
  };
}

function toLookup(tool: 'nslookup' | 'getent', result: ExecResult): LiveLookup {
  const parsed =
    tool === 'nslookup'
      ? parseNslookup(result.output)
      : parseGetent(result.output, result.exitCode);
  const status =
    result.timedOut && parsed.answers.length === 0 ? ('timeout' as const) : parsed.status;
  return {
    tool,
    status,
    answers: parsed.answers,
    output: result.output.trim(),
    elapsedMs: result.elapsedMs,
  };
}

/**
 * Looks a name up inside a container: `nslookup NAME` (asks the DNS server in resolv.conf), or
 * `getent hosts NAME` when the image has no nslookup; says so when it has neither.
 */
export async function lookupInContainer(
  docker: Docker,
  containerId: string,
  name: string,
  timeoutMs = LOOKUP_TIMEOUT_MS,
): Promise<LiveLookup> {
  const tried: string[] = [];
  for (const tool of ['nslookup', 'getent'] as const) {
    const cmd = tool === 'nslookup' ? ['nslookup', name] : ['getent', 'hosts', name];
    const result = await execInContainer(docker, containerId, cmd, timeoutMs);
    if (isMissingTool(result.output, result.exitCode)) {
      tried.push(tool);
      continue;
    }
    return toLookup(tool, result);
  }
  return {
    tool: null,
    status: 'no-tool',
    answers: [],
    output: `The image has no ${tried.join(' and no ')}: nothing to look the name up with.`,
    elapsedMs: 0,
  };
}

const BATCH_MARK = '@@portolan-lookup ';

/**
 * Many lookups in one container with one exec: a shell runs `nslookup` for the names, `parallel`
 * at a time (names are argv, never shell text). Falls back to one exec per name without `sh`.
 */
export async function lookupManyInContainer(
  docker: Docker,
  containerId: string,
  names: readonly string[],
  { parallel = 12, timeoutMs = 90_000 }: { parallel?: number; timeoutMs?: number } = {},
): Promise<Map<string, LiveLookup>> {
  const script = [
    'd=$(mktemp -d) || exit 97',
    'i=0',
    'for n in "$@"; do',
    '  i=$((i+1))',
    '  nslookup "$n" > "$d/$i" 2>&1 &',
    `  if [ $((i % ${Math.max(1, Math.floor(parallel))})) -eq 0 ]; then wait; fi`,
    'done',
    'wait',
    'i=0',
    `for n in "$@"; do i=$((i+1)); printf '\\n${BATCH_MARK}%s\\n' "$n"; cat "$d/$i"; done`,
    'rm -rf "$d"',
  ].join('\n');
  const result = await execInContainer(
    docker,
    containerId,
    ['sh', '-c', script, 'sh', ...names],
    timeoutMs,
  );
  const lookups = new Map<string, LiveLookup>();
  if (isMissingTool(result.output, result.exitCode) || result.exitCode === 97) {
    for (const name of names) {
      lookups.set(name, await lookupInContainer(docker, containerId, name));
    }
    return lookups;
  }
  const sections = result.output.split(`\n${BATCH_MARK}`).slice(1);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const name = newline === -1 ? section : section.slice(0, newline);
    const output = newline === -1 ? '' : section.slice(newline + 1);
    lookups.set(name, {
      ...toLookup('nslookup', { ...result, output, timedOut: false }),
      elapsedMs: result.elapsedMs,
    });
  }
  return lookups;
}

interface ContainerInspectLinks {
  HostConfig?: { Links?: string[] | null };
  NetworkSettings?: {
    Networks?: Record<string, { NetworkID?: string; Links?: string[] | null } | undefined>;
  };
}

interface RawLinks {
  /** `HostConfig.Links` (`/db:/app/alias`): /etc/hosts entries on the default bridge. */
  host: string[];
  /** Links on user-defined networks (`db:alias`), answered by the embedded DNS. */
  network: ContainerLink[];
}

/** A container's --link entries, read from its inspect (they are not in the topology). */
async function readLinks(docker: Docker, containerId: string): Promise<RawLinks> {
  const inspect = (await withTimeout(
    docker.getContainer(containerId).inspect(),
    INSPECT_MS,
    'container inspect',
  )) as unknown as ContainerInspectLinks;
  const network: ContainerLink[] = [];
  for (const settings of Object.values(inspect.NetworkSettings?.Networks ?? {})) {
    if (!settings?.NetworkID) continue;
    for (const entry of settings.Links ?? []) {
      const [target = '', alias = target] = entry.split(':');
      if (target) network.push({ network: settings.NetworkID, alias, target });
    }
  }
  return { host: inspect.HostConfig?.Links ?? [], network };
}

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
  })
  .strict();

const engineQuery = z.object({ engine: z.string().min(1).max(63).optional() }).strict();
const resolverQuery = z.object({ live: flag.optional() }).strict();

function sendFound<T>(
  res: ApiRequest['res'],
  found: Found<T>,
  field: string,
): found is Extract<Found<T>, { ok: false }> {
  if (found.ok) return false;
  sendError(res, found.problem === 'ambiguous' ? 409 : 404, found.error, { [field]: found.error });
  return true;
}

export function discoveryRoutes(context: RouteContext): Route[] {
  const limit = createLimiter(MAX_EXECS);

  function dockerFor(container: TopologyContainer): Docker | null {
    const topology = context.hub.snapshot();
    if (!topology.engines[container.engine]?.reachable) return null;
    return context.engines.find((engine) => engine.name === container.engine)?.docker ?? null;
  }

  return [
    {
      method: 'GET',
      pattern: /^\/api\/networks\/([^/]+)\/dns$/,
      async handle({ res, params, query }) {
        const parsed = engineQuery.safeParse(Object.fromEntries(query));
        if (!parsed.success) {
          sendError(res, 400, 'Invalid query.', fieldErrors(parsed.error));
          return;
        }
        const topology = context.hub.snapshot();
        const found = findNetwork(topology, params[0] ?? '', parsed.data.engine);
        if (sendFound(res, found, 'network')) return;
        const network = found.value;
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
              const docker = dockerFor(container);
              if (!docker) return [];
              return limit(() => readLinks(docker, container.id)).then(
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
        const parsed = resolveQuery.safeParse(Object.fromEntries(query));
        if (!parsed.success) {
          sendError(res, 400, 'Invalid query.', fieldErrors(parsed.error));
          return;
        }
        const { from, name, verify: wantsVerify } = parsed.data;
        const topology = context.hub.snapshot();
        const found = findContainer(topology, from);
        if (sendFound(res, found, 'from')) return;
        const container = found.value;
        const docker = dockerFor(container);
        const links =
          docker && isLive(container)
            ? await limit(() => readLinks(docker, container.id)).then(
                (raw) => containerLinks(topology, container, raw),
                () => [],
              )
            : [];
        const prediction = resolveName(topology, container.id, name, { links });
        if (!prediction) {
          sendError(res, 404, `No container ${from}.`);
          return;
        }
        if (!wantsVerify) {
          sendJson(res, 200, prediction);
          return;
        }
        if (!isLive(container)) {
          sendError(
            res,
            409,
            `${container.name} is ${container.state}: nothing to run a lookup in.`,
          );
          return;
        }
        if (!docker) {
          sendError(res, 503, `The engine ${container.engine} is unreachable.`);
          return;
        }
        try {
          const live = await limit(() => lookupInContainer(docker, container.id, name));
          sendJson(res, 200, { ...prediction, verified: verify(prediction, live) });
        } catch (error) {
          const failure = toHttpFailure(error);
          sendError(res, failure.status, failure.error);
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/reach$/,
      handle({ res, query }) {
        const parsed = reachQuery.safeParse(Object.fromEntries(query));
        if (!parsed.success) {
          sendError(res, 400, 'Invalid query.', fieldErrors(parsed.error));
          return;
        }
        const topology = context.hub.snapshot();
        const from = findWorkload(topology, parsed.data.from);
        if (sendFound(res, from, 'from')) return;
        const to = findWorkload(topology, parsed.data.to);
        if (sendFound(res, to, 'to')) return;
        sendJson(res, 200, reach(topology, from.value, to.value, parsed.data.port ?? null));
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/containers\/([^/]+)\/resolver$/,
      effect: (query) => (query.getAll('live').some(isSet) ? 'exec' : 'read'),
      async handle({ res, params, query }) {
        const parsed = resolverQuery.safeParse(Object.fromEntries(query));
        if (!parsed.success) {
          sendError(res, 400, 'Invalid query.', fieldErrors(parsed.error));
          return;
        }
        const topology = context.hub.snapshot();
        const found = findContainer(topology, params[0] ?? '');
        if (sendFound(res, found, 'container')) return;
        const container = found.value;
        const body = {
          resolver: resolverOf(topology, container.id),
          egress: egressOf(topology, container.id),
        };
        if (!parsed.data.live) {
          sendJson(res, 200, body);
          return;
        }
        const docker = dockerFor(container);
        if (!isLive(container) || !docker) {
          sendError(
            res,
            isLive(container) ? 503 : 409,
            isLive(container)
              ? `The engine ${container.engine} is unreachable.`
              : `${container.name} is ${container.state}: nothing to read.`,
          );
          return;
        }
        try {
          const result = await limit(() =>
            execInContainer(docker, container.id, ['cat', '/etc/resolv.conf'], INSPECT_MS),
          );
          if (isMissingTool(result.output, result.exitCode)) {
            sendJson(res, 200, { ...body, live: { text: null, error: 'The image has no cat.' } });
            return;
          }
          const conf = parseResolvConf(result.output);
          sendJson(res, 200, {
            ...body,
            live: {
              text: result.output,
              ...conf,
              agrees: body.resolver ? resolvConfAgrees(body.resolver, conf) : null,
            },
          });
        } catch (error) {
          const failure = toHttpFailure(error);
          sendError(res, failure.status, failure.error);
        }
      },
    },
  ];
}
