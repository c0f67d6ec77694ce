import { PassThrough } from 'node:stream';

import type Docker from 'dockerode';

import { isMissingTool, parseGetent, parseNslookup, type LiveLookup } from '@/lib/discovery/lookup';
import type { ContainerLink } from '@/lib/discovery/resolve';

import { withTimeout } from './client';
import { engineRefusal } from './engine-errors';

/**
 * Commands inside containers: the live DNS checks run `nslookup` (or `getent`) where the
 * container's own resolver answers. No shell from input, no TTY, bounded time and output.
 */

/** busybox nslookup gives up on a silent upstream after ~5 s; allow for a slow exec around it. */
export const LOOKUP_TIMEOUT_MS = 12_000;
const EXEC_OUTPUT_LIMIT = 16_384;
const INSPECT_MS = 5_000;
export const MAX_EXECS = 8;

export interface ExecResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
  elapsedMs: number;
}

/** A small counting semaphore: live checks are bounded so a busy page cannot flood an engine. */
export function createLimiter(max: number) {
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
    const message = engineRefusal(error).message;
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
    const message = engineRefusal(error).message;
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

export interface RawLinks {
  /** `HostConfig.Links` (`/db:/app/alias`): /etc/hosts entries on the default bridge. */
  host: string[];
  /** Links on user-defined networks (`db:alias`), answered by the embedded DNS. */
  network: ContainerLink[];
}

/** A container's --link entries, read from its inspect (they are not in the topology). */
export async function readLinks(docker: Docker, containerId: string): Promise<RawLinks> {
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

/** A file's text as the container sees it (`cat`), or null when the image has no `cat`. */
export async function readFileIn(
  docker: Docker,
  containerId: string,
  path: string,
): Promise<string | null> {
  const result = await execInContainer(docker, containerId, ['cat', path], INSPECT_MS);
  return isMissingTool(result.output, result.exitCode) ? null : result.output;
}

export interface TcpProbe {
  tool: 'nc' | 'wget' | null;
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

/**
 * Tries one TCP connection from inside a container: busybox `nc -w 2 ADDR PORT` (connects, sends
 * nothing, exits), else `wget` to http://ADDR:PORT/ (any HTTP answer means connected). Addresses
 * come from the topology, never from input.
 */
export async function probeTcp(
  docker: Docker,
  containerId: string,
  address: string,
  port: number,
): Promise<TcpProbe> {
  const host = address.includes(':') ? `[${address}]` : address;
  const attempts: { tool: 'nc' | 'wget'; cmd: string[] }[] = [
    { tool: 'nc', cmd: ['nc', '-w', '2', address, String(port)] },
    { tool: 'wget', cmd: ['wget', '-T', '2', '-q', '-O', '/dev/null', `http://${host}:${port}/`] },
  ];
  for (const { tool, cmd } of attempts) {
    const result = await execInContainer(docker, containerId, cmd, 6_000);
    if (isMissingTool(result.output, result.exitCode)) continue;
    return {
      tool,
      exitCode: result.exitCode,
      output: result.output.trim(),
      timedOut: result.timedOut,
    };
  }
  return {
    tool: null,
    exitCode: null,
    output: 'The image has neither nc nor wget.',
    timedOut: false,
  };
}
