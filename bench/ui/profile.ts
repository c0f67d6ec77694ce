/**
 * npx tsx bench/ui/profile.ts: where a full redraw of a large map goes, in headless Chromium.
 * Builds the bench:ui harness unminified, lays out BENCH_UI_SIZE generated elements (10,000 by
 * default) for at most BENCH_UI_SETTLE_MS, then redraws every frame at the fit zoom for
 * BENCH_UI_SECONDS under the Chrome DevTools Protocol's CPU profiler, and prints the fps and the
 * functions with the most self time. The profile is written to bench/.tmp/ui/redraw.cpuprofile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';
import { chromium } from 'playwright';

import { chromiumLaunchOptions } from '../../e2e/chromium';
import type { PanResult } from './harness';

const SIZE = Number(process.env.BENCH_UI_SIZE ?? 10_000);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 3);
const SETTLE_MS = Number(process.env.BENCH_UI_SETTLE_MS ?? 20_000);
const TMP = 'bench/.tmp/ui';
/** `scale`: the scale bench's topology (bench/scale/dump-topology.ts writes it) instead. */
const TOPOLOGY = process.env.BENCH_UI_TOPOLOGY === 'scale' ? '../scale/topology.js' : null;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

async function main() {
  fs.mkdirSync(TMP, { recursive: true });
  await build({
    entryPoints: ['bench/ui/harness.ts'],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    outfile: path.join(TMP, 'harness-profile.js'),
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  fs.writeFileSync(
    path.join(TMP, 'profile.html'),
    `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%;overflow:hidden;font-family:'DejaVu Sans',sans-serif}</style></head><body>${TOPOLOGY ? `<script src="${TOPOLOGY}"></script>` : ''}<script src="./harness-profile.js"></script></body></html>`,
  );
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`file://${path.resolve(TMP, 'profile.html')}`);
    await page.waitForFunction('"bench" in window');
    const t0 = Date.now();
    await page.evaluate(`window.bench.setup(${SIZE}, ${SETTLE_MS})`);
    console.log(`setup ${Date.now() - t0} ms · load ${os.loadavg().map((v) => v.toFixed(2))}`);
    await page.screenshot({ path: path.join(TMP, `profile-${SIZE}.png`) });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const result = (await page.evaluate(`window.bench.redrawFit(${SECONDS})`)) as PanResult;
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: { nodes: ProfileNode[] };
    };
    fs.writeFileSync(path.join(TMP, 'redraw.cpuprofile'), JSON.stringify(profile));
    console.log(JSON.stringify(result));
    const self = new Map<string, number>();
    let total = 0;
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || '(anon)'} ${path.basename(url)}:${lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
      total += node.hitCount ?? 0;
    }
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
    for (const [name, hits] of top) {
      console.log(`${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`);
    }
    console.log(`load ${os.loadavg().map((v) => v.toFixed(2))}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
