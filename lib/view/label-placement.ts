/*
 * Where names go on the map, as rules: which labels compete first for room, which are shown at a
 * zoom, and the places tried around a node. The renderer's labels pass applies them with a
 * `LabelSpace` (render/label-space.ts): a label is drawn only where it covers no other label, no
 * region header and no node, so the first to claim a place wins it.
 */
import type { Rect } from './geometry';
import type { ViewNode } from './model';

/** What makes a label matter more right now. */
export interface LabelState {
  selected: string | null;
  hovered: string | null;
  /** Elements that just changed (they glow). */
  changed: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  /** The hovered or selected element's neighbourhood. */
  focus: ReadonlySet<string> | null;
}

/**
 * Lower is placed first: the selection, the hover, what just changed, the focused neighbourhood,
 * then by importance (networks, services and stacks, system networks, ports, then leaves).
 */
export function labelPriority(state: LabelState, id: string, node: ViewNode): number {
  if (id === state.selected) return 0;
  if (id === state.hovered) return 1;
  if (state.changed.has(id)) return 2;
  if (state.focus?.has(id)) return 3;
  switch (node.kind) {
    case 'network':
      return node.tags.includes('system') ? 6 : 4;
    case 'service':
    case 'project':
      return 5;
    case 'port':
    case 'uplink':
      return 7;
    default:
      return 8;
  }
}

/**
 * Whether a node's name is asked for at zoom `k` at all: hubs always (collisions decide how many
 * fit); ports and leaves once they are readable. The selected or hovered node is always named:
 * a label hidden for room appears on hover, and on zooming in.
 */
export function labelWanted(state: LabelState, id: string, node: ViewNode, k: number): boolean {
  if (id === state.selected || id === state.hovered) return true;
  if (node.kind === 'network' || node.kind === 'service' || node.kind === 'project') return true;
  if (node.kind === 'port' || node.kind === 'uplink') return k >= 0.45;
  return k >= 0.55;
}

/** Where a label may go around its node (screen space). */
export interface LabelAnchor {
  x: number;
  y: number;
  /** From the centre to the top of a label below (or the bottom of one above). */
  gapBelow: number;
  /** From the centre to the near edge of a label beside it. */
  gapSide: number;
}

/**
 * The places tried for a `w`×`h` label, in order: below, right, above, left, then the four
 * corners (below right, below left, above right, above left), where a crowd leaves room.
 */
export function labelSpots(anchor: LabelAnchor, w: number, h: number): Rect[] {
  const { x, y, gapBelow, gapSide } = anchor;
  const corner = gapSide;
  return [
    { x: x - w / 2, y: y + gapBelow, w, h },
    { x: x + gapSide, y: y - h / 2, w, h },
    { x: x - w / 2, y: y - gapBelow - h, w, h },
    { x: x - gapSide - w, y: y - h / 2, w, h },
    { x: x + corner, y: y + corner, w, h },
    { x: x - corner - w, y: y + corner, w, h },
    { x: x + corner, y: y - corner - h, w, h },
    { x: x - corner - w, y: y - corner - h, w, h },
  ];
}

/** Whether two boxes overlap (sharing an edge is not overlapping). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && a.x + a.w > b.x && a.y < b.y + b.h && a.y + a.h > b.y;
}

/** A label the renderer drew, where it drew it (screen space). */
export interface LabelBox {
  /** The node or link it names; the region's id for a header. */
  id: string;
  kind: 'header' | 'node' | 'link';
  box: Rect;
  /** Drawn over others because it is selected or hovered. */
  forced: boolean;
}

/** Pairs of drawn labels that overlap (none, when placement did its job). */
export function overlappingLabels(boxes: readonly LabelBox[]): [LabelBox, LabelBox][] {
  const pairs: [LabelBox, LabelBox][] = [];
  const sorted = [...boxes].sort((a, b) => a.box.x - b.box.x);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j]!;
      if (b.box.x >= a.box.x + a.box.w) break;
      if (overlaps(a.box, b.box)) pairs.push([a, b]);
    }
  }
  return pairs;
}
