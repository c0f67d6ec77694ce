import type { TrafficSample } from '@/lib/traffic/types';

import type { ZoomLevel } from './fold';
import type { Rect } from './geometry';
import type { Region } from './layout';
import type { ViewGraph } from './model';
import { SvgPainter } from './paint';
import type { Palette } from './palette';
import {
  renderMap,
  type DrawLink,
  type DrawNode,
  type RenderInput,
  type Transform,
} from './render';
import type { ViewState } from './url-state';

export const EXPORT_FORMAT = 'portolan.map/v1';

export interface MapExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  topologyVersion: number;
  view: {
    query: string;
    layers: ViewState['layers'];
    group: ViewState['group'];
    select: string | null;
  };
  nodes: (ViewGraph['nodes'][number] & { x: number | null; y: number | null })[];
  links: ViewGraph['links'];
  groups: (ViewGraph['groups'][number] & { rect: Rect | null })[];
  /** The traffic seen, when the Traffic layer was on (the last sample). */
  traffic?: Pick<TrafficSample, 'at' | 'engines' | 'conversations' | 'endpoints'>;
}

/** The current view as JSON: every element and link shown, with its position, and the filters. */
export function exportJson(
  graph: ViewGraph,
  positions: ReadonlyMap<string, { x: number; y: number }>,
  regions: readonly Region[],
  state: ViewState,
  topologyVersion: number,
  exportedAt: Date,
  traffic: TrafficSample | null = null,
): MapExport {
  const rectOf = new Map(regions.map((region) => [region.id, region.rect]));
  const round = (value: number | undefined) =>
    value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10) / 10;
  return {
    format: EXPORT_FORMAT,
    exportedAt: exportedAt.toISOString(),
    topologyVersion,
    view: {
      query: state.query,
      layers: { ...state.layers },
      group: state.group,
      select: state.select,
    },
    nodes: graph.nodes.map((node) => {
      const position = positions.get(node.id);
      return { ...node, x: round(position?.x), y: round(position?.y) };
    }),
    links: graph.links,
    groups: graph.groups.map((group) => ({ ...group, rect: rectOf.get(group.id) ?? null })),
    ...(traffic
      ? {
          traffic: {
            at: traffic.at,
            engines: traffic.engines,
            conversations: traffic.conversations,
            endpoints: traffic.endpoints,
          },
        }
      : {}),
  };
}

export interface SvgExportInput {
  palette: Palette;
  regions: readonly Region[];
  nodes: readonly DrawNode[];
  links: readonly DrawLink[];
  bounds: Rect;
  level: ZoomLevel;
  ingress: boolean;
  selected: string | null;
  hostNotes: ReadonlyMap<string, string>;
  /** Zoom of the export (labels appear as at this zoom). */
  scale?: number;
  measure?: (text: string, font: string) => number;
  /** The region a node is drawn in (labels stay inside it). */
  regionOf?: (node: DrawNode) => string | null;
}

/** Fits `bounds` into an output of at most `maxSide` px with a margin. */
export function fitTransform(
  bounds: Rect,
  scale: number,
  margin = 24,
): { transform: Transform; width: number; height: number } {
  const width = Math.ceil(bounds.w * scale + 2 * margin);
  const height = Math.ceil(bounds.h * scale + 2 * margin);
  return {
    transform: { k: scale, x: margin - bounds.x * scale, y: margin - bounds.y * scale },
    width,
    height,
  };
}

/** The map as a standalone SVG document, drawn by the same renderer as the screen. */
export function exportSvg(input: SvgExportInput): string {
  const { transform, width, height } = fitTransform(input.bounds, input.scale ?? 1);
  const painter = new SvgPainter(width, height, input.measure);
  renderMap(painter, {
    width,
    height,
    pixelRatio: 1,
    transform,
    palette: input.palette,
    regions: input.regions,
    nodes: input.nodes,
    links: input.links,
    ghosts: [],
    level: input.level,
    selected: input.selected,
    hovered: null,
    focus: null,
    glow: new Map(),
    ingress: input.ingress,
    hostNotes: input.hostNotes,
    offline: false,
    now: 0,
    grid: false,
    regionOf: input.regionOf,
  });
  return painter.toString();
}

/** Long enough after a frame for every fade in it to have finished. */
const FADES_DONE_MS = 10_000;

/**
 * A frame as it is shown once what is only passing has passed: no hover (the pointer is on the
 * export menu), no glow, no fading in or out. `focus`: what the selection alone focuses.
 */
export function stillFrame(input: RenderInput, focus: ReadonlySet<string> | null): RenderInput {
  return {
    ...input,
    hovered: null,
    focus,
    ghosts: [],
    glow: new Map(),
    now: input.now + FADES_DONE_MS,
  };
}

/**
 * The view on screen as a standalone SVG: the frame's own input (size, pan and zoom, level,
 * selection, layers) through the same renderer, so every element and label is where it is on
 * screen. `measure`: the screen's text widths, so labels fit and collide as they do there.
 */
export function exportViewSvg(
  input: RenderInput,
  measure?: (text: string, font: string) => number,
): string {
  const painter = new SvgPainter(input.width, input.height, measure);
  renderMap(painter, { ...input, pixelRatio: 1 });
  return painter.toString();
}
