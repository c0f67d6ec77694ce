import type { forceLink, Simulation } from 'd3';

import { SWARM_GROUP } from '../graph/groups';
import type { Rect } from '../geometry';
import type { GroupBy, ViewGraph } from '../model';
import { clampToRegion } from './clamp';
import { acrossRegions, createSimulation, pullIntoRegions, seededRandom } from './forces';
import { LayoutMemory, type LayoutSnapshot } from './memory';
import { DEFAULT_ASPECT, type Region, type SimLink, type SimNode, UNCLUSTERED } from './model';
import { boundsOf, loadOf, nestRegions, regionIdFor, regionsFor } from './regions';
import { adoptRegions, makeRoom } from './kept-regions';
import { seedPositions } from './seed';
import { collideRadius } from './sizes';

export interface LayoutOptions {
  /** Milliseconds clock (performance.now in a browser). */
  now: () => number;
}

/** How warm the simulation gets for newcomers among placed nodes. */
const NEWCOMER_ALPHA = 0.3;
/** How many times in one update a region with no room for a newcomer may grow. */
const MAX_GROWTHS = 3;

/**
 * The force layout: d3-force in an object that outlives graph updates, and a stable map.
 *
 * A fresh layout (the first, after `tidy`, or the first time in a grouping) packs every region and
 * lets the forces refine it; once it settles, every node is anchored where it is (`fx`/`fy`) and
 * remembered by id, per grouping. From then on an update moves nothing that was placed: a new
 * node is put in free room beside what it connects to and stays there (its region grows when it
 * has no room left; only a node squeezed in anyway is left to the forces); a node that leaves
 * (removed, filtered out, searched away) leaves a hole and, if it comes back, comes back to its
 * place; regions keep their frames (one that gets too full grows where that moves least).
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
  private readonly memories: Record<GroupBy, LayoutMemory> = {
    node: new LayoutMemory(),
    network: new LayoutMemory(),
    stack: new LayoutMemory(),
  };
  private graph: ViewGraph | null = null;
  private collides: ReadonlyMap<string, number> = new Map();

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

  private get memory(): LayoutMemory {
    return this.memories[this.groupBy];
  }

  /** Merges a graph in. Returns the ids that are new (placed for the first time, to fade in). */
  update(graph: ViewGraph, groupBy: GroupBy, aspect = DEFAULT_ASPECT): string[] {
    const first = this.nodes.length === 0;
    const regroup = groupBy !== this.groupBy;
    this.groupBy = groupBy;
    this.graph = graph;
    const collides = new Map(graph.nodes.map((node) => [node.id, collideRadius(node)]));
    const wanted = regionsFor(graph, groupBy, collides, aspect);
    const memory = this.memory;
    // NOTE: what a browser kept from another set of engines shares nothing with the graph.
    if (first && graph.nodes.length > 0 && !remembers(memory, graph, wanted)) memory.clear();
    const fresh = memory.empty;

    // Regions first: new nodes are placed inside them.
    const load = loadOf(graph, groupBy, collides);
    // NOTE: a stack's box is carved anew from its host's kept frame (only hosts and the band keep
    // frames), so it moves and grows with its host.
    this.collides = collides;
    const parents = wanted.filter((region) => region.kind !== 'stack');
    this.setRegions(adoptRegions({ memory, nodes: this.nodes }, parents, load, aspect, fresh));
    const added = this.mergeNodes(graph, collides, {
      regroup,
      fresh,
      bornAt: first ? -Infinity : this.now(),
    });
    this.mergeLinks(graph);
    const roomy = this.placeNewcomers(fresh ? this.nodes : added, fresh);
    // NOTE: a newcomer that found free room beside what it connects to stays there, as placed
    // nodes do; only one squeezed in (or a fresh layout) is left to the forces.
    for (const node of roomy) this.anchor(node);

    if (fresh) this.simulation.randomSource(seededRandom());
    this.simulation.nodes(this.nodes);
    this.simulation
      .force<ReturnType<typeof forceLink<SimNode, SimLink>>>('link')
      ?.links(this.links);
    if (fresh) this.simulation.alpha(1);
    else if (added.some((node) => !roomy.has(node))) {
      this.simulation.alpha(Math.max(this.alpha, NEWCOMER_ALPHA));
    } else if (this.nodes.every((node) => node.fx != null)) this.simulation.alpha(0);
    this.memory.prune(new Set([...this.byId.keys(), ...this.regionById.keys()]));
    return added.map((node) => node.id);
  }

  /** Lays the current graph out afresh (the user asked): everything may move. */
  tidy(aspect = DEFAULT_ASPECT) {
    if (!this.graph) return;
    this.memory.clear();
    this.update(this.graph, this.groupBy, aspect);
  }

  /** What this layout remembers of a grouping, to store. */
  snapshot(groupBy: GroupBy = this.groupBy): LayoutSnapshot {
    return this.memories[groupBy].toSnapshot();
  }

  /** Takes back what was stored of a grouping (before its graph comes). */
  restore(groupBy: GroupBy, snapshot: unknown) {
    this.memories[groupBy] = LayoutMemory.fromSnapshot(snapshot);
  }

  /**
   * Places new nodes (all of them in a fresh layout); returns those that found free room. A
   * region with no room left for one grows, and it is placed again: squeezed in among placed
   * nodes, it would be pushed about by them, away from what it connects to.
   */
  private placeNewcomers(placing: SimNode[], fresh: boolean): Set<SimNode> {
    const seed = (nodes: readonly SimNode[]) =>
      seedPositions({
        placing: nodes,
        nodes: this.nodes,
        links: this.links,
        regionById: this.regionById,
        regroup: fresh,
      });
    const roomy = seed(placing);
    if (fresh) return roomy;
    // A region whose members are all new is packed and left to the forces, as a fresh one is.
    const newcomers = new Set(placing);
    const placedIn = new Set(this.nodes.filter((n) => !newcomers.has(n)).map((n) => n.region));
    for (let round = 0; round < MAX_GROWTHS; round++) {
      const cramped = placing.filter((n) => !roomy.has(n) && placedIn.has(n.region));
      if (cramped.length === 0) break;
      this.setRegions(makeRoom({ memory: this.memory, nodes: this.nodes }, this.regions, cramped));
      for (const node of cramped) {
        node.x = NaN;
        node.y = NaN;
      }
      for (const node of seed(cramped)) roomy.add(node);
    }
    return roomy;
  }

  /** The layout's regions from now on (grouping by stack, with the boxes carved in). */
  private setRegions(parents: Region[]) {
    const regions = this.graph
      ? nestRegions(parents, this.graph, this.groupBy, this.collides)
      : parents;
    this.regions = regions;
    this.regionById = new Map(regions.map((region) => [region.id, region]));
  }

  /**
   * Keeps the simulation node of each id still in the graph and in the same region; puts back
   * where it was what comes back; returns the new ones (unplaced).
   */
  private mergeNodes(
    graph: ViewGraph,
    collides: ReadonlyMap<string, number>,
    how: { regroup: boolean; fresh: boolean; bornAt: number },
  ): SimNode[] {
    const previous = this.byId;
    const nodes: SimNode[] = [];
    const byId = new Map<string, SimNode>();
    const added: SimNode[] = [];
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
        bornAt: how.bornAt,
      };
      sim.node = node;
      sim.collide = collides.get(node.id) ?? 20;
      const kept = old && !how.regroup && old.region === region;
      if (how.fresh) {
        sim.region = region;
        sim.fx = null;
        sim.fy = null;
      } else if (!kept) {
        sim.region = region;
        if (!this.putBack(sim)) added.push(sim);
      }
      nodes.push(sim);
      byId.set(node.id, sim);
    }
    this.nodes = nodes;
    this.byId = byId;
    return added;
  }

  /** Puts a node where it was remembered in its region (anchored there); false if it never was. */
  private putBack(node: SimNode): boolean {
    const spot = this.memory.recall(node.id, node.region);
    node.vx = 0;
    node.vy = 0;
    node.x = spot?.x ?? NaN;
    node.y = spot?.y ?? NaN;
    node.fx = spot?.x ?? null;
    node.fy = spot?.y ?? null;
    return spot !== null;
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

  /** Fixes a node where it is and remembers it there. */
  private anchor(node: SimNode) {
    if (node.fx == null || node.fy == null) {
      node.fx = node.x;
      node.fy = node.y;
    }
    this.memory.remember(node.id, node.x, node.y, node.region);
  }

  /** Fixes every node where it is and remembers it there: the layout is placed. */
  private anchorAll() {
    for (const node of this.nodes) this.anchor(node);
  }

  private tick() {
    this.simulation.tick();
    for (const node of this.nodes) if (node.fx == null) this.clamp(node);
    this.ticks++;
    if (this.settled) this.anchorAll();
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

  /** Holds a node where it is dragged. */
  pin(id: string, x: number, y: number) {
    const node = this.byId.get(id);
    if (!node) return;
    node.fx = x;
    node.fy = y;
    node.x = x;
    node.y = y;
  }

  /** Lets go of a dragged node: it stays where it was dropped (within its region), remembered. */
  release(id: string) {
    const node = this.byId.get(id);
    if (!node) return;
    this.clamp(node);
    node.fx = node.x;
    node.fy = node.y;
    this.memory.remember(node.id, node.x, node.y, node.region);
  }

  reheat(alpha = 0.3) {
    this.simulation.alpha(Math.max(alpha, this.simulation.alpha()));
  }

  /** Bounds of everything drawn (regions and nodes). */
  bounds(): Rect {
    return boundsOf(this.regions, this.nodes);
  }
}

/**
 * True when the memory has a place of one of the graph's nodes, or the frame of one of its hosts or
 * networks (the swarm band and what has no network are in every graph).
 */
function remembers(memory: LayoutMemory, graph: ViewGraph, regions: readonly Region[]): boolean {
  return (
    regions.some(
      (region) =>
        region.id !== SWARM_GROUP && region.id !== UNCLUSTERED && memory.frames.has(region.id),
    ) || graph.nodes.some((node) => memory.positions.has(node.id))
  );
}
