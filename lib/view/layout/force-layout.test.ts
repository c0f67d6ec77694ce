import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology } from '@/lib/topology/types';
import { toGraph } from '@/lib/view/graph';
import { ForceLayout, type SimNode } from '@/lib/view/layout';
import { syntheticTopology } from '@/test/support/synthetic-topology';

import { contains } from '../geometry';
import { DEFAULT_LAYERS, type ViewGraph } from '../model';

const lab = buildTopology(labInventories(), {}, 1);
const graphOf = (topology: Topology) => toGraph(topology, { query: '', layers: DEFAULT_LAYERS });

function settled(graph: ViewGraph, aspect = 2) {
  const layout = new ForceLayout({ now: () => performance.now() });
  layout.update(graph, 'node', aspect);
  layout.settle(1_000);
  return layout;
}

function overlaps(nodes: readonly SimNode[], factor: number): number {
  let count = 0;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i] as SimNode;
      const b = nodes[j] as SimNode;
      if (Math.hypot(a.x - b.x, a.y - b.y) < (a.collide + b.collide) * factor) count++;
    }
  }
  return count;
}

describe('ForceLayout on the lab', () => {
  const layout = settled(graphOf(lab));

  it('settles, with every node inside its region and none on top of another', () => {
    expect(layout.settled).toBe(true);
    for (const node of layout.nodes) {
      const region = layout.regionById.get(node.region);
      expect(region, node.node.name).toBeDefined();
      expect(contains(region!.inner, node.x, node.y), node.node.name).toBe(true);
    }
    expect(overlaps(layout.nodes, 0.7)).toBe(0);
  });

  it('has the swarm band above the host regions, side by side', () => {
    const [band, ...hosts] = layout.regions;
    expect(band?.kind).toBe('swarm');
    expect(hosts.map((h) => h.group?.name)).toEqual(['node-1', 'node-2', 'node-3']);
    for (const host of hosts) expect(host.rect.y).toBeGreaterThan(band!.rect.y + band!.rect.h);
    const xs = hosts.map((h) => h.rect.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('is deterministic', () => {
    const again = settled(graphOf(lab));
    expect(again.nodes.map((n) => [n.id, Math.round(n.x), Math.round(n.y)])).toEqual(
      layout.nodes.map((n) => [n.id, Math.round(n.x), Math.round(n.y)]),
    );
  });

  it('a wider screen gives a wider map', () => {
    const wide = settled(graphOf(lab), 3).bounds();
    const tall = settled(graphOf(lab), 1).bounds();
    expect(wide.w / wide.h).toBeGreaterThan(tall.w / tall.h);
  });
});

describe('updates keep positions (no re-layout)', () => {
  it('a patch adding a task leaves every other node where it was and warms up gently', () => {
    const layout = settled(graphOf(lab));
    const before = new Map(layout.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
    const web = Object.values(lab.services).find((s) => s.name === 'web')!;
    const template = Object.values(lab.tasks).find(
      (t) => t.service === web.id && t.state === 'running',
    )!;
    const next: Topology = {
      ...lab,
      tasks: {
        ...lab.tasks,
        extra: { ...template, id: 'extra', name: 'web.9', slot: 9, containerId: null },
      },
    };
    const fresh = layout.update(graphOf(next), 'node');
    expect(fresh).toEqual(['extra']);
    expect(layout.alpha).toBeLessThanOrEqual(0.3);
    for (const node of layout.nodes) {
      const old = before.get(node.id);
      if (old) expect([node.x, node.y]).toEqual([old.x, old.y]);
    }
    // The new task starts next to a neighbour (its service or one of its networks).
    const extra = layout.byId.get('extra')!;
    expect(Number.isFinite(extra.x) && Number.isFinite(extra.y)).toBe(true);
    layout.settle(500);
    expect(layout.settled).toBe(true);
  });

  it('a removed node is gone from the simulation and its links', () => {
    const layout = settled(graphOf(lab));
    const legacy = Object.values(lab.containers).find((c) => c.name === 'legacy')!;
    const rest = { ...lab.containers };
    delete rest[legacy.id];
    layout.update(graphOf({ ...lab, containers: rest }), 'node');
    expect(layout.byId.has(legacy.id)).toBe(false);
    expect(layout.links.some((l) => l.source.id === legacy.id || l.target.id === legacy.id)).toBe(
      false,
    );
  });

  it('grouping by network lays members out around their network', () => {
    const layout = new ForceLayout({ now: () => performance.now() });
    layout.update(graphOf(lab), 'network');
    layout.settle(1_000);
    expect(layout.regions.every((r) => r.kind === 'cluster')).toBe(true);
    const appnet = Object.values(lab.networks).find((n) => n.name === 'appnet')!;
    const region = layout.regionById.get(appnet.id)!;
    const web = Object.values(lab.containers).find((c) => c.name === 'web' && !c.service)!;
    const node = layout.byId.get(web.id)!;
    expect(contains(region.rect, node.x, node.y)).toBe(true);
  });
});

describe('scale', () => {
  it('2,000 elements and ~5,000 links settle in few ticks without piling up', () => {
    const graph = graphOf(syntheticTopology({ elements: 2000 }));
    expect(graph.nodes.length).toBeGreaterThanOrEqual(2000);
    expect(graph.links.length).toBeGreaterThanOrEqual(4500);
    const layout = new ForceLayout({ now: () => performance.now() });
    layout.update(graph, 'node');
    layout.settle(1_000);
    expect(layout.settled).toBe(true);
    expect(layout.tickCount).toBeLessThanOrEqual(80);
    expect(overlaps(layout.nodes, 0.6)).toBeLessThan(graph.nodes.length * 0.01);
  });
});
