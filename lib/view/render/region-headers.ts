import type { Region } from '../layout';
import type { ViewGroup } from '../model';
import { mix } from '../palette';
import { FONT_FAMILY } from './fonts';
import type { Frame } from './frame';
import type { LabelSpace } from './label-space';
import { roundRect } from './shapes';

/**
 * Screen space, before any other label: each host's (and the swarm band's) header, its title,
 * a note about its engine's connection and its summary lines. The header strip is then taken.
 */
export function drawRegionHeaders(frame: Frame, space: LabelSpace) {
  const { width, height, k, sx, sy } = frame;
  for (const region of frame.input.regions) {
    if (region.shape !== 'rect' || !region.group) continue;
    const x = sx(region.rect.x) + 14;
    const y = sy(region.rect.y) + Math.min(19, Math.max(10, 19 * k));
    if (x > width || y > height || sx(region.rect.x + region.rect.w) < 0 || y < -20) continue;
    drawHeader(frame, region, region.group, x, y);
    // The whole header strip belongs to the region's title.
    const strip = {
      x: sx(region.rect.x),
      y: sy(region.rect.y),
      w: region.rect.w * k,
      h: Math.max(20, 38 * k),
    };
    space.add(strip);
    frame.record?.labels.push({ id: region.id, kind: 'header', box: strip, forced: false });
  }
}

function drawHeader(frame: Frame, region: Region, group: ViewGroup, x: number, y: number) {
  const { ctx, palette, k, measure } = frame;
  const size = k < 0.35 ? 11 : 13;
  ctx.font = `700 ${size}px ${FONT_FAMILY}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const title =
    group.kind === 'swarm' ? 'SWARM' : group.kind === 'stack' ? `▣ ${group.name}` : group.name;
  const titleWidth = measure(ctx, title);
  ctx.fillStyle = group.kind === 'swarm' ? palette.drivers.overlay : palette.text;
  ctx.fillText(title, x, y);
  let cursor = x + titleWidth + 10;
  const maxX = frame.sx(region.rect.x + region.rect.w) - 14;
  const note = frame.input.hostNotes.get(region.id);
  if (note) cursor += drawNote(frame, note, cursor, y) + 10;
  if (k >= 0.3) drawSummary(frame, group, cursor, y, maxX);
}

/** A warning pill (e.g. the engine is reconnecting); returns its width. */
function drawNote(frame: Frame, note: string, x: number, y: number): number {
  const { ctx, palette } = frame;
  ctx.font = `600 11px ${FONT_FAMILY}`;
  const w = frame.measure(ctx, note) + 16;
  ctx.beginPath();
  roundRect(ctx, x, y - 9, w, 18, 9);
  ctx.fillStyle = mix(palette.panel, palette.warn, 0.18);
  ctx.fill();
  ctx.fillStyle = palette.warn;
  ctx.fillText(note, x + 8, y + 0.5);
  return w;
}

/** The group's lines, all of them if they fit before `maxX`, else the first. */
function drawSummary(frame: Frame, group: ViewGroup, x: number, y: number, maxX: number) {
  const { ctx, measure } = frame;
  ctx.font = `400 11px ${FONT_FAMILY}`;
  ctx.fillStyle = frame.palette.muted;
  const text = group.lines.join('  ·  ');
  if (x + measure(ctx, text) < maxX) ctx.fillText(text, x, y + 0.5);
  else if (group.lines[0] && x + measure(ctx, group.lines[0]) < maxX)
    ctx.fillText(group.lines[0], x, y + 0.5);
}
