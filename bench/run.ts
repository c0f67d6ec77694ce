/**
 * npm run bench: the live path measured against the lab, through the real production server.
 *
 * Reports, at 10, 100 and 300 containers: event → client latency (from the engine's timeNano to
 * the socket.io client receiving the patch that shows the change), Engine API requests per event
 * (counted by proxies in front of the engine sockets), bytes per one-container patch against the
 * snapshot's size, the time to build a snapshot from a fresh inventory, and the server's RSS.
 * Then the idle cost: what the server asks the engines for while nothing happens.
 * Writes bench/results/topology.json and bench/results/topology.md.
 */
import fs from 'node:fs';
import os from 'node:os';

import type Docker from 'dockerode';

import type { DockerEvent } from '@/lib/docker/events';
import { buildTopology } from '@/lib/topology/build';
import { applyPatch, type TopologyPatch } from '@/lib/topology/diff';
import { createInventory } from '@/lib/topology/inventory';
import type { Topology } from '@/lib/topology/types';
import { createEngineReader } from '@/server/docker/engine-reader';

import {
  BENCH_LABELS as LABEL,
  SLEEP_CMD,
  labDockers,
  labSpecs,
  percentile,
  rssMb,
  sleep,
  startServerUnderTest,
  until,
} from './support';

const SIZES = [10, 100, 300];
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 15_000);
const PORT = Number(process.env.BENCH_PORT ?? 3290);

const say = (line: string) => console.log(`[bench] ${line}`);

async function main() {
  const specs = labSpecs();
  const dockers = labDockers(specs);
  const server = await startServerUnderTest(specs, PORT);
  const { proxies } = server;
  const made: [Docker, string][] = [];

  try {
    const socket = server.connect();
    let topology: Topology | null = null;
    const patchLog: { at: number; patch: TopologyPatch; bytes: number }[] = [];
    const eventLog: DockerEvent[] = [];
    socket.on('topology:snapshot', (snapshot) => {
      topology = snapshot.topology;
    });
    socket.on('topology:patch', (patch) => {
      const at = Date.now();
      patchLog.push({ at, patch, bytes: Buffer.byteLength(JSON.stringify(patch)) });
      if (topology && topology.version === patch.from) topology = applyPatch(topology, patch);
    });
    socket.on('docker:event', (event) => eventLog.push(event));
    await until('a snapshot', () => topology);

    const results = [];
    const filler: [Docker, string][] = [];
    for (const size of SIZES) {
      // Filler containers (created, not started), spread over the engines.
      while (filler.length < size) {
        const batch = Array.from({ length: Math.min(10, size - filler.length) }, (_, i) => {
          const docker = dockers[(filler.length + i) % dockers.length] as Docker;
          return docker
            .createContainer({ Image: 'busybox:latest', Cmd: SLEEP_CMD, Labels: LABEL })
            .then((container) => [docker, container.id] as [Docker, string]);
        });
        for (const item of await Promise.all(batch)) {
          filler.push(item);
          made.push(item);
        }
      }
      await until(
        `${size} containers on the map`,
        () => filler.every(([, id]) => (topology as Topology | null)?.containers[id]),
        120_000,
      );
      await sleep(500);

      // Probe: start/stop one container repeatedly; each start is one container event.
      const docker = dockers[0] as Docker;
      const probe = await docker.createContainer({
        Image: 'busybox:latest',
        Cmd: SLEEP_CMD,
        Labels: LABEL,
      });
      made.push([docker, probe.id]);
      const latencies: number[] = [];
      const patchBytes: number[] = [];
      const readsBefore = proxies.reduce((sum, { proxy }) => sum + proxy.reads().length, 0);
      let events = 0;
      for (let i = 0; i < SAMPLES; i++) {
        const wanted = i % 2 === 0 ? 'running' : 'exited';
        const eventsAt = eventLog.length;
        const patchesAt = patchLog.length;
        if (wanted === 'running') await probe.start();
        else await probe.stop({ t: 0 });
        const patch = await until('the patch', () =>
          patchLog
            .slice(patchesAt)
            .find(({ patch: p }) =>
              p.ops.some(
                (op) =>
                  op.op === 'upsert' &&
                  op.collection === 'containers' &&
                  op.id === probe.id &&
                  'state' in op.value &&
                  op.value.state === wanted,
              ),
            ),
        );
        const event = await until('the event', () =>
          eventLog
            .slice(eventsAt)
            .find((e) => e.id === probe.id && (e.action === 'start' || e.action === 'die')),
        );
        events += eventLog.slice(eventsAt).filter((e) => e.engine === 'node-1').length;
        latencies.push(patch.at - event.timeNano / 1e6);
        if (wanted === 'running') patchBytes.push(patch.bytes);
        await sleep(20);
      }
      const reads = proxies.reduce((sum, { proxy }) => sum + proxy.reads().length, 0) - readsBefore;

      const snapshotBytes = Buffer.byteLength(JSON.stringify(topology));
      const readers = dockers.map((d) => createEngineReader(d));
      const lists = await Promise.all(
        readers.map((reader, i) => reader.inventory(specs[i]?.name ?? '')),
      );
      const buildTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const fresh = structuredClone(lists);
        const t0 = performance.now();
        buildTopology(
          fresh.map((item) => createInventory(item)),
          {},
          1,
        );
        buildTimes.push(performance.now() - t0);
      }
      const row = {
        containers: Object.keys((topology as Topology | null)?.containers ?? {}).length,
        filler: size,
        samples: SAMPLES,
        latencyMs: {
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          max: percentile(latencies, 100),
        },
        requestsPerEvent: Number((reads / Math.max(1, events)).toFixed(2)),
        onePatchBytes: percentile(patchBytes, 50),
        snapshotBytes,
        snapshotBuildMs: percentile(buildTimes, 50),
        serverRssMb: rssMb(server.process.pid ?? 0),
      };
      say(JSON.stringify(row));
      results.push(row);
    }

    // Idle: nothing happens; count what the server asks the engines for.
    await sleep(1_000);
    const idleSince = Date.now();
    await sleep(IDLE_MS);
    const idle = proxies.map(({ spec, proxy }) => {
      const requests = proxy.requests.filter(
        (r) => r.at >= idleSince && !r.path.includes('/events'),
      );
      return {
        engine: spec.name,
        requests: requests.length,
        pings: requests.filter((r) => r.path.includes('_ping')).length,
      };
    });
    say(`idle ${IDLE_MS} ms: ${JSON.stringify(idle)}`);
    socket.close();

    const report = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      targets: {
        latencyP50Ms: 20,
        latencyP99Ms: 100,
        requestsPerContainerEvent: 3,
        onePatchBytes: 2048,
      },
      results,
      idle: { windowMs: IDLE_MS, perEngine: idle, reconcileEveryMs: 300_000 },
    };
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/topology.json', `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync('bench/results/topology.md', markdown(report));
    say('wrote bench/results/topology.json and bench/results/topology.md');
  } finally {
    await server.stop();
    await Promise.all(
      made.map(([docker, id]) =>
        docker
          .getContainer(id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
}

function markdown(report: {
  date: string;
  results: {
    containers: number;
    latencyMs: { p50: number; p95: number; p99: number; max: number };
    requestsPerEvent: number;
    onePatchBytes: number;
    snapshotBytes: number;
    snapshotBuildMs: number;
    serverRssMb: number;
  }[];
  idle: { windowMs: number; perEngine: { engine: string; requests: number; pings: number }[] };
}): string {
  const lines = [
    '# Live topology benchmark',
    '',
    `Run ${report.date} against the lab (3 engines) through the production server. Made by \`npm run bench\`.`,
    "Latency: from the engine event's `timeNano` to a socket.io client receiving the patch that shows the change.",
    '',
    '| containers | latency p50 | p95 | p99 | requests / event | one-container patch | snapshot | snapshot build | server RSS |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.results.map(
      (row) =>
        `| ${row.containers} | ${row.latencyMs.p50} ms | ${row.latencyMs.p95} ms | ${row.latencyMs.p99} ms | ${row.requestsPerEvent} | ${row.onePatchBytes} B | ${Math.round(row.snapshotBytes / 1024)} KB | ${row.snapshotBuildMs} ms | ${row.serverRssMb} MB |`,
    ),
    '',
    'Targets: p50 < 20 ms, p99 < 100 ms, at most 3 requests per container event, a one-container patch under 2 KB.',
    '',
    `Idle for ${report.idle.windowMs / 1000} s: ${report.idle.perEngine.map((e) => `${e.engine} ${e.requests} requests (${e.pings} pings)`).join(', ')}. A full reconcile runs every 5 minutes.`,
    '',
  ];
  return lines.join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
