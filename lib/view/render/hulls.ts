import { polygonHull } from 'd3';

import type { Frame } from './frame';
import type { DrawNode } from './types';

/**
 * Graph space, overview only: a network local to one host becomes a hull around its members (and
 * the hull stands for their endpoint links). Overlays span the swarm: a hull would cover
 * everything. Returns the ids of the networks drawn as hulls (their endpoint links are not drawn).
 */
export function drawHulls(frame: Frame): Set<string> {
  const hulled = new Set<string>();
  if (frame.detail) return hulled;
  for (const { hub, members } of hostLocalNetworks(frame)) {
    if (!frame.visible(hub.x, hub.y)) continue;
    if (drawHull(frame, hub, members)) hulled.add(hub.id);
  }
  return hulled;
}

/** Networks whose endpoint links all stay on the network's own host, with those members. */
function hostLocalNetworks(frame: Frame): { hub: DrawNode; members: DrawNode[] }[] {
  const members = new Map<string, DrawNode[]>();
  const hubs = new Map<string, DrawNode>();
  for (const { link, source, target } of frame.input.links) {
    if (link.kind !== 'endpoint') continue;
    const hub = target.node.kind === 'network' ? target : null;
    if (!hub || hub.node.host === null || source.node.host !== hub.node.host) continue;
    hubs.set(hub.id, hub);
    const list = members.get(hub.id);
    if (list) list.push(source);
    else members.set(hub.id, [source]);
  }
  const networks: { hub: DrawNode; members: DrawNode[] }[] = [];
  for (const [id, list] of members) {
    const hub = hubs.get(id);
    if (hub) networks.push({ hub, members: list });
  }
  return networks;
}

/** Fills and outlines the hull; false when the points make no polygon. */
function drawHull(frame: Frame, hub: DrawNode, members: DrawNode[]): boolean {
  const { ctx, palette, focus } = frame;
  const points: [number, number][] = [];
  for (const n of [hub, ...members]) {
    const pad = n.node.r + 12;
    for (let a = 0; a < 8; a++) {
      const angle = (a / 8) * Math.PI * 2;
      points.push([n.x + Math.cos(angle) * pad, n.y + Math.sin(angle) * pad]);
    }
  }
  const hull = polygonHull(points);
  if (!hull) return false;
  const color = palette.drivers[hub.node.style ?? 'other'];
  const dimmed = !!focus && !focus.has(hub.id);
  ctx.beginPath();
  hull.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
  ctx.closePath();
  ctx.fillStyle = color;
  ctx.globalAlpha = (dimmed ? 0.04 : 0.13) * (palette.dark ? 1.3 : 1);
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = frame.hair;
  ctx.globalAlpha = dimmed ? 0.15 : 0.55;
  ctx.stroke();
  ctx.globalAlpha = 1;
  return true;
}
