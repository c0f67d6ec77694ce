import type { Paint2D } from '../paint';
import { routeBetween, routePlan, type Point, type RoutePlan } from '../routes';
import type { Palette } from '../palette';
import type {
  DrawLink,
  Measure,
  DrawNode,
  RenderInput,
  RenderRecord,
  RenderStats,
  Transform,
} from './types';

/** The visible area in graph units, with a margin for labels. */
export interface ViewBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * What the passes of one frame share: the input, the scale, what is on screen and the counts
 * the frame reports. Built once per frame by `createFrame`; the passes only add to `stats`.
 */
export interface Frame {
  ctx: Paint2D;
  input: RenderInput;
  palette: Palette;
  transform: Transform;
  /** Zoom (graph unit → CSS pixels). */
  k: number;
  pixelRatio: number;
  width: number;
  height: number;
  now: number;
  /** Zoomed in far enough for every element (not folded). */
  detail: boolean;
  focus: ReadonlySet<string> | null;
  /** One screen pixel in graph units. */
  px: number;
  /** One device pixel in graph units: the cheapest line to rasterise (see the links pass). */
  hair: number;
  view: ViewBox;
  measure: Measure;
  stats: RenderStats;
  /** Graph x → screen x (CSS pixels). */
  sx: (x: number) => number;
  /** Graph y → screen y (CSS pixels). */
  sy: (y: number) => number;
  /** Inside the screen (with a little slack), by the node's centre. */
  onScreen: (node: DrawNode) => boolean;
  /** Inside the view box, in graph units. */
  visible: (x: number, y: number) => boolean;
  /** Links between a host and the swarm band (or two hosts) bend, like wiring; straight far out. */
  curved: (link: DrawLink) => boolean;
  /**
   * A link between the swarm band and a host region, routed round the other regions (graph
   * units, source to target); null for any other link, drawn straight or bent.
   */
  route: (link: DrawLink) => Point[] | null;
  /** Where this frame's labels and routes are written down, when the input asks for it. */
  record: RenderRecord | null;
}

// NOTE: the plan depends only on the regions, which change far less often than frames are drawn.
const plans = new WeakMap<object, RoutePlan | null>();

function planFor(regions: RenderInput['regions']): RoutePlan | null {
  let plan = plans.get(regions);
  if (plan === undefined) {
    plan = routePlan(regions);
    plans.set(regions, plan);
  }
  return plan;
}

const defaultMeasure: Measure = (ctx, text, font) => {
  if (font !== undefined) ctx.font = font;
  return ctx.measureText(text).width;
};

export function createFrame(ctx: Paint2D, input: RenderInput): Frame {
  const { transform: t, width, height, pixelRatio } = input;
  const k = t.k;
  const detail = input.level === 'detail';
  const margin = 80 / k;
  const plan = input.regionOf ? planFor(input.regions) : null;
  const routes = new Map<DrawLink, Point[]>();
  const regionOf = input.regionOf;
  const record = input.record ?? null;
  if (record) {
    record.labels.length = 0;
    record.routes.length = 0;
  }
  const view: ViewBox = {
    x0: -t.x / k - margin,
    y0: -t.y / k - margin,
    x1: (width - t.x) / k + margin,
    y1: (height - t.y) / k + margin,
  };
  return {
    ctx,
    input,
    palette: input.palette,
    transform: t,
    k,
    pixelRatio,
    width,
    height,
    now: input.now,
    detail,
    focus: input.focus,
    px: 1 / k,
    hair: 1 / (k * pixelRatio),
    view,
    measure: input.measure ?? defaultMeasure,
    stats: { nodes: 0, links: 0, labels: 0 },
    sx: (x) => x * k + t.x,
    sy: (y) => y * k + t.y,
    onScreen: (n) => {
      const x = n.x * k + t.x;
      const y = n.y * k + t.y;
      return x >= -20 && x <= width + 20 && y >= -20 && y <= height + 20;
    },
    visible: (x, y) => x >= view.x0 && x <= view.x1 && y >= view.y0 && y <= view.y1,
    curved: (l) => detail && l.source.node.host !== l.target.node.host,
    route: (l) => {
      if (!plan || !regionOf) return null;
      const known = routes.get(l);
      if (known) return known;
      const route = routeBetween(plan, l.source, regionOf(l.source), l.target, regionOf(l.target));
      if (route) {
        routes.set(l, route);
        record?.routes.push({ source: l.source.id, target: l.target.id, points: route });
      }
      return route;
    },
    record,
  };
}

/** Draw in CSS pixels from here on (background, labels, veil). */
export function toScreenSpace(frame: Frame) {
  const pr = frame.pixelRatio;
  frame.ctx.setTransform(pr, 0, 0, pr, 0, 0);
}

/** Draw in graph units from here on (regions, links, nodes): the map's pan and zoom applied. */
export function toGraphSpace(frame: Frame) {
  const { pixelRatio: pr, k, transform: t } = frame;
  frame.ctx.setTransform(pr * k, 0, 0, pr * k, pr * t.x, pr * t.y);
}
