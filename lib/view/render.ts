import type { Paint2D } from './paint';
import { drawBackground } from './render/background';
import { createFrame, toGraphSpace, toScreenSpace } from './render/frame';
import { drawHulls } from './render/hulls';
import { drawIngress } from './render/ingress';
import { drawLabels } from './render/labels';
import { drawLinks } from './render/links';
import { drawNodeDetails } from './render/node-details';
import { drawGlows, drawNodes } from './render/nodes';
import { drawRegions } from './render/regions';
import { drawTraffic, drawTrafficLabels } from './render/traffic';
import type { RenderInput, RenderStats } from './render/types';
import { drawKeyFocus } from './render/key-focus';
import { drawVeil } from './render/veil';

export { nodeColors } from './render/colors';
export { isAnimating } from './render/fade';
export { FONT_FAMILY, MONO_FAMILY } from './render/fonts';
export { nodeExtent, shapePath } from './render/shapes';
export type {
  DrawLink,
  DrawNode,
  DrawnRoute,
  Measure,
  RenderInput,
  RenderRecord,
  RenderStats,
  Transform,
} from './render/types';

/**
 * Draws the whole map, one pass over another: background, host regions and the swarm band,
 * network hulls (overview), links, the ingress and traffic layers, glows, nodes and their details, then
 * labels in screen space (region headers, names, addresses on links), and the offline veil.
 * Each pass is in lib/view/render/; they share one `Frame`.
 */
export function renderMap(ctx: Paint2D, input: RenderInput): RenderStats {
  const frame = createFrame(ctx, input);
  toScreenSpace(frame);
  drawBackground(frame);

  toGraphSpace(frame);
  drawRegions(frame);
  const hulled = drawHulls(frame);
  const { shown, ingress } = drawLinks(frame, hulled);
  drawIngress(frame, ingress);
  drawTraffic(frame);
  drawGlows(frame);
  const drawn = drawNodes(frame);
  drawNodeDetails(frame, drawn);
  drawKeyFocus(frame);

  toScreenSpace(frame);
  drawLabels(frame, drawn, shown);
  drawTrafficLabels(frame);
  drawVeil(frame);
  return frame.stats;
}
