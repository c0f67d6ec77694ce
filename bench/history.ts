/**
 * npm run bench:history: the history store's costs, without the lab. A synthetic swarm of
 * HISTORY_ELEMENTS elements (default 300) gets HISTORY_CHANGES patches (default 100 000), each a
 * changed container (a container state flip, as churn makes), one every 100 ms of simulated time.
 * Reports what the live path pays per patch (`append`), what the writer pays per patch
 * (planning, serialising, appending), bytes per patch, the time to rebuild a random moment (p50,
 * p99, 300 moments) and the heap. Writes into a temporary folder, deleted afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { createPatch } from '@/lib/topology/diff';
import type { Topology, TopologyContainer } from '@/lib/topology/types';
import { createHistoryStore } from '@/server/history/history-store';
import { createLogger } from '@/server/logger';

import { syntheticTopology } from '../test/support/synthetic-topology';

const ELEMENTS = Number(process.env.HISTORY_ELEMENTS ?? 300);
const CHANGES = Number(process.env.HISTORY_CHANGES ?? 100_000);
const STEP_MS = 100;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-bench-history-'));
  const start = Date.now() - CHANGES * STEP_MS - 60_000;
  let clock = start;
  const store = createHistoryStore({
    dir,
    logger: createLogger('warn'),
    maxAgeMs: 30 * 86_400_000,
    maxBytes: 4 * 1024 * 1024 * 1024,
    flushMs: 1e9,
    now: () => clock,
  });
  let topology: Topology = syntheticTopology({ elements: ELEMENTS });
  const containers = Object.keys(topology.containers);
  const heapBefore = process.memoryUsage().heapUsed;
  let appendMs = 0;
  let writeMs = 0;
  const moments: { at: number; version: number }[] = [];
  for (let index = 0; index < CHANGES; index++) {
    clock = start + index * STEP_MS;
    const id = containers[index % containers.length] as string;
    const container = topology.containers[id] as TopologyContainer;
    const next: Topology = {
      ...topology,
      version: topology.version + 1,
      containers: {
        ...topology.containers,
        [id]: { ...container, state: container.state === 'running' ? 'exited' : 'running' },
      },
    };
    const patch = createPatch(topology, next);
    const began = performance.now();
    store.append({ t: clock, patch, after: next, events: [], wentStale: [], back: [] });
    appendMs += performance.now() - began;
    topology = next;
    if (index % 50 === 49) {
      const flushBegan = performance.now();
      await store.flush();
      writeMs += performance.now() - flushBegan;
    }
    if (index % Math.floor(CHANGES / 300) === 0) moments.push({ at: clock, version: next.version });
  }
  const flushBegan = performance.now();
  await store.flush();
  writeMs += performance.now() - flushBegan;
  const range = store.range();
  const rebuilds: number[] = [];
  for (const moment of moments.sort(() => Math.random() - 0.5)) {
    const began = performance.now();
    const rebuilt = await store.topologyAt(moment.at);
    rebuilds.push(performance.now() - began);
    if (rebuilt?.version !== moment.version) throw new Error(`wrong moment at ${moment.at}`);
  }
  rebuilds.sort((a, b) => a - b);
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const keyBytes = Buffer.byteLength(JSON.stringify(topology));
  console.log(
    JSON.stringify(
      {
        elements: ELEMENTS,
        changes: range.changes,
        keyframes: range.keyframes,
        segments: range.segments,
        keyframeBytes: keyBytes,
        bytesPerChange: Math.round(range.bytes / range.changes),
        totalMb: +(range.bytes / 1024 / 1024).toFixed(1),
        appendUsPerPatch: +((appendMs * 1000) / CHANGES).toFixed(2),
        writeUsPerPatch: +((writeMs * 1000) / CHANGES).toFixed(1),
        rebuildMs: {
          p50: +percentile(rebuilds, 50).toFixed(1),
          p99: +percentile(rebuilds, 99).toFixed(1),
        },
        heapGrowthMb: +heapMb.toFixed(1),
      },
      null,
      2,
    ),
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
