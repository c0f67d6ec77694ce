/**
 * npm run soak: steady churn on the lab for SOAK_MINUTES (default 10) through the production
 * server: containers and services created and removed in a loop, bounded in count and rate. Samples
 * the server's RSS every 10 s. Every minute, and at the end, it pauses the churn and checks that the
 * streamed graph equals a graph built from a fresh full inventory. The server's periodic reconcile
 * is off (PORTOLAN_RECONCILE_MS=0), so the event path alone keeps the graph right.
 * Writes bench/results/soak.json and bench/results/soak.md.
 */
import fs from 'node:fs';

import type Docker from 'dockerode';

import { applyPatch } from '@/lib/topology/diff';
import { jsonEqual } from '@/lib/topology/json-equal';
import type { Topology } from '@/lib/topology/types';
import { createEngineReader } from '@/server/docker/engine-reader';

import { freshTopology } from '../test/support/fresh-topology';

import {
  BENCH_LABELS,
  churnOnce,
  labDockers,
  labSpecs,
  rssMb,
  sleep,
  startServerUnderTest,
} from './support';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const PORT = Number(process.env.SOAK_PORT ?? 3291);
const say = (line: string) => console.log(`[soak] ${line}`);

const strip = (topology: Topology) => {
  const { version: _version, ...rest } = topology;
  return rest;
};

async function main() {
  const specs = labSpecs();
  const dockers = labDockers(specs);
  const manager = dockers[0] as Docker;
  process.env.PORTOLAN_RECONCILE_MS = '0';
  const server = await startServerUnderTest(specs, PORT);
  const socket = server.connect();
  let topology: Topology | null = null;
  let gaps = 0;
  socket.on('topology:snapshot', (snapshot) => (topology = snapshot.topology));
  socket.on('topology:patch', (patch) => {
    if (topology && topology.version === patch.from) topology = applyPatch(topology, patch);
    else {
      gaps += 1;
      socket.emit('topology:resync');
    }
  });
  const network = await manager.createNetwork({
    Name: `soak-net-${Date.now().toString(36)}`,
    Driver: 'overlay',
    Attachable: true,
    Labels: BENCH_LABELS,
  });
  const rss: { minute: number; mb: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    rss.push({
      minute: Number(((Date.now() - started) / 60_000).toFixed(2)),
      mb: rssMb(server.process.pid ?? 0),
    });
  }, 10_000);
  // Equal to a fresh inventory within 10 s of the churn pausing (the last changes settle).
  const engines = dockers.map((docker, i) => ({
    name: specs[i]?.name ?? '',
    reader: createEngineReader(docker),
  }));
  const converged = async () => {
    const since = Date.now();
    while (Date.now() - since < 10_000) {
      const fresh = await freshTopology(engines);
      if (topology !== null && jsonEqual(strip(topology), strip(fresh)))
        return { equal: true, afterMs: Date.now() - since };
      await sleep(100);
    }
    return { equal: false, afterMs: Date.now() - since };
  };
  const checks: { minute: number; equal: boolean; afterMs: number }[] = [];
  let rounds = 0;
  let nextCheck = started + 60_000;
  try {
    while (Date.now() - started < MINUTES * 60_000) {
      await churnOnce(dockers, manager, rounds, network.id, 'soak');
      rounds += 1;
      if (rounds % 20 === 0) say(`${rounds} rounds, rss ${rss.at(-1)?.mb ?? '?'} MB`);
      if (Date.now() >= nextCheck) {
        const check = await converged();
        checks.push({ minute: Number(((Date.now() - started) / 60_000).toFixed(2)), ...check });
        say(`minute check: equal=${check.equal} after ${check.afterMs} ms`);
        nextCheck = Date.now() + 60_000;
      }
    }
  } finally {
    clearInterval(sampler);
  }
  await network.remove().catch(() => undefined);

  const final = await converged();
  checks.push({ minute: Number(((Date.now() - started) / 60_000).toFixed(2)), ...final });
  const equal = checks.every((check) => check.equal);
  socket.close();
  await server.stop();

  const first = rss.slice(0, 3).map((s) => s.mb);
  const last = rss.slice(-3).map((s) => s.mb);
  const average = (values: number[]) =>
    values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const report = {
    date: new Date().toISOString(),
    minutes: MINUTES,
    rounds,
    converged: equal,
    reconcile: 'off',
    checks,
    gaps,
    rssMb: rss,
    rssGrowthMb: Number((average(last) - average(first)).toFixed(1)),
  };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/soak.json', `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(
    'bench/results/soak.md',
    [
      '# Soak',
      '',
      `Run ${report.date}: ${MINUTES} minutes of steady churn on the lab (${rounds} rounds: a container created, started and removed each round, a 2-replica service every fifth), through the production server. Made by \`npm run soak\`.`,
      '',
      `- Periodic reconcile **off**: only Docker's events kept the graph right.`,
      `- Streamed graph equal to a fresh inventory at every minute's check and at the end: **${equal ? 'yes' : 'NO'}** (${checks.filter((check) => check.equal).length}/${checks.length} checks); version gaps seen by the client: ${gaps}.`,
      '',
      '| check at minute | equal | within (ms) |',
      '| ---: | :---: | ---: |',
      ...checks.map(
        (check) => `| ${check.minute} | ${check.equal ? 'yes' : 'NO'} | ${check.afterMs} |`,
      ),
      `- Server RSS: ${first[0] ?? '?'} MB at the start, ${last.at(-1) ?? '?'} MB at the end (growth between the first and last 30 s: ${report.rssGrowthMb} MB).`,
      '',
      '| minute | RSS (MB) |',
      '| ---: | ---: |',
      ...rss.map((sample) => `| ${sample.minute} | ${sample.mb} |`),
      '',
    ].join('\n'),
  );
  say(`done: converged=${equal}, rss growth ${report.rssGrowthMb} MB; wrote bench/results/soak.md`);
  if (!equal) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
