/**
 * npm run bench:ui: frame times of the map on generated graphs of 200, 1,000 and 2,000 elements,
 * in headless Debian Chromium (software rendering), on this machine.
 *
 * The map's own engine (components/map/map-controller.ts and its parts: d3-force layout, d3-zoom,
 * the canvas renderer) is bundled with esbuild into a page; for each size it measures the projection
 * (toGraph), the time until the layout settles while frames are drawn, frames per second while
 * panning at the fit-to-screen zoom and at 1:1, and a live patch merged in place.
 * Writes bench/results/ui.json and bench/results/ui.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { build } from 'esbuild';
import { chromium } from 'playwright';

import { chromiumLaunchOptions } from '../../e2e/chromium';
import type { SizeResult } from './harness';

const SIZES = (process.env.BENCH_UI_SIZES ?? '200,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_UI_SECONDS ?? 4);
const WIDTH = 1280;
const HEIGHT = 720;
const OUT = 'bench/results';
const TMP = 'bench/.tmp/ui';
/** What each size must meet; a miss fails the run (and says which). */
const TARGETS = { fps: 30, settleMs: 3000, maxShiftPx: 2 };

const say = (line: string) => console.log(`[bench:ui] ${line}`);

async function main() {
  fs.mkdirSync(TMP, { recursive: true });
  await build({
    entryPoints: ['bench/ui/harness.ts'],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    outfile: path.join(TMP, 'harness.js'),
    tsconfig: 'tsconfig.json',
    logLevel: 'warning',
  });
  fs.writeFileSync(
    path.join(TMP, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;height:100%;overflow:hidden;font-family:'DejaVu Sans',sans-serif}</style></head><body><script src="./harness.js"></script></body></html>`,
  );

  const browser = await chromium.launch(chromiumLaunchOptions());
  const results: SizeResult[] = [];
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
      page.on('pageerror', (error) => console.error('page error:', error.message));
      await page.goto(`file://${path.resolve(TMP, 'index.html')}`);
      await page.waitForFunction('"bench" in window');
      say(`${size} elements…`);
      // NOTE: strings, not functions: tsx's transform would add helpers the page does not have.
      await page.evaluate(`window.bench.setup(${size})`);
      await page.screenshot({ path: path.join(TMP, `ui-${size}-fit.png`) });
      await page.evaluate(`window.bench.panFit(${SECONDS})`);
      await page.evaluate(`window.bench.zoomFit(${SECONDS})`);
      await page.evaluate(`window.bench.panDetail(${SECONDS})`);
      await page.screenshot({ path: path.join(TMP, `ui-${size}-1to1.png`) });
      const result = (await page.evaluate('window.bench.patch()')) as SizeResult;
      results.push(result);
      say(
        `${size}: ${result.nodes} nodes, ${result.links} links; settles in ${result.settleMs} ms; ` +
          `pan ${result.fit.fps} fps at fit (${result.fit.level}), ${result.detail.fps} fps at 1:1; ` +
          `zooming ${result.zoom.fps} fps; redrawing every frame ${result.redraw.fps} fps`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }

  const report = {
    when: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    },
    browser: 'Debian Chromium, headless, --disable-gpu (software canvas)',
    viewport: `${WIDTH}x${HEIGHT}`,
    panSeconds: SECONDS,
    targets: TARGETS,
    results,
  };
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'ui.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(OUT, 'ui.md'), markdown(report));
  say(`wrote ${OUT}/ui.json and ${OUT}/ui.md (screenshots in ${TMP}/)`);
  const misses = results.flatMap((r) => missedTargets(r).map((miss) => `${r.elements}: ${miss}`));
  if (misses.length > 0) {
    say(`below target: ${misses.join('; ')}`);
    process.exitCode = 1;
  }
}

/** Every target a size missed: pan and full-redraw fps, settling, and old nodes moved by a patch. */
function missedTargets(r: SizeResult): string[] {
  return [
    r.fit.fps < TARGETS.fps && `pan at fit ${r.fit.fps} fps`,
    r.detail.fps < TARGETS.fps && `pan at 1:1 ${r.detail.fps} fps`,
    r.redraw.fps < TARGETS.fps && `full redraw ${r.redraw.fps} fps`,
    r.settleMs > TARGETS.settleMs && `settled in ${r.settleMs} ms`,
    r.patch.maxShiftPx > TARGETS.maxShiftPx && `a patch moved old nodes ${r.patch.maxShiftPx} px`,
  ].filter((miss): miss is string => typeof miss === 'string');
}

function markdown(report: {
  when: string;
  machine: { cpus: number; model: string; memoryGb: number };
  browser: string;
  viewport: string;
  panSeconds: number;
  results: SizeResult[];
}): string {
  const rows = report.results.map((r) =>
    [
      r.elements,
      r.nodes,
      r.links,
      r.toGraphMs,
      r.settleMs,
      r.settleTicks,
      `${r.fit.fps} (${r.fit.level}, k=${r.fit.scale})`,
      `${r.fit.frameP50} / ${r.fit.frameP95}`,
      `${r.fit.renderP50} / ${r.fit.renderP95}`,
      r.detail.fps,
      `${r.detail.frameP50} / ${r.detail.frameP95}`,
      `${r.detail.renderP50} / ${r.detail.renderP95}`,
      r.zoom.fps,
      r.redraw.fps,
      `${r.redraw.frameP50} / ${r.redraw.frameP95}`,
      `${r.redraw.renderP50} / ${r.redraw.renderP95}`,
      `${r.patch.updateMs} ms, +${r.patch.added}, moved ${r.patch.maxShiftPx} px after settling (${r.patch.settledFrames} frames)`,
    ].join(' | '),
  );
  return [
    '# Map frame times (`npm run bench:ui`)',
    '',
    `${report.when} · ${report.machine.cpus} × ${report.machine.model}, ${report.machine.memoryGb} GiB · ${report.browser} · ${report.viewport}`,
    '',
    `Generated swarms (5 nodes, overlays, services with tasks, compose projects; test/support/synthetic-topology.ts). For each size: the projection (toGraph), the time until the layout settles while frames are drawn, then ${report.panSeconds} s of panning (12 px a frame, back and forth over 1,500 px) at the fit-to-screen zoom, ${report.panSeconds} s of a zoom gesture in and out at that scale (the picture is stretched while the gesture lasts and drawn sharp when it stops), ${report.panSeconds} s with every frame drawn from scratch at that scale (the cost without the cached picture the map pans), ${report.panSeconds} s of panning at 1:1, then one live patch (a service scaled up by 2) merged in place. Frame and render times are p50 / p95 in ms. Targets (a miss fails the run): ≥ 30 fps panning at fit and at 1:1 and redrawing every frame, settled within 3 s, existing nodes moved at most 2 px by a patch, measured after the layout has settled on it. The machine is shared: other work running at the same time shows up as lower fps; the load average is in ui.json.`,
    '',
    '| elements | nodes | links | toGraph ms | settle ms | ticks | pan fps at fit | frame ms | render ms | pan fps at 1:1 | frame ms | render ms | zoom fps | redraw fps | frame ms | render ms | patch |',
    '|---:|---:|---:|---:|---:|---:|---|---|---|---:|---|---|---:|---:|---|---|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
