import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology } from '@/lib/topology/types';
import { toGraph } from '@/lib/view/graph';
import { ForceLayout, type SimNode } from '@/lib/view/layout';
import { syntheticTopology } from '@/test/support/synthetic-topology';

import { contains } from '../geometry';
import { DEFAULT_LAYERS, type GroupBy, type Layers, type ViewGraph } from '../model';

const lab = buildTopology(labInventories(), {}, 1);
const graphOf = (topology: Topology, query = '', layers: Layers = DEFAULT_LAYERS) =>
  toGraph(topology, { query, layers });

type Positions = Map<string, { x: number; y: number }>;

function positions(layout: ForceLayout): Positions {
  return new Map(layout.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
}

/** The largest distance any node of `before` still in the layout has moved. */
function maxShift(layout: ForceLayout, before: Positions): number {
  let shift = 0;
  for (const node of layout.nodes) {
    const old = before.get(node.id);
    if (old) shift = Math.max(shift, Math.hypot(node.x - old.x, node.y - old.y));
  }
  return shift;
}

function laidOut(graph: ViewGraph, groupBy: GroupBy = 'node') {
  const layout = new ForceLayout({ now: () => 0 });
  layout.update(graph, groupBy);
  layout.settle(1_000);
  return layout;
}

function withExtraTasks(topology: Topology, service: string, count: number): Topology {
  const owner = Object.values(topology.services).find((s) => s.name === service)!;
  const template = Object.values(topology.tasks).find((t) => t.service === owner.id)!;
  const tasks = { ...topology.tasks };
  for (let i = 0; i < count; i++) {
    const id = `extra-${service}-${i}`;
    tasks[id] = { ...template, id, name: `${service}.${90 + i}`, slot: 90 + i, containerId: null };
  }
  return { ...topology, tasks };
}

function clearOf(node: SimNode, others: readonly SimNode[], factor: number): boolean {
  return others.every(
    (other) =>
      other === node ||
      Math.hypot(other.x - node.x, other.y - node.y) >= (other.collide + node.collide) * factor,
  );
}

describe('a stable layout', () => {
  it('moves nothing placed for a patch: the new task settles in free room in its region', () => {
    const layout = laidOut(graphOf(lab));
    const before = positions(layout);
    const [extra] = layout.update(graphOf(withExtraTasks(lab, 'web', 1)), 'node');
    // It found free room: it stays there, and nothing needs to run.
    expect(layout.settled).toBe(true);
    layout.settle(1_000);
    expect(layout.settled).toBe(true);
    expect(maxShift(layout, before)).toBe(0);
    const task = layout.byId.get(extra!)!;
    const region = layout.regionById.get(task.region)!;
    expect(contains(region.inner, task.x, task.y)).toBe(true);
    expect(clearOf(task, layout.nodes, 0.7)).toBe(true);
  });

  it('puts a new network in free room on a crowded host, and its container beside it', () => {
    const client = Object.values(lab.containers).find((c) => c.name === 'client')!;
    const crowd = Object.fromEntries(
      Array.from({ length: 24 }, (_, i) => [
        `crowd-${i}`,
        { ...client, id: `crowd-${i}`, name: `crowd-${i}` },
      ]),
    );
    const crowded: Topology = { ...lab, containers: { ...lab.containers, ...crowd } };
    const layout = laidOut(graphOf(crowded));
    const before = positions(layout);
    const appnet = Object.values(lab.networks).find((n) => n.name === 'appnet')!;
    const network = { ...appnet, id: 'net-new', name: 'e2e-layoutnet-mx66ndjf-3b4t' };
    const withNetwork: Topology = {
      ...crowded,
      networks: { ...crowded.networks, [network.id]: network },
    };
    const endpoint = { ...client.endpoints[0]!, network: network.id, networkName: network.name };
    const box = {
      ...client,
      id: 'box-new',
      name: 'e2e-layoutbox-mx66ndjf-3b4t',
      endpoints: [endpoint],
      ports: [],
    };
    const withBox: Topology = {
      ...withNetwork,
      containers: { ...withNetwork.containers, [box.id]: box },
    };
    // As Docker tells it: the network first, then the container in a later patch.
    layout.update(graphOf(withNetwork), 'node');
    layout.settle(1_000);
    layout.update(graphOf(withBox), 'node');
    layout.settle(1_000);
    expect(maxShift(layout, before)).toBe(0);
    const [net, container] = [layout.byId.get(network.id)!, layout.byId.get(box.id)!];
    const distance = (node: SimNode) => Math.hypot(node.x - container.x, node.y - container.y);
    expect(distance(net)).toBeLessThan(net.collide + container.collide + 40);
    const hubs = layout.nodes.filter((n) => n.node.kind === 'network' && n !== net);
    for (const hub of hubs) expect(distance(hub), hub.node.name).toBeGreaterThan(distance(net));
  });

  it('grows a host that has no room left for a newcomer, and places it there', () => {
    const client = Object.values(lab.containers).find((c) => c.name === 'client')!;
    const crowd = Object.fromEntries(
      Array.from({ length: 90 }, (_, i) => [`c-${i}`, { ...client, id: `c-${i}`, name: `c-${i}` }]),
    );
    const crowded: Topology = { ...lab, containers: { ...lab.containers, ...crowd } };
    const layout = laidOut(graphOf(crowded));
    // The user spreads the host's members over it, 80 apart: no hub fits between them.
    const region = layout.regionById.get(client.node)!;
    const members = layout.nodes.filter((n) => n.region === region.id && n.node.kind !== 'port');
    const { inner } = region;
    let index = 0;
    for (let y = inner.y + 30; y < inner.y + inner.h - 30; y += 80) {
      for (let x = inner.x + 40; x < inner.x + inner.w - 40; x += 80) {
        const node = members[index++];
        if (!node) continue;
        layout.pin(node.id, x, y);
        layout.release(node.id);
      }
    }
    expect(index, 'every place on the grid taken').toBeLessThanOrEqual(members.length);
    const before = positions(layout);
    const appnet = Object.values(lab.networks).find((n) => n.name === 'appnet')!;
    const network = { ...appnet, id: 'net-new', name: 'e2e-layoutnet-mx66ndjf-3b4t' };
    layout.update(
      graphOf({ ...crowded, networks: { ...crowded.networks, [network.id]: network } }),
      'node',
    );
    expect(layout.settled).toBe(true);
    expect(maxShift(layout, before)).toBe(0);
    const grown = layout.regionById.get(region.id)!;
    expect(grown.rect.h).toBeGreaterThan(region.rect.h);
    expect(clearOf(layout.byId.get(network.id)!, layout.nodes, 0.9)).toBe(true);
  });

  it('keeps everything in place when a filter, a search or a layer hides and shows elements', () => {
    const layout = laidOut(graphOf(lab));
    const before = positions(layout);
    const steps: ViewGraph[] = [
      graphOf(lab, 'network:appnet'),
      graphOf(lab),
      graphOf(lab, '', { ...DEFAULT_LAYERS, system: false, tasks: false }),
      graphOf(lab, 'web'),
      graphOf(lab, '', { ...DEFAULT_LAYERS, stopped: true }),
      graphOf(lab),
    ];
    for (const graph of steps) {
      const added = layout.update(graph, 'node');
      layout.settle(1_000);
      expect(added).toEqual([]);
      expect(maxShift(layout, before)).toBe(0);
    }
    expect(positions(layout)).toEqual(before);
  });

  it('does not even warm up for a graph that places nothing new', () => {
    const layout = laidOut(graphOf(lab));
    const ticks = layout.tickCount;
    layout.update(graphOf(lab, '', { ...DEFAULT_LAYERS, stopped: true }), 'node');
    expect(layout.settled).toBe(true);
    layout.settle(1_000);
    expect(layout.tickCount).toBe(ticks);
  });

  it('lets a removed element go without moving the rest', () => {
    const layout = laidOut(graphOf(lab));
    const before = positions(layout);
    const legacy = Object.values(lab.containers).find((c) => c.name === 'legacy')!;
    const containers = { ...lab.containers };
    delete containers[legacy.id];
    layout.update(graphOf({ ...lab, containers }), 'node');
    layout.settle(1_000);
    expect(layout.byId.has(legacy.id)).toBe(false);
    expect(maxShift(layout, before)).toBe(0);
  });

  it('keeps a layout per grouping: back to "by node", everything is where it was', () => {
    const layout = laidOut(graphOf(lab));
    const byNode = positions(layout);
    layout.update(graphOf(lab), 'network');
    layout.settle(1_000);
    expect(layout.regions.every((region) => region.kind === 'cluster')).toBe(true);
    const byNetwork = positions(layout);
    layout.update(graphOf(lab), 'node');
    expect(layout.settled).toBe(true);
    expect(positions(layout)).toEqual(byNode);
    layout.update(graphOf(lab), 'network');
    expect(positions(layout)).toEqual(byNetwork);
  });

  it('keeps a dropped node where it was dropped, through a filter and back', () => {
    const layout = laidOut(graphOf(lab));
    const legacy = Object.values(lab.containers).find((c) => c.name === 'legacy')!;
    const node = layout.byId.get(legacy.id)!;
    const region = layout.regionById.get(node.region)!;
    const drop = { x: region.inner.x + region.inner.w / 2, y: region.inner.y + 60 };
    layout.pin(legacy.id, drop.x, drop.y);
    layout.release(legacy.id);
    layout.update(graphOf(lab, 'network:appnet'), 'node');
    layout.update(graphOf(lab), 'node');
    layout.settle(1_000);
    const back = layout.byId.get(legacy.id)!;
    expect([back.x, back.y]).toEqual([drop.x, drop.y]);
  });

  it('tidies on request: a fresh layout, the same as a new one', () => {
    const layout = laidOut(graphOf(lab, 'network:appnet'));
    layout.update(graphOf(lab), 'node');
    layout.settle(1_000);
    layout.tidy();
    expect(layout.alpha).toBe(1);
    layout.settle(1_000);
    const fresh = laidOut(graphOf(lab));
    expect(positions(layout)).toEqual(positions(fresh));
  });

  it('comes back from a snapshot exactly, without running the simulation', () => {
    const layout = laidOut(graphOf(lab));
    const stored = JSON.parse(JSON.stringify(layout.snapshot())) as unknown;
    const again = new ForceLayout({ now: () => 0 });
    again.restore('node', stored);
    again.update(graphOf(lab), 'node');
    expect(again.settled).toBe(true);
    expect(maxShift(again, positions(layout))).toBeLessThan(0.1);
    expect(again.regions.map((r) => r.rect)).toEqual(
      layout.regions.map((r) => ({
        x: Math.round(r.rect.x * 10) / 10,
        y: Math.round(r.rect.y * 10) / 10,
        w: Math.round(r.rect.w * 10) / 10,
        h: Math.round(r.rect.h * 10) / 10,
      })),
    );
  });

  it('ignores a stored layout that shares nothing with the graph', () => {
    const other = laidOut(graphOf(syntheticTopology({ elements: 60, seed: 7 })));
    const layout = new ForceLayout({ now: () => 0 });
    layout.restore('node', other.snapshot());
    layout.update(graphOf(lab), 'node');
    layout.settle(1_000);
    expect(positions(layout)).toEqual(positions(laidOut(graphOf(lab))));
  });

  it('grows a host that gets crowded downwards, and nothing placed moves', () => {
    const layout = laidOut(graphOf(lab));
    const before = positions(layout);
    const framesBefore = new Map(layout.regions.map((r) => [r.id, r.rect]));
    const crowded = withExtraTasks(lab, 'web', 40);
    const added = layout.update(graphOf(crowded), 'node');
    layout.settle(1_000);
    expect(added).toHaveLength(40);
    expect(maxShift(layout, before)).toBe(0);
    const grown = layout.regions.filter(
      (r) => r.rect.h > (framesBefore.get(r.id)?.h ?? Infinity) + 1,
    );
    expect(grown.length).toBeGreaterThan(0);
    for (const region of layout.regions) {
      expect(region.rect.x).toBe(framesBefore.get(region.id)?.x);
    }
    const newcomers = added.map((id) => layout.byId.get(id)!);
    for (const task of newcomers) {
      expect(contains(layout.regionById.get(task.region)!.rect, task.x, task.y)).toBe(true);
    }
    expect(newcomers.filter((task) => !clearOf(task, layout.nodes, 0.6))).toEqual([]);
  });
});

describe('a stable layout at scale', () => {
  it('1,000 elements: a scaled-up service and a filter cycle move nothing placed', () => {
    const topology = syntheticTopology({ elements: 1000, seed: 42 });
    const layout = laidOut(graphOf(topology));
    const before = positions(layout);
    const service = Object.values(topology.services)[0]!.name;
    layout.update(graphOf(withExtraTasks(topology, service, 6)), 'node');
    layout.settle(1_000);
    expect(maxShift(layout, before)).toBe(0);
    layout.update(graphOf(topology, 'kind:network'), 'node');
    layout.update(graphOf(topology), 'node');
    layout.settle(1_000);
    expect(maxShift(layout, before)).toBe(0);
  });
});
