import type { DrawNode, RenderInput } from './types';

const FADE_IN_MS = 550;
const FADE_OUT_MS = 800;

/** How far a node has faded in (new) or out (ghost), from 0 to 1. */
export function fadeOf(node: DrawNode, now: number): number {
  if (node.diedAt !== undefined) return Math.max(0, 1 - (now - node.diedAt) / FADE_OUT_MS);
  if (!Number.isFinite(node.bornAt)) return 1;
  const t = (now - node.bornAt) / FADE_IN_MS;
  return t >= 1 ? 1 : Math.max(0, t);
}

/** True while something is animating (fades, glows): the caller keeps drawing frames. */
export function isAnimating(
  input: Pick<RenderInput, 'nodes' | 'ghosts' | 'glow' | 'now'>,
): boolean {
  if (input.ghosts.some((g) => fadeOf(g, input.now) > 0)) return true;
  if (input.glow.size > 0) return true;
  return input.nodes.some((n) => Number.isFinite(n.bornAt) && input.now - n.bornAt < FADE_IN_MS);
}
