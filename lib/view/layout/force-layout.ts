import type { forceLink, Simulation } from 'd3';

import { SWARM_GROUP } from '../graph/groups';
import type { Rect } from '../geometry';
import type { GroupBy, ViewGraph } from '../model';
import { clampToRegion } from './clamp';
import { acrossRegions, createSimulation, pullIntoRegions } from './forces';
import { DEFAULT_ASPECT, type Region, type SimLink, type SimNode } from './model';
import {
  boundsOf,
  keepFrames,
  moveWithRegions,
  regionIdFor,
  regionsFor,
  similarRegions,
} from './regions';
import { seedPositions } from './seed';
import { collideRadius } from './sizes';

export interface LayoutOptions {
  /** Milliseconds clock (performance.now in a browser). */
  now: () => number;
}

/**
 * The force layout: d3-force in an object that outlives graph updates. `update` merges a new
 * graph in place (existing nodes keep their positions and velocities, new ones start next to a
 * neighbour) and only warms the simulation up again, so a patch never re-lays out the map.
 */
export class ForceLayout {
  readonly simulation: Simulation<SimNode, SimLink>;
  nodes: SimNode[] = [];
  links: SimLink[] = [];
  regions: Region[] = [];
  byId = new Map<string, SimNode>();
  regionById = new Map<string, Region>();
  groupBy: GroupBy = 'node';
  private readonly now: () => number;
  private ticks = 0;
  private degreeCache = new Map<string, number>();
  /** Swarm-band nodes → their neighbours in host regions (tasks of a service, members of an overlay). */
  private across = new Map<SimNode, SimNode[]>();

  constructor(options: LayoutOptions) {
    this.now = options.now;
    this.simulation = createSimulation(
      (node) => Math.max(1, this.degreeCache.get(node.id) ?? 1),
      (alpha) => pullIntoRegions(this.nodes, this.regionById, this.across, alpha),
    );
  }

  get alpha(): number {
    return this.simulation.alpha();
  }

  get settled(): boolean {
    return this.simulation.alpha() < this.simulation.alphaMin();
  }

  get tickCount(): number {
    return this.ticks;
  }

  /** Merges a graph in. Returns the ids that are new (to fade in). */
  update(graph: ViewGraph, groupBy: GroupBy, aspect = DEFAULT_ASPECT): string[] {
    const first = this.nodes.length === 0;
    const regroup = groupBy !== this.groupBy;
    this.groupBy = groupBy;
    const now = this.now();
    const previousSize = this.byId.size;
    const collides = new Map(graph.nodes.map((node) => [node.id, collideRadius(node)]));

    // Regions first: new nodes are seeded inside them.
    this.adoptRegions(regionsFor(graph, groupBy, collides, aspect), first || regroup);
    const fresh = this.mergeNodes(graph, collides, first ? -Infinity : now);
    this.mergeLinks(graph);
    seedPositions({
      placing: regroup ? this.nodes : fresh,
      nodes: this.nodes,
      links: this.links,
      regionById: this.regionById,
      regroup,
    });

    this.simulation.nodes(this.nodes);
    this.simulation
      .force<ReturnType<typeof forceLink<SimNode, SimLink>>>('link')
      ?.links(this.links);
    const warm =
      first || regroup ? 1 : fresh.length > 0 || graph.nodes.length !== previousSize ? 0.3 : 0.12;
    if (first || regroup || this.simulation.alpha() < warm) this.simulation.alpha(warm);
    return fresh.map((node) => node.id);
  }

  /**
   * NOTE: a patch that changes a few members keeps the map's frame as it is; regions only
   * change when they would change noticeably (and then members move with their region).
   */
  private adoptRegions(regions: Region[], relayout: boolean) {
    const before = this.regionById;
    if (!relayout && similarRegions(before, regions)) {
      this.regions = keepFrames(before, regions);
    } else {
      this.regions = regions;
      if (!relayout) moveWithRegions(this.nodes, before, regions);
    }
    this.regionById = new Map(this.regions.map((region) => [region.id, region]));
  }

  /** Keeps the simulation node of each id still in the graph; returns the new ones (unplaced). */
  private mergeNodes(graph: ViewGraph, collides: ReadonlyMap<string, number>, bornAt: number) {
    const previous = this.byId;
    const nodes: SimNode[] = [];
    const byId = new Map<string, SimNode>();
    const fresh: SimNode[] = [];
    for (const node of graph.nodes) {
      const old = previous.get(node.id);
      const region = regionIdFor(node, this.groupBy);
      const sim: SimNode = old ?? {
        id: node.id,
        node,
        x: NaN,
        y: NaN,
        collide: 0,
        region,
        bornAt,
      };
      sim.node = node;
      sim.collide = collides.get(node.id) ?? 20;
      sim.region = region;
      if (!old) fresh.push(sim);
      nodes.push(sim);
      byId.set(node.id, sim);
    }
    this.nodes = nodes;
    this.byId = byId;
    return fresh;
  }

  /** Links between nodes of the layout, each node's link count, and the links across regions. */
  private mergeLinks(graph: ViewGraph) {
    const links: SimLink[] = [];
    const degree = new Map<string, number>();
    for (const link of graph.links) {
      const source = this.byId.get(link.source);
      const target = this.byId.get(link.target);
      if (!source || !target) continue;
      links.push({ link, source, target });
      degree.set(source.id, (degree.get(source.id) ?? 0) + 1);
      degree.set(target.id, (degree.get(target.id) ?? 0) + 1);
    }
    this.links = links;
    this.degreeCache = degree;
    this.across = acrossRegions(links, SWARM_GROUP);
  }

  private clamp(node: SimNode) {
    const region = this.regionById.get(node.region);
    if (region) clampToRegion(node, region);
  }

  private tick() {
    this.simulation.tick();
    for (const node of this.nodes) this.clamp(node);
    this.ticks++;
  }

  /** Runs ticks for up to `budgetMs`. Returns true when positions moved. */
  step(budgetMs: number): boolean {
    if (this.settled) return false;
    const start = this.now();
    let moved = false;
    do {
      this.tick();
      moved = true;
    } while (!this.settled && this.now() - start < budgetMs);
    return moved;
  }

  /** Runs until settled (tests, exports) or `maxTicks`. */
  settle(maxTicks = 1000) {
    for (let i = 0; i < maxTicks && !this.settled; i++) this.tick();
  }

  /** Pins a node while it is dragged. */
  pin(id: string, x: number, y: number) {
    const node = this.byId.get(id);
    if (!node) return;
    node.fx = x;
    node.fy = y;
    node.x = x;
    node.y = y;
    if (this.simulation.alpha() < 0.1) this.simulation.alpha(0.1);
  }

  /** Lets go of a dragged node; it stays where it was dropped (within its region). */
  release(id: string) {
    const node = this.byId.get(id);
    if (!node) return;
    node.fx = null;
    node.fy = null;
    this.clamp(node);
  }

  reheat(alpha = 0.3) {
    this.simulation.alpha(Math.max(alpha, this.simulation.alpha()));
  }

  /** Bounds of everything drawn (regions and nodes). */
  bounds(): Rect {
    return boundsOf(this.regions, this.nodes);
  }
}
