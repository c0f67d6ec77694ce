import { ellipsize, type Rect } from '../geometry';
import { mix } from '../palette';
import { linkColor } from './colors';
import { MONO_FAMILY } from './fonts';
import type { Frame } from './frame';
import type { LabelSpace } from './label-space';
import { pointOn, roundRect } from './shapes';
import type { DrawLink } from './types';

/** Links that carry an address worth naming (endpoints, VIPs, published ports) near the screen. */
export function namedLinks(frame: Frame, shown: readonly DrawLink[]): DrawLink[] {
  return shown.filter(
    (l) =>
      l.link.label !== '' &&
      (l.link.kind === 'endpoint' || l.link.kind === 'vip' || l.link.kind === 'publish') &&
      frame.onScreen(l.link.kind === 'publish' ? l.target : l.source),
  );
}

/**
 * Screen space: a link's label, a pill near the member's end (it is that endpoint's address on
 * the network), where it fits. Forced (the hovered or selected element's links), it tries more
 * places along the link and is drawn even if crowded, at the middle.
 */
export function drawLinkLabel(frame: Frame, space: LabelSpace, l: DrawLink, force: boolean) {
  if (!l.link.label || l.link.kind === 'member' || l.link.kind === 'uplink') return;
  const { ctx, k, measure } = frame;
  const memberIsSource = l.link.kind !== 'publish';
  const member = memberIsSource ? l.source : l.target;
  const hub = memberIsSource ? l.target : l.source;
  const len = Math.hypot(hub.x - member.x, hub.y - member.y) * k;
  ctx.font = `500 10px ${MONO_FAMILY}`;
  const text = ellipsize(l.link.label, 34);
  const w = measure(ctx, text) + 10;
  if (!force && len < w * 0.9 + member.node.r * k + hub.node.r * k) return;
  const near = Math.min(0.5, (member.node.r * k + 12 + w / 2) / Math.max(len, 1));
  const tries = force ? [near, 0.3, 0.7, 0.5] : [near];
  const bent = frame.curved(l);
  const route = frame.route(l);
  for (let i = 0; i < tries.length; i++) {
    const along = tries[i] ?? near;
    const [gx, gy] = pointOn(l.source, l.target, memberIsSource ? along : 1 - along, bent, route);
    const cx = frame.sx(gx);
    const cy = frame.sy(gy);
    if (cx < -w || cx > frame.width + w || cy < -20 || cy > frame.height + 20) return;
    const box = { x: cx - w / 2, y: cy - 8, w, h: 16 };
    const last = force && i === tries.length - 1;
    const placed = space.place(box);
    if (!placed && !last) continue;
    frame.record?.labels.push({ id: l.link.id, kind: 'link', box, forced: !placed });
    paintLinkLabel(frame, l, text, box, cx, cy);
    frame.stats.labels++;
    return;
  }
}

/** The pill `box`, with `text` centred on (cx, cy). */
function paintLinkLabel(
  frame: Frame,
  l: DrawLink,
  text: string,
  box: Rect,
  cx: number,
  cy: number,
) {
  const { ctx, palette } = frame;
  const color = linkColor(palette, l);
  ctx.beginPath();
  roundRect(ctx, box.x, box.y, box.w, box.h, 8);
  ctx.fillStyle = palette.panel;
  ctx.globalAlpha = 0.94;
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = mix(palette.panel, color, 0.55);
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = palette.dark ? mix(color, '#ffffff', 0.45) : mix(color, '#000000', 0.35);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, cx, cy + 0.5);
}
