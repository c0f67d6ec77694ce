/**
 * npm run bench:history:live — the history store on the lab (#17 item 6):
 *
 * 1. The live event → patch path with history off and on: the server's pieces in-process (the
 *    integration harness: engine sessions, hub, socket.io) on the lab; a network created and
 *    removed on node-4, HISTORY_SAMPLES times per run, from the engine's event (`timeNano`) to the
 *    hub's patch and to the patch at a socket.io client. Runs alternate off/on/off/on so a
 *    loaded machine's drift falls on both.
 * 2. Bytes stored per day at the soak's churn rate (npm run soak's rounds) for
 *    HISTORY_CHURN_MINUTES: the history folder's records by kind, extrapolated to a day with the
 *    keyframes a day holds (one per 10 minutes or 500 patches, and one per segment).
 *
 * Every lab object is named ht-bench-… and removed. Writes bench/results/history-live.json and
 * appends nothing else; bench/results/history.md is written by hand from it and bench/history.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type Docker from 'dockerode';

import type { TopologyPatch } from '@/lib/topology/diff';

import { startLiveHarness } from '../test/support/live-harness';

import { BENCH_LABELS, churnOnce, labDockers, labSpecs, percentile, until } from './support';

const SAMPLES = Number(process.env.HISTORY_SAMPLES ?? 40);
const RUNS = Number(process.env.HISTORY_RUNS ?? 4);
const CHURN_MINUTES = Number(process.env.HISTORY_CHURN_MINUTES ?? 3);
const say = (line: string) => console.log(`[history-live] ${line}`);
const loadAverage = () => os.loadavg().map((value) => +value.toFixed(2));

/** One run: SAMPLES network creations and removals on node-4, timed from the engine's event. */
async function latencyRun(history: boolean) {
  const specs = labSpecs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-bench-ht-'));
  const harness = await startLiveHarness(specs, history ? { history: { dir } } : {});
  const client = await harness.connect();
  const index = specs.findIndex((spec) => spec.name === 'node-4');
  const docker = labDockers(specs)[index] as Docker;
  await until(
    'every engine live',
    () => client.health.filter((engine) => engine.reachable).length === specs.length,
    60_000,
  );
  const eventAt = new Map<string, number>();
  const hubAt = new Map<string, number>();
  const clientAt = new Map<string, number>();
  const note = (into: Map<string, number>) => (patch: TopologyPatch) => {
    const now = Date.now();
    for (const op of patch.ops) {
      if (op.op !== 'reset' && op.collection === 'networks') into.set(`${op.op}:${op.id}`, now);
    }
  };
  harness.hub.subscribe({
    onPatch: note(hubAt),
    onEvent: (event) => {
      if (event.type === 'network' && (event.action === 'create' || event.action === 'destroy'))
        eventAt.set(`${event.action}:${event.id}`, event.timeNano / 1e6);
    },
  });
  client.socket.on('topology:patch', note(clientAt));
  const toHub: number[] = [];
  const toClient: number[] = [];
  const measure = async (event: string, op: string) => {
    const { at, hub, seen } = await until(
      `${op} at the client`,
      () => {
        const [at, hub, seen] = [eventAt.get(event), hubAt.get(op), clientAt.get(op)];
        return at !== undefined && hub !== undefined && seen !== undefined
          ? { at, hub, seen }
          : undefined;
      },
      30_000,
    );
    toHub.push(hub - at);
    toClient.push(seen - at);
  };
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const network = await docker.createNetwork({
        Name: `ht-bench-${Date.now().toString(36)}-${i}`,
        Labels: BENCH_LABELS,
      });
      await measure(`create:${network.id}`, `upsert:${network.id}`);
      await network.remove();
      await measure(`destroy:${network.id}`, `remove:${network.id}`);
    }
  } finally {
    client.close();
    await harness.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { toHub, toClient };
}

/** The history folder's bytes by record kind (a line's kind leads it: `{"k":"patch",…`). */
function bytesByKind(dir: string): Record<string, { bytes: number; count: number }> {
  const kinds: Record<string, { bytes: number; count: number }> = {};
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line === '') continue;
      const kind = /^\{"k":"(\w+)"/.exec(line)?.[1] ?? 'other';
      const entry = (kinds[kind] ??= { bytes: 0, count: 0 });
      entry.bytes += Buffer.byteLength(line) + 1;
      entry.count += 1;
    }
  }
  return kinds;
}

/** Whatever a failed round left behind: services, containers named ht-bench-…. */
async function removeLeftovers(dockers: Docker[], manager: Docker) {
  const services = await manager.listServices({ filters: { name: ['ht-bench-'] } }).catch(() => []);
  for (const service of services)
    await manager
      .getService(service.ID)
      .remove()
      .catch(() => undefined);
  for (const docker of dockers) {
    const containers = await docker
      .listContainers({ all: true, filters: { name: ['ht-bench-c-'] } })
      .catch(() => []);
    for (const container of containers)
      await docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch(() => undefined);
  }
}

/** The soak's churn for CHURN_MINUTES with history on; what it stored, and per day. */
async function churnRun() {
  const specs = labSpecs();
  const dockers = labDockers(specs);
  const manager = dockers[0] as Docker;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-bench-ht-churn-'));
  const historyDir = path.join(dir, 'history');
  const harness = await startLiveHarness(specs, { history: { dir: historyDir } });
  const client = await harness.connect();
  await until(
    'every engine live',
    () => client.health.filter((engine) => engine.reachable).length === specs.length,
    60_000,
  );
  const network = await manager.createNetwork({
    Name: `ht-bench-net-${Date.now().toString(36)}`,
    Driver: 'overlay',
    Attachable: true,
    Labels: BENCH_LABELS,
  });
  const started = Date.now();
  let rounds = 0;
  // NOTE: the lab is shared: an engine another test restarts fails a round; it is counted, and
  // what it made is removed at the end (by the ht-bench- prefix).
  const failed: string[] = [];
  try {
    while (Date.now() - started < CHURN_MINUTES * 60_000) {
      await churnOnce(dockers, manager, rounds, network.id, 'ht-bench').catch((error: unknown) =>
        failed.push(error instanceof Error ? error.message : String(error)),
      );
      rounds += 1;
    }
  } finally {
    await removeLeftovers(dockers, manager);
    await network.remove().catch(() => undefined);
  }
  const seconds = (Date.now() - started) / 1000;
  client.close();
  await harness.close();
  const kinds = bytesByKind(historyDir);
  fs.rmSync(dir, { recursive: true, force: true });
  const patches = kinds.patch?.count ?? 0;
  const changeBytes = (kinds.patch?.bytes ?? 0) + (kinds.late?.bytes ?? 0);
  const key = kinds.key ?? { bytes: 0, count: 1 };
  const keyBytes = key.bytes / Math.max(1, key.count);
  const perDay = 86_400 / seconds;
  const patchesPerDay = patches * perDay;
  // NOTE: a keyframe every 10 minutes or 500 patches, whichever comes first, and one at the start
  // of each segment (at most one an hour at the default limits): an upper bound of both.
  const keyframesPerDay = Math.max(144, patchesPerDay / 500) + 24;
  return {
    minutes: +(seconds / 60).toFixed(2),
    rounds,
    failedRounds: failed,
    roundsPerMinute: +(rounds / (seconds / 60)).toFixed(1),
    patches,
    kinds,
    bytesPerPatch: Math.round(changeBytes / Math.max(1, patches)),
    keyframeBytes: Math.round(keyBytes),
    perDay: {
      patches: Math.round(patchesPerDay),
      changesMb: +((changeBytes * perDay) / 1024 / 1024).toFixed(1),
      keyframes: Math.round(keyframesPerDay),
      keyframesMb: +((keyframesPerDay * keyBytes) / 1024 / 1024).toFixed(1),
      totalMb: +((changeBytes * perDay + keyframesPerDay * keyBytes) / 1024 / 1024).toFixed(1),
    },
  };
}

const summary = (values: number[]) => ({
  n: values.length,
  p50: +percentile(values, 50).toFixed(1),
  p90: +percentile(values, 90).toFixed(1),
  p99: +percentile(values, 99).toFixed(1),
  mean: +(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)).toFixed(1),
});

async function main() {
  const loadStart = loadAverage();
  say(`load average at the start: ${loadStart.join(', ')}`);
  const off = { toHub: [] as number[], toClient: [] as number[] };
  const on = { toHub: [] as number[], toClient: [] as number[] };
  for (let run = 0; run < RUNS; run++) {
    const history = run % 2 === 1;
    const result = await latencyRun(history);
    const into = history ? on : off;
    into.toHub.push(...result.toHub);
    into.toClient.push(...result.toClient);
    say(`run ${run + 1}/${RUNS} history ${history ? 'on' : 'off'}: ${result.toHub.length} changes`);
  }
  const loadMiddle = loadAverage();
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(
    'bench/results/history-live.json',
    `${JSON.stringify({ partial: 'latency only', off, on, loadMiddle }, null, 2)}\n`,
  );
  say(`churn at the soak's rate for ${CHURN_MINUTES} min, history on`);
  const churn = await churnRun();
  const report = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    loadAverage: { start: loadStart, afterLatency: loadMiddle, end: loadAverage() },
    latency: {
      samplesPerRun: SAMPLES * 2,
      runs: RUNS,
      historyOff: { eventToHubMs: summary(off.toHub), eventToClientMs: summary(off.toClient) },
      historyOn: { eventToHubMs: summary(on.toHub), eventToClientMs: summary(on.toClient) },
    },
    churn,
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/history-live.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
