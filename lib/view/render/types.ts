import type { ZoomLevel } from '../fold';
import type { LabelBox } from '../label-placement';
import type { Region } from '../layout';
import type { GroupBy, ViewLink, ViewNode } from '../model';
import type { Paint2D } from '../paint';
import type { Palette } from '../palette';
import type { Point } from '../routes';
import type { TrafficEdge } from '../traffic';

/** Anything with a position that stands for a graph node (a simulation node, a fold, a ghost). */
export interface DrawNode {
  id: string;
  node: ViewNode;
  x: number;
  y: number;
  /** Clock ms when it appeared (-Infinity: always there). */
  bornAt: number;
  /** Clock ms when it was removed (ghosts fading out). */
  diedAt?: number;
}

export interface DrawLink {
  link: ViewLink;
  source: DrawNode;
  target: DrawNode;
}

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export interface RenderInput {
  /** Output size in CSS pixels. */
  width: number;
  height: number;
  pixelRatio: number;
  transform: Transform;
  palette: Palette;
  regions: readonly Region[];
  nodes: readonly DrawNode[];
  links: readonly DrawLink[];
  ghosts: readonly DrawNode[];
  level: ZoomLevel;
  selected: string | null;
  hovered: string | null;
  /** When set, everything else is dimmed (hover/selection neighbourhood). */
  focus: ReadonlySet<string> | null;
  /** Node id → glow strength in (0, 1]. */
  glow: ReadonlyMap<string, number>;
  /** Draw the ingress layer's paths. */
  ingress: boolean;
  /** The Traffic layer's edges (none: the layer is off). */
  traffic?: readonly TrafficEdge[];
  /** Host region id → what to say about its connection (stale engines). */
  hostNotes: ReadonlyMap<string, string>;
  /** The server link is down: everything is stale. */
  offline: boolean;
  now: number;
  /**
   * Measures text in `font` (set on `ctx` when it must be measured), else in the current font
   * (canvas measureText, cached).
   */
  measure?: Measure;
  /** Skip the background grid (exports). */
  grid?: boolean;
  /** The region a node is drawn in (labels stay inside it, band edges are routed by it). */
  regionOf?: (node: DrawNode) => string | null;
  /** The element the keyboard is on (Tab, arrows): drawn with a focus ring. */
  keyFocus?: string | null;
  /** Grouped by network: a local network's label says which node it is on. */
  groupBy?: GroupBy;
  /** Filled by each frame drawn with it: where its labels and routed edges went. */
  record?: RenderRecord;
}

/** A link routed between the swarm band and a host (graph units, source to target). */
export interface DrawnRoute {
  source: string;
  target: string;
  points: Point[];
}

/** What a frame drew where: the labels (screen space) and the routed links. */
export interface RenderRecord {
  labels: LabelBox[];
  routes: DrawnRoute[];
}

export interface RenderStats {
  nodes: number;
  links: number;
  labels: number;
}

/** A node the nodes pass drew, as the passes after it (decorations, labels) need it. */
export interface DrawnNode {
  d: DrawNode;
  alpha: number;
  scale: number;
}

/** Text width in `font`, or in `ctx`'s current font when none is given. */
export type Measure = (ctx: Paint2D, text: string, font?: string) => number;
