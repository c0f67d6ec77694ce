/**
 * npm run bench:scale: Portolan at 10,000 containers. The production server reads 100 fake
 * engines (bench/scale/fake-engine.ts: node-1 the swarm manager, node-2…node-100 workers, one
 * unix socket each, answers shaped like payloads recorded from the lab) holding 1,000 services of
 * 10 tasks, 500 user networks and a few standalone containers, then:
 * - inventory → full snapshot: from the server's start until a socket.io client holds every
 *   container;
 * - per change (container stop/start, network connect/disconnect, service scale +1): the server's
 *   own rebuild + diff time (its `rebuilt` debug log), the patches' size, the time until a client
 *   sees it;
 * - server RSS; in Chromium: first paint, full-redraw fps at fit and zoomed in, the tab's memory.
 * Writes bench/results/scale.json and bench/results/scale.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';

import { io, type Socket } from 'socket.io-client';

import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/protocol';
import { applyPatch, type TopologyPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';

import { BENCH_TOKEN, percentile, rssMb, sleep, until } from '../support';
import { measureBrowser } from './browser';
import { connect, disconnect, scaleUp, start, stop } from './changes';
import { startFakeEngines } from './fake-engine';
import { writeReport, type ChangeResult, type ScaleReport } from './report';
import { ISSUE_SIZE, World, type WEvent } from './world';

const PORT = Number(process.env.BENCH_SCALE_PORT ?? 3362);
const SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 20);
const SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 4);
const SHRINK = Number(process.env.BENCH_SCALE_SHRINK ?? 1);
const TMP = 'bench/.tmp/scale';
/** Extra node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/x` to profile it). */
const SERVER_NODE_ARGS = (process.env.BENCH_SCALE_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** `0` leaves Chromium out (server figures only). */
const BROWSER = process.env.BENCH_SCALE_BROWSER !== '0';
/** `0` runs the server with its history store off (PORTOLAN_HISTORY=0); on by default, as shipped. */
const HISTORY = process.env.BENCH_SCALE_HISTORY !== '0';
const say = (line: string) => console.log(`[bench:scale] ${line}`);

interface Timing {
  at: number;
  msg: 'rebuilt' | 'event state';
  ms: number;
  ops: number;
  full: boolean;
}

function startServer(engines: string) {
  execFileSync('bash', ['-c', 'source scripts/lib.sh && ensure_next_build'], { stdio: 'inherit' });
  fs.rmSync(`${TMP}/state`, { recursive: true, force: true });
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, '--import', 'tsx', 'server/index.ts'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(PORT),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        PORTOLAN_ENGINES: engines,
        PORTOLAN_TOKEN: BENCH_TOKEN,
        PORTOLAN_VIEWER_TOKEN: `${BENCH_TOKEN}-viewer`,
        PORTOLAN_STATE_DIR: `${TMP}/state`,
        // NOTE: no periodic full re-read during the run: every figure is the event path's.
        PORTOLAN_RECONCILE_MS: '0',
        PORTOLAN_HISTORY: HISTORY ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const timings: Timing[] = [];
  let warnings = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const at = performance.now();
    if (record.msg === 'rebuilt') {
      const ms = Number(record.ms);
      timings.push({ at, msg: 'rebuilt', ms, ops: Number(record.ops), full: record.full === true });
    } else if (record.msg === 'event state') {
      const ops = Number(record.ops);
      timings.push({ at, msg: 'event state', ms: Number(record.ms), ops, full: false });
    } else if (record.level !== 'debug' && warnings++ < 20) {
      console.log(line.slice(0, 300));
    }
  });
  return { child, startedAt, timings, url: `http://127.0.0.1:${PORT}` };
}

const sizeOf = (patch: TopologyPatch) => Buffer.byteLength(JSON.stringify(patch));

const loadNow = () => os.loadavg().map((value) => Math.round(value * 100) / 100);

async function main() {
  const loadAtStart = loadNow();
  const options = {
    ...ISSUE_SIZE,
    nodes: Math.max(2, Math.round(ISSUE_SIZE.nodes / SHRINK)),
    services: Math.max(2, Math.round(ISSUE_SIZE.services / SHRINK)),
    overlays: Math.max(2, Math.round(ISSUE_SIZE.overlays / SHRINK)),
  };
  const world = new World(options);
  const fake = await startFakeEngines(world, `/tmp/s19-scale-${process.pid}`);
  fake.warm();
  say(
    `fake engines: ${world.nodes.length} nodes, ${world.services.size} services, ${world.tasks.size} tasks, ${world.containers.size} containers, ${world.networks.size} networks`,
  );
  const server = startServer(fake.engines);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.child.kill('SIGTERM');
      process.exit(1);
    });
  }
  try {
    const socket = io(server.url, {
      transports: ['websocket'],
      extraHeaders: { origin: server.url, authorization: `Bearer ${BENCH_TOKEN}` },
      reconnectionDelay: 200,
    }) as Socket<ServerToClientEvents, ClientToServerEvents>;
    let topology: Topology | null = null;
    let firstSnapshotAt: number | null = null;
    const patches: { at: number; bytes: number }[] = [];
    socket.on('topology:snapshot', (snapshot) => {
      topology = snapshot.topology;
      firstSnapshotAt ??= performance.now();
    });
    socket.on('topology:patch', (patch) => {
      patches.push({ at: performance.now(), bytes: sizeOf(patch) });
      if (topology && topology.version === patch.from) topology = applyPatch(topology, patch);
    });
    const held = () => topology as Topology | null;
    await until('a first snapshot', () => held(), 300_000);
    await until(
      'every container in the topology',
      () => Object.keys(held()?.containers ?? {}).length === world.containers.size,
      900_000,
    );
    const fullAt = performance.now();
    const startup = {
      toListeningSnapshotMs: Math.round((firstSnapshotAt ?? fullAt) - server.startedAt),
      toFullTopologyMs: Math.round(fullAt - server.startedAt),
      rebuilds: server.timings.filter((t) => t.msg === 'rebuilt').length,
      rebuildMsMax: Math.round(Math.max(0, ...server.timings.map((t) => t.ms))),
      snapshotBytes: Buffer.byteLength(JSON.stringify(held())),
      engineRequests: fake.requests(),
    };
    say(`full topology after ${startup.toFullTopologyMs} ms (${startup.rebuilds} rebuilds)`);
    await quiet(server.timings, 3000, 120_000);
    const rssAfterInventoryMb = rssMb(server.child.pid ?? 0);

    const changes = await measureChanges(world, fake.emit, held, server.timings, patches);
    const rssAfterChangesMb = rssMb(server.child.pid ?? 0);
    fs.mkdirSync(TMP, { recursive: true });
    say(BROWSER ? 'Chromium…' : 'no Chromium (BENCH_SCALE_BROWSER=0)');
    const browser = BROWSER
      ? await measureBrowser(server.url, BENCH_TOKEN, SECONDS, `${TMP}/scale`)
      : null;
    const report: ScaleReport = {
      when: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        model: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        loadAtStart,
        loadAverage: loadNow(),
      },
      history: HISTORY,
      world: {
        nodes: world.nodes.length,
        services: world.services.size,
        tasks: world.tasks.size,
        containers: world.containers.size,
        networks: world.networks.size,
        userNetworks: [...world.networks.values()].filter((n) => !n.system).length,
      },
      startup,
      rssAfterInventoryMb,
      rssAfterChangesMb,
      changes,
      browser,
    };
    // NOTE: a server-only run does not replace the results of a full one.
    writeReport(report, BROWSER ? 'scale' : 'scale-server');
    socket.close();
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    await fake.close();
  }
}

/** Waits until the server has logged no timing for `ms`. */
async function quiet(timings: Timing[], ms: number, limitMs: number) {
  const deadline = performance.now() + limitMs;
  let count = timings.length;
  let since = performance.now();
  while (performance.now() - since < ms && performance.now() < deadline) {
    await sleep(20);
    if (timings.length !== count) {
      count = timings.length;
      since = performance.now();
    }
  }
}

type Held = () => Topology | null;

async function measureChanges(
  world: World,
  emit: (events: readonly WEvent[]) => void,
  held: Held,
  timings: Timing[],
  patches: { at: number; bytes: number }[],
): Promise<ChangeResult[]> {
  const standalone = [...world.containers.values()].filter((c) => !c.task);
  const kinds: { kind: string; run: (i: number) => { events: WEvent[]; seen: () => boolean } }[] = [
    {
      kind: 'container stop',
      run: (i) => {
        const c = standalone[i % standalone.length]!;
        return {
          events: stop(world, c.id),
          seen: () =>
            held()?.containers[c.id]?.state === 'exited' &&
            held()?.containers[c.id]?.endpoints.length === 0,
        };
      },
    },
    {
      kind: 'container start',
      run: (i) => {
        const c = standalone[i % standalone.length]!;
        return {
          events: start(world, c.id),
          seen: () =>
            held()?.containers[c.id]?.state === 'running' &&
            held()?.containers[c.id]?.endpoints.length === c.networks.length,
        };
      },
    },
    {
      kind: 'network connect',
      run: (i) => {
        const c = standalone[i % standalone.length]!;
        const other = [...world.networks.values()].find(
          (n) => n.node === c.node && !n.system && !c.networks.includes(n.id),
        )!;
        return {
          events: connect(world, c.id, other.id),
          seen: () =>
            held()?.containers[c.id]?.endpoints.some((e) => e.network === other.id && e.ipv4) ===
            true,
        };
      },
    },
    {
      kind: 'network disconnect',
      run: (i) => {
        const c = standalone[i % standalone.length]!;
        const last = c.networks[c.networks.length - 1]!;
        return {
          events: disconnect(world, c.id, last),
          seen: () => held()?.containers[c.id]?.endpoints.every((e) => e.network !== last) === true,
        };
      },
    },
    {
      kind: 'service scale +1',
      run: (i) => {
        const service = [...world.services.values()][(i * 37) % world.services.size]!;
        const events = scaleUp(world, service.id);
        const want = service.replicas;
        return {
          events,
          seen: () =>
            Object.values(held()?.tasks ?? {}).filter(
              (t) => t.service === service.id && t.state === 'running',
            ).length === want,
        };
      },
    },
  ];
  const results: ChangeResult[] = [];
  for (const { kind, run } of kinds) {
    const costs: number[] = [];
    const perRebuild: number[] = [];
    const bytes: number[] = [];
    const visible: number[] = [];
    let rebuilds = 0;
    let fullBuilds = 0;
    let eventCount = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const t = timings.length;
      const p = patches.length;
      const { events, seen } = run(i);
      eventCount += events.length;
      const t0 = performance.now();
      emit(events);
      await until(`${kind} seen by a client`, () => seen(), 30_000);
      visible.push(performance.now() - t0);
      await quiet(timings, 400, 5_000);
      const mine = timings.slice(t);
      const rebuilt = mine.filter((m) => m.msg === 'rebuilt');
      rebuilds += rebuilt.length;
      fullBuilds += rebuilt.filter((m) => m.full).length;
      perRebuild.push(...rebuilt.map((m) => m.ms));
      costs.push(mine.reduce((sum, m) => sum + m.ms, 0));
      bytes.push(...patches.slice(p).map((x) => x.bytes));
    }
    const result: ChangeResult = {
      kind,
      samples: SAMPLES,
      eventsPerChange: Math.round((eventCount / SAMPLES) * 10) / 10,
      rebuildsPerChange: Math.round((rebuilds / SAMPLES) * 10) / 10,
      fullBuilds,
      perRebuildMs: {
        p50: percentile(perRebuild, 50),
        p95: percentile(perRebuild, 95),
        max: percentile(perRebuild, 100),
      },
      perChangeMs: {
        p50: percentile(costs, 50),
        p95: percentile(costs, 95),
        max: percentile(costs, 100),
      },
      patchBytes: { p50: percentile(bytes, 50), max: percentile(bytes, 100) },
      clientSeesMs: { p50: percentile(visible, 50), p95: percentile(visible, 95) },
    };
    say(
      `${kind}: rebuild+diff p50 ${result.perRebuildMs.p50} ms, p95 ${result.perRebuildMs.p95} ms; per change p50 ${result.perChangeMs.p50} ms; patch p50 ${result.patchBytes.p50} B`,
    );
    results.push(result);
  }
  return results;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
