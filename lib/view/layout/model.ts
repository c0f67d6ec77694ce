/*
 * The layout's data: regions (where members may go) and the simulation's nodes and links.
 */
import type { SimulationLinkDatum, SimulationNodeDatum } from 'd3';

import type { Rect } from '../geometry';
import type { ViewGroup, ViewLink, ViewNode } from '../model';

/**
 * A place on the map: a host, the swarm band, (grouping by network) a network's cluster, or
 * (grouping by stack) a stack's or compose project's box inside the swarm band or a host.
 */
export interface Region {
  id: string;
  kind: 'host' | 'swarm' | 'cluster' | 'stack';
  shape: 'rect' | 'circle';
  /** Outline (for a circle: its bounding square). */
  rect: Rect;
  /** Where members may go (below the header). */
  inner: Rect;
  /** The host or swarm group it draws, if any. */
  group: ViewGroup | null;
  /** The network a cluster gathers around. */
  network: string | null;
}

export interface SimNode extends SimulationNodeDatum {
  id: string;
  node: ViewNode;
  x: number;
  y: number;
  /** Collision radius: the shape plus room for its label. */
  collide: number;
  region: string;
  /** When it appeared (clock ms), for the fade-in. */
  bornAt: number;
}

export interface SimLink extends SimulationLinkDatum<SimNode> {
  link: ViewLink;
  source: SimNode;
  target: SimNode;
}

/** Width / height of the screen the map is laid out for, when not told. */
export const DEFAULT_ASPECT = 2;

/** The region (grouping by network) of what has no network. */
export const UNCLUSTERED = '(none)';

/** Networks and services: the nodes others gather round. */
export function isHub(node: SimNode): boolean {
  return node.node.kind === 'network' || node.node.kind === 'service';
}
