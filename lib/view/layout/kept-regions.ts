/*
 * The regions of a stable layout across updates: frames kept in the layout's memory (or made
 * afresh), grown when a newcomer finds no room, and the members of a region that is moved out of
 * a growing one's way moved with it, placed or remembered.
 */
import { capacityOf, carryFrames, growFrame, type Shift } from './frames';
import type { LayoutMemory, RegionFrame } from './memory';
import type { Region, SimNode } from './model';
import { footprint } from './sizes';

/** What the regions act on: the grouping's memory and the layout's nodes. */
export interface Kept {
  memory: LayoutMemory;
  nodes: readonly SimNode[];
}

/**
 * The regions of an update. NOTE: a region keeps its frame whatever its members do; a fresh
 * layout takes the regions as they are wanted now.
 */
export function adoptRegions(
  kept: Kept,
  wanted: readonly Region[],
  load: ReadonlyMap<string, number>,
  aspect: number,
  fresh: boolean,
): Region[] {
  const { memory } = kept;
  let regions: Region[];
  if (fresh) {
    memory.clear();
    regions = [...wanted];
  } else {
    const carried = carryFrames(memory.frames, wanted, load, aspect);
    keepFrames(memory, carried.frames);
    regions = carried.regions;
    shiftMembers(kept, carried.shifts);
  }
  for (const region of regions) memory.keepFrame(region);
  return regions;
}

/**
 * Grows the regions of newcomers that found no room by room for them (twice over) or a quarter,
 * whichever is more; returns the regions on their new frames.
 */
export function makeRoom(
  kept: Kept,
  regions: readonly Region[],
  cramped: readonly SimNode[],
): Region[] {
  const need = new Map<string, number>();
  for (const node of cramped) {
    need.set(node.region, (need.get(node.region) ?? 0) + footprint(node.collide));
  }
  const frames = new Map(kept.memory.frames);
  for (const [id, area] of need) {
    const frame = frames.get(id);
    if (!frame) continue;
    const capacity = capacityOf(frame);
    shiftMembers(kept, growFrame(frames, id, capacity + Math.max(2 * area, capacity / 4)));
  }
  keepFrames(kept.memory, frames);
  return regions.map((region) => {
    const frame = frames.get(region.id);
    return frame ? { ...frame, group: region.group } : region;
  });
}

function keepFrames(memory: LayoutMemory, frames: ReadonlyMap<string, RegionFrame>) {
  memory.frames.clear();
  for (const [id, frame] of frames) memory.frames.set(id, frame);
}

/** Moves the members (placed and remembered) of regions that were moved, with them. */
function shiftMembers({ memory, nodes }: Kept, shifts: ReadonlyMap<string, Shift>) {
  if (shifts.size === 0) return;
  for (const [id, position] of memory.positions) {
    const shift = shifts.get(position.region);
    if (shift) {
      memory.positions.set(id, { ...position, x: position.x + shift.dx, y: position.y + shift.dy });
    }
  }
  for (const node of nodes) {
    const shift = shifts.get(node.region);
    if (!shift) continue;
    node.x += shift.dx;
    node.y += shift.dy;
    if (node.fx != null) node.fx += shift.dx;
    if (node.fy != null) node.fy += shift.dy;
  }
}
