import { describe, expect, it } from 'vitest';

import { contains } from '../geometry';
import type { LinkKind, ViewKind, ViewLink, ViewNode } from '../model';
import { clampToRegion } from './clamp';
import { acrossRegions } from './forces';
import type { Region, SimLink, SimNode } from './model';
import { cellsFromMiddle, packBlocks } from './pack';
import { seedPositions } from './seed';
import { collideRadius } from './sizes';

function viewNode(id: string, kind: ViewKind, cluster: string | null = null): ViewNode {
  return {
    id,
    kind,
    ref: id,
    name: id,
    lines: [],
    host: null,
    cluster,
    status: 'ok',
    stale: false,
    context: false,
    style: null,
    tags: [],
    service: null,
    project: null,
    refs: [id],
    r: 8,
  };
}

function sim(id: string, kind: ViewKind, region = 'h', cluster: string | null = null): SimNode {
  return { id, node: viewNode(id, kind, cluster), x: NaN, y: NaN, collide: 18, region, bornAt: 0 };
}

function simLink(source: SimNode, target: SimNode, kind: LinkKind = 'endpoint'): SimLink {
  const link = { id: `${source.id}->${target.id}`, kind } as ViewLink;
  return { link, source, target };
}

const rect = { x: 0, y: 0, w: 400, h: 300 };
const host: Region = {
  id: 'h',
  kind: 'host',
  shape: 'rect',
  rect,
  inner: rect,
  group: null,
  network: null,
};
const circle: Region = { ...host, id: 'c', kind: 'cluster', shape: 'circle' };

describe('collideRadius', () => {
  it('gives hubs more room than leaves, and caps long names', () => {
    const long = 'a-very-long-container-name-indeed';
    expect(collideRadius(viewNode('net', 'network'))).toBeGreaterThan(
      collideRadius(viewNode('c', 'container')),
    );
    expect(collideRadius({ ...viewNode('c', 'container'), name: long })).toBe(38);
    expect(collideRadius({ ...viewNode('n', 'network'), name: long })).toBe(58);
  });
});

describe('clampToRegion', () => {
  it('keeps a node inside a host, with room for its label', () => {
    const node = { ...sim('c', 'container'), x: -50, y: 1_000 };
    clampToRegion(node, host);
    expect(node.x).toBe(18);
    expect(node.y).toBe(300 - 8 - 30);
  });

  it('puts a published port on its host’s top edge', () => {
    const port = { ...sim('p', 'port'), x: 200, y: 150 };
    clampToRegion(port, host);
    expect([port.x, port.y]).toEqual([200, 10]);
  });

  it('keeps a node inside a circle', () => {
    const node = { ...sim('c', 'container', 'c'), x: 400, y: 150 };
    clampToRegion(node, circle);
    expect(Math.hypot(node.x - 200, node.y - 150)).toBeCloseTo(200 - 8);
  });
});

describe('block packing', () => {
  it('orders a grid’s cells from the middle outwards', () => {
    expect(cellsFromMiddle(1)).toEqual([[0, 0]]);
    const cells = cellsFromMiddle(3);
    expect(cells[0]).toEqual([1, 1]);
    expect(cells.slice(1, 5)).toEqual([
      [1, 0],
      [0, 1],
      [2, 1],
      [1, 2],
    ]);
  });

  it('puts each network in the middle of its members, all apart and inside the region', () => {
    const members = [
      sim('net', 'network'),
      ...['a', 'b', 'c', 'd'].map((id) => sim(id, 'container', 'h', 'net')),
      sim('alone', 'container'),
    ];
    packBlocks(members, host);
    const [net, ...rest] = members;
    const block = rest.slice(0, 4);
    const cx = block.reduce((sum, n) => sum + n.x, 0) / block.length;
    expect(net!.x).toBeCloseTo(cx);
    const places = new Set(members.map((n) => `${n.x},${n.y}`));
    expect(places.size).toBe(members.length);
    for (const node of members) expect(contains(rect, node.x, node.y), node.id).toBe(true);
  });
});

describe('seedPositions', () => {
  it('starts a new node beside a placed neighbour, and leaves the others alone', () => {
    const net = { ...sim('net', 'network'), x: 200, y: 150 };
    const old = { ...sim('old', 'container'), x: 120, y: 150 };
    const fresh = sim('fresh', 'container');
    const nodes = [net, old, fresh];
    seedPositions({
      placing: [fresh],
      nodes,
      links: [simLink(old, net), simLink(fresh, net)],
      regionById: new Map([['h', host]]),
      regroup: false,
    });
    expect([old.x, old.y]).toEqual([120, 150]);
    expect(Math.hypot(fresh.x - net.x, fresh.y - net.y)).toBeCloseTo(18 + 18 + 6);
    expect([fresh.vx, fresh.vy]).toEqual([0, 0]);
  });

  it('finds free room for a newcomer when the places beside its neighbour are taken', () => {
    const net = { ...sim('net', 'network'), x: 200, y: 150 };
    const ring = Array.from({ length: 12 }, (_, i) => ({
      ...sim(`old${i}`, 'container'),
      x: 200 + Math.cos((i * Math.PI) / 6) * 42,
      y: 150 + Math.sin((i * Math.PI) / 6) * 42,
    }));
    const fresh = sim('fresh', 'container');
    const nodes = [net, ...ring, fresh];
    seedPositions({
      placing: [fresh],
      nodes,
      links: [...ring.map((old) => simLink(old, net)), simLink(fresh, net)],
      regionById: new Map([['h', host]]),
      regroup: false,
    });
    for (const other of [net, ...ring]) {
      expect(Math.hypot(other.x - fresh.x, other.y - fresh.y), other.id).toBeGreaterThanOrEqual(
        (other.collide + fresh.collide) * 0.9,
      );
    }
    expect(contains(rect, fresh.x, fresh.y)).toBe(true);
  });

  it('starts a task beside a sibling when its service is in another region', () => {
    const service = { ...sim('svc', 'service', 'swarm'), x: 50, y: -100 };
    const sibling = { ...sim('t1', 'task'), x: 300, y: 200 };
    const fresh = sim('t2', 'task');
    const nodes = [service, sibling, fresh];
    seedPositions({
      placing: [fresh],
      nodes,
      links: [simLink(service, sibling, 'member'), simLink(service, fresh, 'member')],
      regionById: new Map([['h', host]]),
      regroup: false,
    });
    expect(Math.hypot(fresh.x - sibling.x, fresh.y - sibling.y)).toBeLessThan(80);
  });

  it('packs a region whose members are all new', () => {
    const nodes = [sim('net', 'network'), sim('a', 'container', 'h', 'net')];
    const regionById = new Map([['h', host]]);
    seedPositions({ placing: nodes, nodes, links: [], regionById, regroup: false });
    for (const node of nodes) expect(contains(rect, node.x, node.y), node.id).toBe(true);
  });
});

describe('acrossRegions', () => {
  it('maps band nodes to their neighbours in other regions only', () => {
    const service = sim('svc', 'service', 'swarm');
    const task = sim('t', 'task', 'h');
    const overlay = sim('ov', 'network', 'swarm');
    const across = acrossRegions(
      [simLink(service, task, 'member'), simLink(service, overlay, 'vip')],
      'swarm',
    );
    expect([...across.keys()].map((n) => n.id)).toEqual(['svc']);
    expect(across.get(service)).toEqual([task]);
  });
});
