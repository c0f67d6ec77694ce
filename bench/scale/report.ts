/** bench/results/scale.{json,md}: the figures of `npm run bench:scale`, and which targets they meet. */
import fs from 'node:fs';
import path from 'node:path';

import type { BrowserResult } from './browser';

interface Spread {
  p50: number;
  p95: number;
  max: number;
}

export interface ChangeResult {
  kind: string;
  samples: number;
  eventsPerChange: number;
  rebuildsPerChange: number;
  /** Rebuilds that built everything (a change the incremental builder does not follow). */
  fullBuilds: number;
  /** One rebuild + diff, as the server logs it. */
  perRebuildMs: Spread;
  /** Every rebuild + diff (and event-state patch) one change caused, summed. */
  perChangeMs: Spread;
  patchBytes: { p50: number; max: number };
  /** From the engine's event written to a socket.io client holding the change. */
  clientSeesMs: { p50: number; p95: number };
}

export interface ScaleReport {
  when: string;
  machine: {
    cpus: number;
    model: string;
    memoryGb: number;
    /** 1, 5 and 15 min load averages when the run began and when it ended. */
    loadAtStart: number[];
    loadAverage: number[];
  };
  /** Whether the server ran with its history store (on as shipped; PORTOLAN_HISTORY=0 off). */
  history: boolean;
  world: {
    nodes: number;
    services: number;
    tasks: number;
    containers: number;
    networks: number;
    userNetworks: number;
  };
  startup: {
    toListeningSnapshotMs: number;
    toFullTopologyMs: number;
    rebuilds: number;
    rebuildMsMax: number;
    snapshotBytes: number;
    engineRequests: number;
  };
  rssAfterInventoryMb: number;
  rssAfterChangesMb: number;
  changes: ChangeResult[];
  /** Null for a server-only run (BENCH_SCALE_BROWSER=0). */
  browser: BrowserResult | null;
}

const OUT = 'bench/results';
/** The page's marks before its first paint, in words. */
function firstPaintSteps(browser: BrowserResult): string {
  const { domReady, connected, snapshot, snapshotApplied } = browser.marks;
  const at = (value: number | null | undefined) => (value == null ? 'not seen' : `${value}`);
  return [
    `HTML parsed ${at(domReady)}`,
    `socket connected ${at(connected)}`,
    `snapshot received ${at(snapshot)}`,
    `applied ${at(snapshotApplied)}`,
    `first frame ${browser.firstPaintMs}`,
  ].join(', ');
}

export const TARGETS = { firstPaintMs: 2000, perEventMs: 5, fps: 30 };

type Verdict = { what: string; value: string; met: boolean };

export function verdicts(report: ScaleReport): Verdict[] {
  const worstRebuild = Math.max(...report.changes.map((c) => c.perRebuildMs.p95));
  const worstChange = Math.max(...report.changes.map((c) => c.perChangeMs.p95));
  const server: Verdict[] = [
    {
      what: `per-event server cost (one rebuild + diff, p95 of the worst kind) < ${TARGETS.perEventMs} ms`,
      value: `${worstRebuild} ms`,
      met: worstRebuild < TARGETS.perEventMs,
    },
    {
      what: `all rebuilds one change causes, summed (p95 of the worst kind) < ${TARGETS.perEventMs} ms`,
      value: `${worstChange} ms`,
      met: worstChange < TARGETS.perEventMs,
    },
  ];
  const { browser } = report;
  if (!browser) return server;
  return [
    {
      what: `first paint < ${TARGETS.firstPaintMs} ms`,
      value: `${browser.firstPaintMs} ms`,
      met: browser.firstPaintMs < TARGETS.firstPaintMs,
    },
    ...server,
    {
      what: `full redraw at fit zoom ≥ ${TARGETS.fps} fps`,
      value: `${browser.fit.fps} fps (${browser.fit.level}, ${browser.fit.nodesDrawn} drawn)`,
      met: browser.fit.fps >= TARGETS.fps,
    },
    {
      what: `full redraw zoomed in (k=1) ≥ ${TARGETS.fps} fps`,
      value: `${browser.zoomedIn.fps} fps (${browser.zoomedIn.level}, ${browser.zoomedIn.nodesDrawn} drawn)`,
      met: browser.zoomedIn.fps >= TARGETS.fps,
    },
  ];
}

function changeRows(report: ScaleReport): string[] {
  return report.changes.map((c) =>
    [
      '',
      c.kind,
      c.samples,
      c.eventsPerChange,
      `${c.rebuildsPerChange} (${c.fullBuilds} full)`,
      `${c.perRebuildMs.p50} / ${c.perRebuildMs.p95} / ${c.perRebuildMs.max}`,
      `${c.perChangeMs.p50} / ${c.perChangeMs.p95} / ${c.perChangeMs.max}`,
      `${c.patchBytes.p50} / ${c.patchBytes.max}`,
      `${c.clientSeesMs.p50} / ${c.clientSeesMs.p95}`,
      '',
    ]
      .join(' | ')
      .trim(),
  );
}

function browserSection(browser: BrowserResult): string[] {
  const redraw = (label: string, r: BrowserResult['fit']) =>
    `| ${label} | ${r.scale} (${r.level}) | ${r.fps} | ${r.renderP50} / ${r.renderP95} | ${r.nodesDrawn} | ${r.linksDrawn} | ${r.labelsDrawn} |`;
  return [
    '## Chromium',
    '',
    `Debian Chromium, headless, software canvas, 1280×720, the dashboard's map page opened once the server holds the whole topology. First paint: navigation start → the first frame in which the map drew elements: **${browser.firstPaintMs} ms** (${browser.firstPaintNodes} elements drawn); the layout settled and the canvas still at ${browser.settledMs} ms. On the way (ms after navigation start): ${firstPaintSteps(browser)}. Tab memory (CDP): JS heap ${browser.jsHeapMb} MB, ${browser.domNodes} DOM nodes.`,
    '',
    'Full redraw: every frame drawn from scratch (no cached picture) for a few seconds.',
    '',
    '| view | zoom (level) | fps | render ms p50 / p95 | elements drawn | links drawn | labels drawn |',
    '|---|---|---:|---|---:|---:|---:|',
    redraw('fit to screen', browser.fit),
    redraw('zoomed in', browser.zoomedIn),
    '',
  ];
}

function header(report: ScaleReport): string[] {
  const { world, machine } = report;
  const load = (values: number[]) => values.join(', ');
  return [
    `# Portolan at ${world.containers.toLocaleString('en')} containers (\`npm run bench:scale\`${report.browser ? '' : ', server only'})`,
    '',
    `${report.when} · ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GiB · load average ${load(machine.loadAtStart)} at the start and ${load(machine.loadAverage)} at the end (1, 5, 15 min): it says how busy the machine was; every time below includes waiting for a CPU, and the benchmark's own fake engines and Chromium share the two cores with the server.`,
    '',
    `The production server (\`server/index.ts\`, production build) reads ${world.nodes} fake engines (\`bench/scale/fake-engine.ts\`): node-1 the swarm manager, the others workers, one unix socket each, all served by the bench's own process, with answers copied from payloads recorded on the lab (\`bench/scale/fixtures/\`). They hold ${world.services} services, ${world.tasks} tasks with their ${world.tasks} containers, ${world.containers - world.tasks} standalone containers (${world.containers} in all), ${world.userNetworks} user networks (overlays and per-node bridges) plus each node's bridge/host/none/docker_gwbridge and the ingress (${world.networks} networks in all). Periodic reconcile off (\`PORTOLAN_RECONCILE_MS=0\`): every figure after startup is the event path's. History store **${report.history ? 'on, as shipped' : 'off (`PORTOLAN_HISTORY=0`)'}**.`,
    '',
  ];
}

/** Writes `<name>.json` and `<name>.md` under bench/results. */
export function writeReport(report: ScaleReport, name = 'scale') {
  const checks = verdicts(report);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(
    path.join(OUT, `${name}.json`),
    `${JSON.stringify({ ...report, targets: TARGETS, verdicts: checks }, null, 2)}\n`,
  );
  const { startup } = report;
  const md = [
    ...header(report),
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...checks.map((c) => `| ${c.what} | ${c.value} | ${c.met ? 'met' : '**missed**'} |`),
    '',
    '## Server',
    '',
    `- Start → first snapshot on a socket.io client: ${startup.toListeningSnapshotMs} ms (the server listens before its engines are read); start → every container in the client's topology: **${startup.toFullTopologyMs} ms**, with ${startup.rebuilds} rebuilds on the way (the slowest ${startup.rebuildMsMax} ms) and ${startup.engineRequests} Engine API requests.`,
    `- Snapshot: ${Math.round(startup.snapshotBytes / 1024)} KiB of JSON.`,
    `- Server RSS: ${report.rssAfterInventoryMb} MB after the inventory, ${report.rssAfterChangesMb} MB after the changes.`,
    '',
    "Per change, the server's own `rebuilt` debug log (`buildTopology` + `diffTopology`, and the patch of an event's implied state): one rebuild, and all of them one change causes summed; the patches a client received for it; and the time from the fake engine writing the events to a socket.io client holding the change (reads, rebuild, socket). p50 / p95 / max, ms; bytes p50 / max.",
    '',
    '| change | samples | events | rebuilds | one rebuild + diff ms | per change ms | patch bytes | client sees it ms |',
    '|---|---:|---:|---:|---|---|---|---|',
    ...changeRows(report),
    '',
    ...(report.browser ? browserSection(report.browser) : []),
  ].join('\n');
  fs.writeFileSync(path.join(OUT, `${name}.md`), md);
}
