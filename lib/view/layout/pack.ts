/*
 * Block packing, for a first layout: one small grid per cluster (a network and the members that
 * gather at it), hub in the middle, blocks on shelves; squeezed to fit if the region is too small.
 */
import type { Rect } from '../geometry';
import { isHub, type Region, type SimNode } from './model';
import { compareNames } from '../collate';

interface Block {
  hub: SimNode | null;
  /** The other members, hubs first, then by service and name. */
  rest: SimNode[];
  cell: number;
  /** Cells on a side. */
  side: number;
  size: number;
}

function blockOf(key: string, nodes: SimNode[]): Block {
  const hub = nodes.find((node) => node.id === key) ?? null;
  const rest = nodes
    .filter((node) => node !== hub)
    .sort(
      (a, b) =>
        Number(isHub(b)) - Number(isHub(a)) ||
        (a.node.service ?? '').localeCompare(b.node.service ?? '') ||
        compareNames(a.node.name, b.node.name),
    );
  // NOTE: the hub is bigger than its members; size cells for the members, the hub's cell
  // is in the middle and the forces open room around it.
  const leaves = nodes.filter((n) => n !== hub);
  const cell = 2 * Math.max(20, ...leaves.map((n) => n.collide)) + 4;
  const side = Math.max(1, Math.ceil(Math.sqrt(nodes.length)));
  return { hub, rest, cell, side, size: side * cell };
}

/** One block per network cluster (a node without one is its own), biggest first. */
function blocksOf(members: readonly SimNode[]): Block[] {
  const clusters = new Map<string, SimNode[]>();
  for (const node of members) {
    const key = node.node.kind === 'network' ? node.id : (node.node.cluster ?? node.id);
    const list = clusters.get(key);
    if (list) list.push(node);
    else clusters.set(key, [node]);
  }
  return [...clusters.entries()]
    .map(([key, nodes]) => blockOf(key, nodes))
    .sort((a, b) => b.size - a.size);
}

interface Shelves {
  origins: { x: number; y: number }[];
  width: number;
  height: number;
}

function shelve(blocks: readonly Block[], maxWidth: number): Shelves {
  const gap = 24;
  let x = 0;
  let y = 0;
  let shelf = 0;
  let width = 0;
  const origins: { x: number; y: number }[] = [];
  for (const block of blocks) {
    if (x > 0 && x + block.size > maxWidth) {
      x = 0;
      y += shelf + gap;
      shelf = 0;
    }
    origins.push({ x, y });
    x += block.size + gap;
    width = Math.max(width, x - gap);
    shelf = Math.max(shelf, block.size);
  }
  return { origins, width, height: y + shelf };
}

/** Cells of a side × side grid, nearest the middle first. */
export function cellsFromMiddle(side: number): [number, number][] {
  const centre = (side - 1) / 2;
  const cells: [number, number][] = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) cells.push([i, j]);
  }
  return cells.sort(
    (a, b) =>
      Math.hypot(a[0] - centre, a[1] - centre) - Math.hypot(b[0] - centre, b[1] - centre) ||
      a[1] - b[1] ||
      a[0] - b[0],
  );
}

/** The part of `inner` the shelves take once squeezed to fit: origin and scale. */
function fit(inner: Rect, shelves: Shelves) {
  const sx = shelves.width > inner.w ? inner.w / shelves.width : 1;
  const sy = shelves.height > inner.h ? inner.h / shelves.height : 1;
  const ox = inner.x + Math.max(0, (inner.w - shelves.width * sx) / 2);
  const oy = inner.y + Math.max(0, (inner.h - shelves.height * sy) / 2);
  return { ox, oy, sx, sy };
}

/** Places `members` in `region`: the hub of each block in the middle, members ringing it. */
export function packBlocks(members: readonly SimNode[], region: Region) {
  const blocks = blocksOf(members);
  const shelves = shelve(blocks, region.inner.w);
  const { ox, oy, sx, sy } = fit(region.inner, shelves);
  blocks.forEach((block, index) => {
    const origin = shelves.origins[index] ?? { x: 0, y: 0 };
    const centre = (block.side - 1) / 2;
    const cells = cellsFromMiddle(block.side);
    const ordered = block.hub ? [block.hub, ...block.rest] : block.rest;
    ordered.forEach((node, i) => {
      const [cx, cy] = cells[i] ?? [centre, centre];
      node.x = ox + (origin.x + (cx + 0.5) * block.cell) * sx;
      node.y = oy + (origin.y + (cy + 0.5) * block.cell) * sy;
    });
  });
}
