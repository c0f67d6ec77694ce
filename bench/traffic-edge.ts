/**
 * First packet → edge drawn in Chromium: the production server on the lab, the dashboard in real
 * Chromium with the Traffic layer on, a bridge of the bench's own with an HTTP server and RUNS idle
 * callers. Each run makes one caller fetch the server's page once (`docker exec … wget`, bounded)
 * and times from just before the exec is asked for (so before its first packet: an upper bound)
 * to the first frame the map draws with that caller → server edge (the map's frame hook).
 * Target: ≤ 2 s.
 */
import type Docker from 'dockerode';
import { chromium, type Browser } from 'playwright';

import type { EngineSpec } from '@/lib/config/engine-address';

import type { PortolanTestHooks } from '../components/map/test-hooks';
import { chromiumLaunchOptions } from '../e2e/chromium';
import {
  BENCH_TOKEN,
  labDockers,
  percentile,
  sleep,
  startServerUnderTest,
  type ServerUnderTest,
} from './support';

export interface EdgeLatency {
  note: string;
  runs: number[];
  p50: number;
  max: number;
}

const RUNS = Number(process.env.BENCH_TRAFFIC_EDGE_RUNS ?? 5);
const PORT = Number(process.env.BENCH_TRAFFIC_PORT ?? 3322);
const LABELS = { 'portolan.bench': 'true', 'portolan.test': 'true' };
const STOPPABLE = (script: string) => ['sh', '-c', `trap "exit 0" TERM; ${script}`];

type Hooks = { __portolanTestHooks?: PortolanTestHooks; __edgeAt?: number | null };

export async function measureEdgeLatency(specs: EngineSpec[]): Promise<EdgeLatency> {
  const docker = labDockers(specs.filter((spec) => spec.name === 'node-1'))[0] as Docker;
  const name = `t16-bench-edge-${Date.now().toString(36)}`;
  const made: string[] = [];
  const network = await docker.createNetwork({ Name: name, Labels: LABELS });
  // NOTE: whatever fails, the server, the browser and the lab objects are cleaned up.
  let server: ServerUnderTest | null = null;
  let browser: Browser | null = null;
  try {
    server = await startServerUnderTest(specs, PORT);
    browser = await chromium.launch(chromiumLaunchOptions());
    const run = async (container: string, script: string) => {
      const created = await docker.createContainer({
        name: container,
        Image: 'busybox:latest',
        Cmd: STOPPABLE(script),
        Labels: LABELS,
        HostConfig: { NetworkMode: name, Init: true },
      });
      made.push(created.id);
      await created.start();
      return created.id;
    };
    const target = await run(
      `${name}-srv`,
      'httpd -p 80 -h /; while :; do sleep 3600 & wait $!; done',
    );
    const callers: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      callers.push(await run(`${name}-cli${i}`, 'while :; do sleep 3600 & wait $!; done'));
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript('window.__portolanTestHooks = {};');
    const layers = 'stopped,system,ingress,tasks,traffic';
    await page.goto(`${server.url}/?token=${BENCH_TOKEN}&q=${name}&layers=${layers}`);
    await page.waitForFunction(
      (ids) => {
        const topology = (window as Hooks).__portolanTestHooks?.live?.topology();
        return ids.every((id) => topology?.containers[id]?.state === 'running');
      },
      [target, ...callers],
      { timeout: 60_000 },
    );
    // NOTE: a bench, not a test: let the layer's first samples arrive before timing.
    await sleep(3_000);
    const runs: number[] = [];
    for (const caller of callers) {
      await page.evaluate(
        ({ from, to }) => {
          const w = window as Hooks;
          w.__edgeAt = null;
          const map = w.__portolanTestHooks?.map;
          const stop = map?.frames((at) => {
            if (w.__edgeAt) return;
            if (map.traffic().some((edge) => edge.from === from && edge.to === to)) {
              w.__edgeAt = at;
              stop?.();
            }
          });
        },
        { from: caller, to: target },
      );
      const exec = await docker.getContainer(caller).exec({
        Cmd: ['timeout', '5', 'wget', '-q', '-O', '/dev/null', `http://${name}-srv/`],
      });
      const askedAt = Date.now();
      await exec.start({ Detach: true });
      const drawnAt = await page.waitForFunction(() => (window as Hooks).__edgeAt ?? null, null, {
        timeout: 15_000,
        polling: 10,
      });
      runs.push(Math.round(((await drawnAt.jsonValue()) as number) - askedAt));
      await sleep(500);
    }
    return {
      note: `${RUNS} runs, each a fresh caller → server pair on a bridge of the bench's own, sampling at 1 s: from just before \`docker exec\` is asked to run one \`wget\` (an upper bound on the first packet) to the first frame Chromium draws with the edge (the map's frame hook).`,
      runs,
      p50: percentile(runs, 50),
      max: Math.max(...runs),
    };
  } finally {
    await browser?.close();
    await server?.stop();
    for (const id of made) {
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await network.remove().catch(() => undefined);
  }
}
