/**
 * npm run bench: the live path measured against the lab, through the real production server.
 *
 * At 10, 100 and 300 filler containers (BENCH_SIZES), BENCH_SAMPLES changes of each kind
 * (bench/kinds.ts: network create/remove, container run/stop/remove, connect/disconnect, service
 * create/scale/remove, node drain/activate, scale-up), each timed from the engine event's
 * `timeNano` to the frame that shows it in real Chromium (list view and map, bench/browser-probe.ts)
 * and, as a second row, to a Node socket.io client's copy of the topology. Then the cost: Engine
 * API requests per container event (counted by proxies in front of the engine sockets), bytes per
 * one-container patch against the snapshot's size, the time to build a snapshot from a fresh
 * inventory, the server's RSS; and what the server asks the engines for while nothing happens.
 * Writes bench/results/topology.json and bench/results/topology.md.
 */
import fs from 'node:fs';
import os from 'node:os';

import type Docker from 'dockerode';

import { buildTopology } from '@/lib/topology/build';
import { createInventory } from '@/lib/topology/inventory';
import { createEngineReader } from '@/server/docker/engine-reader';

import { openBrowserProbe } from './browser-probe';
import {
  connectKinds,
  containerKinds,
  drainKinds,
  networkKinds,
  scaleKinds,
  serviceKinds,
  type KindContext,
} from './kinds';
import {
  createClientView,
  emptySamples,
  KINDS,
  type ChangeKind,
  type KindSamples,
} from './measure';
import { markdown, type Latency, type Report, type SizeResult } from './report';
import {
  BENCH_LABELS as LABEL,
  BENCH_TOKEN,
  SLEEP_CMD,
  labDockers,
  labSpecs,
  percentile,
  rssMb,
  sleep,
  startServerUnderTest,
  until,
  type ServerUnderTest,
} from './support';
import { isRead } from '../test/support/counting-proxy';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,300').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 15_000);
const PORT = Number(process.env.BENCH_PORT ?? 3290);
/** What else used the machine and the lab during the run, in the runner's words (BENCH_BUSY). */
const BUSY = process.env.BENCH_BUSY ?? '';
const OUT = process.env.BENCH_OUT ?? 'bench/results/topology';

const say = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)));

/** NOTE: with few samples p99 is close to the worst one; `samples` says how many there were. */
const summary = (values: number[]): Latency => ({
  samples: values.length,
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
  max: percentile(values, 100),
});

/** Requests other than pings and event streams, all engines, since the server started. */
const readsSoFar = async (server: ServerUnderTest) =>
  (await server.requests()).reduce((sum, { requests }) => sum + requests.filter(isRead).length, 0);

async function fill(dockers: Docker[], filler: [Docker, string][], size: number) {
  while (filler.length < size) {
    const batch = Array.from({ length: Math.min(10, size - filler.length) }, (_, i) => {
      const docker = dockers[(filler.length + i) % dockers.length] as Docker;
      return docker
        .createContainer({
          name: `b19-fill-${filler.length + i}`,
          Image: 'busybox:latest',
          Cmd: SLEEP_CMD,
          Labels: LABEL,
        })
        .then((container) => [docker, container.id] as [Docker, string]);
    });
    filler.push(...(await Promise.all(batch)));
  }
}

function writeReport(
  started: Date,
  loadStart: number[],
  results: SizeResult[],
  idle: Report['idle'] | null,
) {
  const cpus = os.cpus();
  const report: Report = {
    date: started.toISOString(),
    finished: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    loadAverage: { start: loadStart, end: loadAverage() },
    busy: BUSY,
    ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
    samplesPerKind: SAMPLES,
    targets: { browserP50Ms: 20, browserP99Ms: 60 },
    results,
    idle,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`${OUT}.json`, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${OUT}.md`, markdown(report));
  say(
    `wrote ${OUT}.json and ${OUT}.md (${results.length} sizes${idle ? '' : ', run not finished'})`,
  );
}

async function main() {
  const started = new Date();
  const loadStart = loadAverage();
  const specs = labSpecs();
  const dockers = labDockers(specs);
  const manager = dockers[0] as Docker;
  const server = await startServerUnderTest(specs, PORT);
  const filler: [Docker, string][] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  const browser = await openBrowserProbe(server.url, BENCH_TOKEN).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const socket = server.connect();
    const client = createClientView(socket);
    await until('a snapshot', () => client.topology);
    const results: SizeResult[] = [];
    for (const size of SIZES) {
      await fill(dockers, filler, size);
      await until(
        `${size} containers on the map`,
        () => filler.every(([, id]) => client.topology?.containers[id]),
        120_000,
      );
      await sleep(1_000);
      const t0 = Date.now();
      const samples = new Map<ChangeKind, KindSamples>(KINDS.map((kind) => [kind, emptySamples()]));
      const ctx: KindContext = { browser, client, samples, manager, cleanup };
      const tag = String(size);
      say(`${size}: networks`);
      await networkKinds(ctx, SAMPLES, tag);
      say(`${size}: containers`);
      const readsBefore = await readsSoFar(server);
      const eventsBefore = client.events.length;
      const patchesBefore = client.patchBytes.length;
      await containerKinds(ctx, SAMPLES, tag);
      const reads = (await readsSoFar(server)) - readsBefore;
      const containerEvents = client.events
        .slice(eventsBefore)
        .filter((e) => e.type === 'container').length;
      const containerPatches = client.patchBytes.slice(patchesBefore);
      say(`${size}: connect`);
      await connectKinds(ctx, SAMPLES, tag);
      say(`${size}: services`);
      await serviceKinds(ctx, SAMPLES, tag);
      say(`${size}: scale`);
      await scaleKinds(ctx, SAMPLES, tag);
      say(`${size}: drain`);
      await drainKinds(ctx, SAMPLES);
      const seconds = (Date.now() - t0) / 1000;

      const readers = dockers.map((d) => createEngineReader(d));
      const lists = await Promise.all(
        readers.map((reader, i) => reader.inventory(specs[i]?.name ?? '')),
      );
      const buildTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const fresh = structuredClone(lists);
        const b0 = performance.now();
        buildTopology(
          fresh.map((item) => createInventory(item)),
          {},
          1,
        );
        buildTimes.push(performance.now() - b0);
      }
      const row: SizeResult = {
        containers: Object.keys(client.topology?.containers ?? {}).length,
        filler: size,
        kinds: KINDS.map((kind) => {
          const s = samples.get(kind) as KindSamples;
          return {
            kind,
            list: summary(s.list),
            map: summary(s.map),
            client: summary(s.client),
            breakdown: {
              listReceived: summary(s.listReceived),
              listRender: summary(s.listRender),
              mapReceived: summary(s.mapReceived),
              mapRender: summary(s.mapRender),
            },
            lost: s.lost,
          };
        }),
        requestsPerEvent: Number((reads / Math.max(1, containerEvents)).toFixed(2)),
        onePatchBytes: percentile(containerPatches, 50),
        snapshotBytes: Buffer.byteLength(JSON.stringify(client.topology)),
        snapshotBuildMs: percentile(buildTimes, 50),
        serverRssMb: rssMb(server.process.pid ?? 0),
        seconds,
      };
      for (const k of row.kinds) {
        say(
          `${row.containers} ${k.kind}: list p50 ${k.list.p50} p99 ${k.list.p99} · map p50 ${k.map.p50} p99 ${k.map.p99} · client p50 ${k.client.p50} (lost ${k.lost})`,
        );
      }
      results.push(row);
      // NOTE: written after each size, so a run cut short still leaves what it measured.
      writeReport(started, loadStart, results, null);
    }

    // Idle: nothing happens; count what the server asks the engines for.
    await sleep(1_000);
    const idleSince = Date.now();
    await sleep(IDLE_MS);
    const idle = (await server.requests()).map(({ engine, requests: all }) => {
      const requests = all.filter((r) => r.at >= idleSince && !r.path.includes('/events'));
      return {
        engine,
        requests: requests.length,
        pings: requests.filter((r) => r.path.includes('_ping')).length,
      };
    });
    socket.close();

    writeReport(started, loadStart, results, { windowMs: IDLE_MS, perEngine: idle });
  } finally {
    await browser.close();
    await server.stop();
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await Promise.all(
      filler.map(([docker, id]) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
