import type { Rect } from '../geometry';
import { fadeOf } from './fade';
import type { Frame } from './frame';
import { LabelSpace } from './label-space';
import { drawLinkLabel, namedLinks } from './link-labels';
import { drawNodeLabel, labelOrder } from './node-labels';
import { drawRegionHeaders } from './region-headers';
import { nodeExtent } from './shapes';
import type { DrawLink, DrawnNode } from './types';

/**
 * Screen space, over the map: region headers, then names and addresses where they do not cover
 * one another. What claims room first wins it: headers, the node shapes themselves, the focused
 * neighbourhood's addresses, node names by importance, then the other addresses.
 */
export function drawLabels(frame: Frame, drawn: readonly DrawnNode[], shown: readonly DrawLink[]) {
  const { ctx, focus, detail, k, now } = frame;
  const space = new LabelSpace();
  // Region headers first: they own their corner.
  drawRegionHeaders(frame, space);
  addNodeObstacles(frame, space, drawn);
  const bounds = labelBounds(frame, drawn);
  const order = labelOrder(frame, drawn);
  const links = namedLinks(frame, shown);
  // Link labels of the focused neighbourhood come before node names; the rest after.
  if (focus && detail) {
    for (const l of links) {
      if (focus.has(l.source.id) && focus.has(l.target.id)) drawLinkLabel(frame, space, l, true);
    }
  }
  // NOTE: a name with no region to keep to (grouping by network) stays on the canvas: one cut
  // at the edge reads as a different name.
  const screen = { x: 0, y: 0, w: frame.width, h: frame.height };
  for (const item of order) drawNodeLabel(frame, space, item, bounds.get(item.d.id) ?? screen);
  ctx.globalAlpha = 1;
  ctx.lineJoin = 'miter';
  if (detail && k >= 0.75) {
    for (const l of links) {
      if (focus && !(focus.has(l.source.id) && focus.has(l.target.id))) continue;
      if (l.source.node.context && l.target.node.context) continue;
      if (fadeOf(l.source, now) < 0.5 || fadeOf(l.target, now) < 0.5) continue;
      drawLinkLabel(frame, space, l, false);
    }
  }
}

/** Node shapes are obstacles for labels. */
function addNodeObstacles(frame: Frame, space: LabelSpace, drawn: readonly DrawnNode[]) {
  const { k, sx, sy } = frame;
  for (const { d, scale } of drawn) {
    const { w, h } = nodeExtent(d.node);
    space.add({
      x: sx(d.x) - w * k * scale,
      y: sy(d.y) - h * k * scale,
      w: 2 * w * k * scale,
      h: 2 * h * k * scale,
    });
  }
}

/**
 * Labels stay inside their node's region (a host's label never lands in its neighbour): node id
 * → its region's rectangle on screen, a little inset.
 */
function labelBounds(frame: Frame, drawn: readonly DrawnNode[]): Map<string, Rect> {
  const { k, sx, sy } = frame;
  const regionRects = new Map<string, Rect>();
  for (const region of frame.input.regions) {
    // Circles (grouping by network) are loose: a long name may stick out of its circle.
    if (region.shape !== 'rect') continue;
    regionRects.set(region.id, {
      x: sx(region.rect.x) + 2,
      y: sy(region.rect.y) + 2,
      w: region.rect.w * k - 4,
      h: region.rect.h * k - 4,
    });
  }
  const bounds = new Map<string, Rect>();
  const regionOf = frame.input.regionOf;
  if (!regionOf) return bounds;
  for (const { d } of drawn) {
    const id = regionOf(d);
    const rect = id ? regionRects.get(id) : undefined;
    if (rect) bounds.set(d.id, rect);
  }
  return bounds;
}
