/**
 * The dashboard in real Chromium at scale: how long until the map first paints the whole
 * topology, frames per second when every frame is drawn from scratch at the fit zoom and zoomed
 * in, and the tab's memory. Reads the map through its test hooks (components/map/test-hooks.ts).
 */
import fs from 'node:fs';

import { chromium } from 'playwright';

import { chromiumLaunchOptions } from '../../e2e/chromium';

export interface RedrawResult {
  scale: number;
  level: string;
  frames: number;
  fps: number;
  /** Time spent drawing one frame (ms), p50 / p95. */
  renderP50: number;
  renderP95: number;
  nodesDrawn: number;
  linksDrawn: number;
  labelsDrawn: number;
}

export interface BrowserResult {
  /** Navigation start → the first frame with the map drawn (ms). */
  firstPaintMs: number;
  /** Elements the map drew in that frame. */
  firstPaintNodes: number;
  /** Where the wait for the first paint went (ms after navigation start; null when not seen). */
  marks: FirstPaintMarks;
  /** Navigation start → the layout settled and the canvas still (ms). */
  settledMs: number;
  /** JS heap of the page and DOM nodes, from the Chrome DevTools Protocol. */
  jsHeapMb: number;
  domNodes: number;
  fit: RedrawResult;
  zoomedIn: RedrawResult;
}

const LOAD_PROFILE = process.env.BENCH_SCALE_LOAD_PROFILE ?? '';

export interface FirstPaintMarks {
  /** The page's HTML parsed (DOMContentLoaded). */
  domReady: number | null;
  /** The socket.io connection up. */
  connected: number | null;
  /** The snapshot received (parsed by socket.io), and applied to the page's store. */
  snapshot: number | null;
  snapshotApplied: number | null;
}

/** The page's own marks (components/realtime/live-store.ts), read after the first paint. */
const MARKS = `(() => {
  const at = (name) => {
    const mark = performance.getEntriesByName(name)[0];
    return mark ? Math.round(mark.startTime) : null;
  };
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    domReady: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
    connected: at('portolan:connected'),
    snapshot: at('portolan:snapshot'),
    snapshotApplied: at('portolan:snapshot-applied'),
  };
})()`;

/** Runs in the page before its scripts: asks for the hooks, stamps the first drawn frame. */
const INIT = `(() => {
  window.__portolanTestHooks = {};
  window.__scale = { firstPaint: null, nodes: 0 };
  const watch = () => {
    const frame = window.__portolanTestHooks.map && window.__portolanTestHooks.map.frame();
    if (frame && frame.nodes > 0) {
      window.__scale.firstPaint = performance.now();
      window.__scale.nodes = frame.nodes;
      return;
    }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})()`;

/** Every frame redrawn from scratch for `seconds`, as a string run in the page. */
const redrawFor = (seconds: number) => `(async () => {
  const map = window.__portolanTestHooks.map;
  const next = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const renders = [];
  let frames = 0;
  await next();
  const start = performance.now();
  let now = start;
  while (now - start < ${seconds * 1000}) {
    map.redraw();
    now = await next();
    frames += 1;
    renders.push(map.frame().renderMs);
  }
  renders.sort((a, b) => a - b);
  const pick = (p) => renders[Math.min(renders.length - 1, Math.floor(p * renders.length))] || 0;
  const frame = map.frame();
  const round = (v) => Math.round(v * 10) / 10;
  return {
    scale: Math.round(frame.scale * 1000) / 1000, level: frame.level, frames,
    fps: round(frames / ((now - start) / 1000)), renderP50: round(pick(0.5)), renderP95: round(pick(0.95)),
    nodesDrawn: frame.nodes, linksDrawn: frame.links, labelsDrawn: frame.labels,
  };
})()`;

export async function measureBrowser(
  url: string,
  token: string,
  seconds: number,
  screenshots: string,
): Promise<BrowserResult> {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    // NOTE: the page's CSP forbids eval; the probes are strings evaluated by Playwright.
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
    page.on('pageerror', (error) => console.error('[bench:scale] page error:', error.message));
    await page.addInitScript(INIT);
    // NOTE: BENCH_SCALE_LOAD_PROFILE=file.cpuprofile profiles the page from navigation to its
    // first paint (for finding where that time goes; the figures then include the profiler).
    const profiler = LOAD_PROFILE ? await page.context().newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    await page.goto(`${url}/?token=${token}`);
    await page.waitForFunction('window.__scale && window.__scale.firstPaint !== null', null, {
      timeout: 180_000,
      polling: 50,
    });
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      fs.writeFileSync(LOAD_PROFILE, JSON.stringify(profile));
    }
    const first = (await page.evaluate('window.__scale')) as { firstPaint: number; nodes: number };
    const marks = (await page.evaluate(MARKS)) as FirstPaintMarks;
    await page.waitForFunction('window.__portolanTestHooks.map.idle()', null, {
      timeout: 300_000,
      polling: 100,
    });
    const settledMs = (await page.evaluate('performance.now()')) as number;
    await page.screenshot({ path: `${screenshots}-fit.png` });
    const fit = (await page.evaluate(redrawFor(seconds))) as RedrawResult;
    await page.evaluate('window.__portolanTestHooks.map.zoomTo(1)');
    await page.waitForFunction('window.__portolanTestHooks.map.idle()', null, { timeout: 60_000 });
    const zoomedIn = (await page.evaluate(redrawFor(seconds))) as RedrawResult;
    await page.screenshot({ path: `${screenshots}-zoomed.png` });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return {
      firstPaintMs: Math.round(first.firstPaint),
      firstPaintNodes: first.nodes,
      marks,
      settledMs: Math.round(settledMs),
      jsHeapMb: Math.round(metric('JSHeapUsedSize') / 2 ** 20),
      domNodes: metric('Nodes'),
      fit,
      zoomedIn,
    };
  } finally {
    await browser.close();
  }
}
