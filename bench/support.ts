/**
 * What the benchmarks share: the lab's engines behind counting proxies, and the production server
 * started on them as a child process (so its memory is measured alone).
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import Docker from 'dockerode';
import { io, type Socket } from 'socket.io-client';

import { parseEngineList, type EngineSpec } from '@/lib/config/engine-address';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';

import type { ProxiedRequest } from '../test/support/counting-proxy';

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
export const BENCH_LABELS = { 'portolan.bench': 'true' };
export const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One round of the soak's churn (npm run soak; the history bench runs the same rate): a container
 * created, started and removed on the next engine, and every fifth round a 2-replica service on
 * `network` that lives 3 s. Names start with `prefix`.
 */
export async function churnOnce(
  dockers: Docker[],
  manager: Docker,
  round: number,
  network: string,
  prefix: string,
) {
  const docker = dockers[round % dockers.length] as Docker;
  const container = await docker.createContainer({
    name: `${prefix}-c-${Date.now().toString(36)}-${round}`,
    Image: 'busybox:latest',
    Cmd: SLEEP_CMD,
    Labels: BENCH_LABELS,
  });
  await container.start();
  if (round % 5 === 0) {
    const service = (await manager.createService({
      Name: `${prefix}-${Date.now().toString(36)}`,
      Labels: BENCH_LABELS,
      TaskTemplate: {
        ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, StopGracePeriod: 1e9 },
        Networks: [{ Target: network }],
      },
      Mode: { Replicated: { Replicas: 2 } },
    })) as { id?: string; ID?: string };
    await sleep(3_000);
    await manager.getService(service.id ?? service.ID ?? '').remove();
  }
  await sleep(500);
  await container.remove({ force: true });
}

export async function until<T>(
  what: string,
  check: () => T | undefined | false,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number((sorted[index] ?? NaN).toFixed(2));
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The lab's engines (fails with one line when the lab is down). */
export function labSpecs(): EngineSpec[] {
  const env = execFileSync('bash', ['scripts/lab/lab.sh', 'env'], { encoding: 'utf8' });
  const specs = parseEngineList(/PORTOLAN_ENGINES=([^\s'"]+)/.exec(env)?.[1] ?? '', false);
  if (!specs.ok) throw new Error(`the lab is not up (${specs.error}): npm run lab -- up`);
  return specs.value;
}

export function labDockers(specs: EngineSpec[]): Docker[] {
  return specs.map((spec) => {
    if (spec.address.kind !== 'unix') throw new Error('lab engines listen on unix sockets');
    return new Docker({ socketPath: spec.address.socketPath });
  });
}

interface ProxyMessage {
  ready?: { name: string; socketPath: string }[];
  requests?: { engine: string; requests: ProxiedRequest[] }[];
}

/** The counting proxies, in a process of their own (bench/proxy-process.ts says why). */
async function startProxies(specs: EngineSpec[]) {
  const targets = specs.map((spec) => {
    if (spec.address.kind !== 'unix') throw new Error('lab engines listen on unix sockets');
    return { name: spec.name, socketPath: spec.address.socketPath };
  });
  const child = fork('bench/proxy-process.ts', [JSON.stringify(targets)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<ProxyMessage>((resolve, reject) => {
      const exited = () => reject(new Error('the counting proxies exited'));
      child.once('exit', exited);
      child.once('message', (message) => {
        child.off('exit', exited);
        resolve(message as ProxyMessage);
      });
    });
  const { ready } = await next();
  if (!ready) throw new Error('the counting proxies did not start');
  return {
    child,
    ready,
    async requests() {
      const answer = next();
      child.send('requests');
      return (await answer).requests ?? [];
    },
  };
}

export interface ServerUnderTest {
  url: string;
  process: ChildProcess;
  /** What each engine was asked so far, through its counting proxy. */
  requests(): Promise<{ engine: string; requests: ProxiedRequest[] }[]>;
  connect(): Socket<ServerToClientEvents, ClientToServerEvents>;
  get(path: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** Builds if needed, then starts the production server on the lab through counting proxies. */
export async function startServerUnderTest(
  specs: EngineSpec[],
  port: number,
): Promise<ServerUnderTest> {
  execFileSync('bash', ['-c', 'source scripts/lib.sh && ensure_next_build'], { stdio: 'inherit' });
  const proxies = await startProxies(specs);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PORTOLAN_ENGINES: proxies.ready
        .map(({ name, socketPath }) => `${name}=unix://${socketPath}`)
        .join(','),
      PORTOLAN_TOKEN: BENCH_TOKEN,
      PORTOLAN_VIEWER_TOKEN: `${BENCH_TOKEN}-viewer`,
      PORTOLAN_STATE_DIR: 'bench/.tmp/state',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${BENCH_TOKEN}` };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`, { headers })).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600 || child.exitCode !== null) {
      proxies.child.disconnect();
      throw new Error('the server did not come up');
    }
    await sleep(100);
  }
  return {
    url,
    process: child,
    requests: () => proxies.requests(),
    connect: () =>
      io(url, { transports: ['websocket'], extraHeaders: { origin: url, ...headers } }),
    async get(path) {
      return (await fetch(`${url}${path}`, { headers })).json();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      const closed = new Promise((resolve) => proxies.child.once('exit', resolve));
      proxies.child.disconnect();
      await closed;
    },
  };
}
