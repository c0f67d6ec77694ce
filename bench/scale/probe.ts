/**
 * A quick in-process probe of the hub at scale, for profiling (not a benchmark of record: that is
 * run.ts, with the production server in its own process). The live core reads the fake engines
 * over their unix sockets; then the same changes as run.ts go through the hub, and the server's
 * own `rebuilt` / `event state` timings are printed. With `BENCH_SCALE_PROFILE=file.cpuprofile`,
 * the changes (not the startup) are profiled.
 *
 *   BENCH_SCALE_SHRINK=2 npx tsx bench/scale/probe.ts
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';

import { parseEngineList } from '@/lib/config/engine-address';
import { createLiveCore } from '@/server/core';
import { createLogger } from '@/server/logger';

import { percentile, until } from '../support';
import { scaleUp, start, stop, connect, disconnect } from './changes';
import { startFakeEngines } from './fake-engine';
import { ISSUE_SIZE, World, type WEvent } from './world';

const SHRINK = Number(process.env.BENCH_SCALE_SHRINK ?? 1);
const SAMPLES = Number(process.env.BENCH_SCALE_SAMPLES ?? 20);
const PROFILE = process.env.BENCH_SCALE_PROFILE ?? '';

async function main() {
  const world = new World({
    ...ISSUE_SIZE,
    nodes: Math.max(2, Math.round(ISSUE_SIZE.nodes / SHRINK)),
    services: Math.max(2, Math.round(ISSUE_SIZE.services / SHRINK)),
    overlays: Math.max(2, Math.round(ISSUE_SIZE.overlays / SHRINK)),
  });
  const fake = await startFakeEngines(world, `/tmp/scale-probe-${process.pid}`);
  fake.warm();
  const timings: { msg: string; ms: number; full: boolean }[] = [];
  const logger = createLogger('debug', {}, (line) => {
    const record = JSON.parse(line) as { msg: string; ms?: number; full?: boolean };
    if (record.msg === 'rebuilt' || record.msg === 'event state')
      timings.push({ msg: record.msg, ms: Number(record.ms), full: record.full === true });
  });
  const specs = parseEngineList(fake.engines, false);
  if (!specs.ok) throw new Error(specs.error);
  const core = createLiveCore(specs.value, { verify: false, certPath: '' }, logger, {
    liveness: { keepaliveMs: 5_000, pingTimeoutMs: 5_000, reconcileMs: 0 },
  });
  const t0 = performance.now();
  core.start();
  const count = () => Object.keys(core.hub.snapshot().containers).length;
  await until('every container', () => count() === world.containers.size, 900_000);
  const startup = timings.splice(0);
  console.log(
    `${world.containers.size} containers after ${Math.round(performance.now() - t0)} ms: ${startup.length} rebuilds (${startup.filter((t) => t.full).length} full), ${Math.round(startup.reduce((s, t) => s + t.ms, 0))} ms in them`,
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  timings.length = 0;
  const session = new Session();
  if (PROFILE) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const standalone = [...world.containers.values()].filter((c) => !c.task);
  const services = [...world.services.values()];
  const kinds: [string, (i: number) => WEvent[]][] = [
    ['stop', (i) => stop(world, standalone[i % standalone.length]!.id)],
    ['start', (i) => start(world, standalone[i % standalone.length]!.id)],
    [
      'connect',
      (i) => {
        const c = standalone[i % standalone.length]!;
        const other = [...world.networks.values()].find(
          (n) => n.node === c.node && !n.system && !c.networks.includes(n.id),
        )!;
        return connect(world, c.id, other.id);
      },
    ],
    [
      'disconnect',
      (i) => {
        const c = standalone[i % standalone.length]!;
        return disconnect(world, c.id, c.networks[c.networks.length - 1]!);
      },
    ],
    ['scale', (i) => scaleUp(world, services[(i * 37) % services.length]!.id)],
  ];
  for (const [kind, run] of kinds) {
    const mine: number[] = [];
    let full = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const before = core.hub.version();
      fake.emit(run(i));
      await until(`${kind}`, () => core.hub.version() > before, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const got = timings.splice(0);
      full += got.filter((t) => t.full).length;
      mine.push(...got.map((t) => t.ms));
    }
    const p = (q: number) => Math.round(percentile(mine, q) * 100) / 100;
    console.log(`${kind}: n ${mine.length} (${full} full) p50 ${p(50)} p95 ${p(95)} max ${p(100)}`);
  }
  if (PROFILE) {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(PROFILE, JSON.stringify(profile));
  }
  await core.stop();
  await fake.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
