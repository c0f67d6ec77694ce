/**
 * Runs in the browser (bundled by bench/ui/run.ts): the map's real engine (MapController, the
 * d3-force layout and the canvas renderer) on a generated graph, measured frame by frame. It
 * drives the map through its public API only (the camera, data in, frame stats).
 */
import { MapController } from '@/components/map/map-controller';
import { toGraph } from '@/lib/view/graph';
import { DEFAULT_LAYERS } from '@/lib/view/model';
import { LIGHT_PALETTE } from '@/lib/view/palette';
import type { Topology } from '@/lib/topology/types';
import { syntheticTopology } from '@/test/support/synthetic-topology';

export interface PanResult {
  scale: number;
  level: string;
  frames: number;
  seconds: number;
  fps: number;
  /** Interval between frames (ms). */
  frameP50: number;
  frameP95: number;
  /** Time spent drawing one frame (ms). */
  renderP50: number;
  renderP95: number;
  nodesDrawn: number;
  linksDrawn: number;
}

export interface SizeResult {
  elements: number;
  nodes: number;
  links: number;
  toGraphMs: number;
  /** From handing the graph to the map until the layout settled (frames drawn meanwhile). */
  settleMs: number;
  settleTicks: number;
  settleFrames: number;
  fit: PanResult;
  detail: PanResult;
  /** A zoom gesture at the fit scale. */
  zoom: PanResult;
  /** Every frame redrawn from scratch at the fit scale (no cached picture). */
  redraw: PanResult;
  /** A patch (one service scaled up by 2): projection + merge, and how far old nodes moved. */
  patch: { updateMs: number; added: number; maxShiftPx: number; settledFrames: number };
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Frames while `move` changes the view each frame, for `seconds`. */
async function measure(
  controller: MapController,
  seconds: number,
  move: (frame: number) => void,
): Promise<PanResult> {
  const intervals: number[] = [];
  const renders: number[] = [];
  let last = await nextFrame();
  const start = last;
  let frame = 0;
  while (last - start < seconds * 1000) {
    move(frame++);
    const now = await nextFrame();
    intervals.push(now - last);
    renders.push(controller.stats.renderMs + controller.stats.layoutMs);
    last = now;
  }
  const elapsed = (last - start) / 1000;
  return {
    scale: Math.round(controller.scale * 1000) / 1000,
    level: controller.zoomLevel,
    frames: intervals.length,
    seconds: round(elapsed),
    fps: round(intervals.length / elapsed),
    frameP50: round(percentile(intervals, 50)),
    frameP95: round(percentile(intervals, 95)),
    renderP50: round(percentile(renders, 50)),
    renderP95: round(percentile(renders, 95)),
    nodesDrawn: controller.stats.nodes,
    linksDrawn: controller.stats.links,
  };
}

/** A brisk drag: 12 px a frame, back and forth over 1,500 px (several screens' worth). */
function pan(controller: MapController, seconds: number) {
  return measure(controller, seconds, (frame) => {
    const leg = Math.floor((frame * 12) / 1500) % 2 === 0 ? 1 : -1;
    controller.camera.panBy(12 * leg, 4 * leg);
  });
}

/** A zoom gesture in and out around the centre (stretched picture, sharp again when it stops). */
function zoomInOut(controller: MapController, seconds: number) {
  return measure(controller, seconds, (frame) => {
    controller.camera.zoomBy(frame % 60 < 30 ? 1.02 : 1 / 1.02, 0);
  });
}

/** Every frame drawn from scratch (what a frame costs without the cached picture). */
function redrawEveryFrame(controller: MapController, seconds: number) {
  // NOTE: a new palette (what a theme change does) makes the map draw everything again.
  return measure(controller, seconds, () => controller.setPalette(LIGHT_PALETTE));
}

function scaledUp(topology: Topology): Topology {
  const service = Object.values(topology.services)[0];
  const template = Object.values(topology.tasks).find((task) => task.service === service?.id);
  if (!service || !template) return topology;
  const tasks = { ...topology.tasks };
  for (const slot of [901, 902]) {
    const id = `bench-task-${slot}`;
    tasks[id] = { ...template, id, name: `${service.name}.${slot}`, slot, containerId: null };
  }
  return {
    ...topology,
    version: topology.version + 1,
    tasks,
    services: {
      ...topology.services,
      [service.id]: {
        ...service,
        replicas: {
          ...service.replicas,
          desired: service.replicas.desired + 2,
          running: service.replicas.running + 2,
        },
      },
    },
  };
}

interface Session {
  controller: MapController;
  box: HTMLDivElement;
  topology: Topology;
  result: Partial<SizeResult>;
}

let session: Session | null = null;

/**
 * Step 1: a map of `elements` generated elements, until its layout settles (or `maxSettleMs` has
 * passed: bench/ui/profile.ts does not wait for a large map to settle).
 */
async function setup(elements: number, maxSettleMs = Infinity) {
  document.body.replaceChildren();
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;inset:0;';
  const canvas = document.createElement('canvas');
  box.append(canvas);
  document.body.append(box);
  const controller = new MapController(canvas, LIGHT_PALETTE);
  controller.observe(box);

  // NOTE: bench/ui/profile.ts may hand the page a recorded topology (the scale bench's).
  const given = (window as { __topology?: Topology }).__topology;
  const topology = given ?? syntheticTopology({ elements, seed: 42 });
  const t0 = performance.now();
  const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
  const toGraphMs = performance.now() - t0;

  const start = performance.now();
  controller.setGraph(graph, 'node');
  let frames = 0;
  while (!controller.isSettled && performance.now() - start < maxSettleMs) {
    await nextFrame();
    frames++;
  }
  const settleMs = performance.now() - start;
  // Let the fit animation finish.
  for (let i = 0; i < 40; i++) await nextFrame();
  session = {
    controller,
    box,
    topology,
    result: {
      elements,
      nodes: graph.nodes.length,
      links: graph.links.length,
      toGraphMs: round(toGraphMs),
      settleMs: Math.round(settleMs),
      settleTicks: controller.layout.tickCount,
      settleFrames: frames,
    },
  };
}

/** Step 2: panning at the fit-to-screen zoom. */
async function panFit(seconds: number) {
  if (!session) throw new Error('setup first');
  session.result.fit = await pan(session.controller, seconds);
}

/** Step 2b: zooming in and out at the fit-to-screen scale. */
async function zoomFit(seconds: number) {
  if (!session) throw new Error('setup first');
  session.controller.refit();
  for (let i = 0; i < 40; i++) await nextFrame();
  session.result.zoom = await zoomInOut(session.controller, seconds);
  session.controller.refit();
  for (let i = 0; i < 40; i++) await nextFrame();
  session.result.redraw = await redrawEveryFrame(session.controller, seconds);
}

/** Step 3: panning at 1:1, in the middle of the map. */
async function panDetail(seconds: number) {
  if (!session) throw new Error('setup first');
  const { controller, box } = session;
  const bounds = controller.layout.bounds();
  controller.camera.moveTo(
    box.clientWidth / 2 - (bounds.x + bounds.w / 2),
    box.clientHeight / 2 - (bounds.y + bounds.h / 2),
    1,
  );
  await nextFrame();
  session.result.detail = await pan(controller, seconds);
}

/** Step 4: a live patch; existing nodes must not move when it is merged. */
async function patch(): Promise<SizeResult> {
  if (!session) throw new Error('setup first');
  const { controller, topology, result } = session;
  const before = new Map(controller.layout.nodes.map((node) => [node.id, [node.x, node.y]]));
  const p0 = performance.now();
  const next = toGraph(scaledUp(topology), { query: '', layers: DEFAULT_LAYERS });
  controller.setGraph(next, 'node');
  const updateMs = performance.now() - p0;
  // NOTE: measured once the layout has run on the patch (read at once, nothing had moved yet and
  // the figure could not fail).
  let frames = 0;
  do {
    await nextFrame();
    frames++;
  } while (!controller.isSettled && frames < 600);
  let maxShiftPx = 0;
  for (const node of controller.layout.nodes) {
    const old = before.get(node.id);
    if (old) {
      maxShiftPx = Math.max(maxShiftPx, Math.hypot(node.x - (old[0] ?? 0), node.y - (old[1] ?? 0)));
    }
  }
  result.patch = {
    updateMs: round(updateMs),
    added: controller.layout.nodes.length - before.size,
    maxShiftPx: round(maxShiftPx),
    settledFrames: frames,
  };
  return result as SizeResult;
}

/** Every frame drawn from scratch at the fit scale for `seconds` (bench/ui/profile.ts). */
async function redrawFit(seconds: number): Promise<PanResult> {
  if (!session) throw new Error('setup first');
  session.controller.refit();
  for (let i = 0; i < 40; i++) await nextFrame();
  return redrawEveryFrame(session.controller, seconds);
}

Object.assign(window, { bench: { setup, panFit, zoomFit, panDetail, patch, redrawFit } });
