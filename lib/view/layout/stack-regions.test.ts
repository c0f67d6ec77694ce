import { describe, expect, it } from 'vitest';

import { container, endpoint, network, topology } from '@/lib/discovery/__fixtures__/hand-made';
import { stackRecording } from '@/lib/discovery/__fixtures__/stack-lab';

import type { Rect } from '../geometry';
import { toGraph } from '../graph';
import { DEFAULT_LAYERS, type ViewGraph, type ViewNode } from '../model';
import { ForceLayout } from './force-layout';
import type { Region } from './model';
import { regionIdFor, regionsFor } from './regions';
import { collideRadius } from './sizes';
import { boxParent, boxProject, stackBoxOf } from './stack-regions';

/* Grouping by stack: a box per stack in the swarm band, per compose project in its host. */

const inside = (inner: Rect, outer: Rect) =>
  inner.x >= outer.x - 1e-6 &&
  inner.y >= outer.y - 1e-6 &&
  inner.x + inner.w <= outer.x + outer.w + 1e-6 &&
  inner.y + inner.h <= outer.y + outer.h + 1e-6;

const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

function regionsOf(graph: ViewGraph): Region[] {
  const collides = new Map(graph.nodes.map((node) => [node.id, collideRadius(node)]));
  return regionsFor(graph, 'stack', collides, 2);
}

const node = (fields: Partial<ViewNode>) => ({ project: null, host: null, ...fields }) as ViewNode;

describe('the box a node belongs in', () => {
  it('is its stack (in the swarm band), its compose project on its host, or none', () => {
    expect(stackBoxOf(node({ project: 'stack:shop', host: 'n2' }))).toBe('stack:shop');
    expect(stackBoxOf(node({ project: 'compose:pantry', host: 'engine:node-4' }))).toBe(
      'compose:pantry@engine:node-4',
    );
    expect(stackBoxOf(node({ host: 'n1' }))).toBeNull();
    expect(boxParent('stack:shop')).toBe('swarm');
    expect(boxParent('compose:pantry@engine:node-4')).toBe('engine:node-4');
    expect(boxProject('compose:pantry@engine:node-4')).toBe('compose:pantry');
  });

  it('decides the region grouping by stack; the other groupings are as they were', () => {
    const task = node({ id: 't', project: 'stack:shop', host: 'n2', cluster: 'net' });
    expect(regionIdFor(task, 'stack')).toBe('stack:shop');
    expect(regionIdFor(task, 'node')).toBe('n2');
    expect(regionIdFor(task, 'network')).toBe('net');
    expect(regionIdFor(node({ host: 'n1' }), 'stack')).toBe('n1');
    expect(regionIdFor(node({}), 'stack')).toBe('swarm');
  });
});

describe('a swarm stack (recorded in the lab), grouped by stack', () => {
  const { topology: recorded } = stackRecording('steady');
  const graph = toGraph(recorded, { query: '', layers: DEFAULT_LAYERS });
  const regions = regionsOf(graph);
  const box = regions.find((region) => region.id === 'stack:fxstk')!;
  const band = regions.find((region) => region.id === 'swarm')!;

  it('is one box in the swarm band, holding its services, networks and tasks', () => {
    expect(box).toMatchObject({ kind: 'stack', shape: 'rect' });
    expect(box.group).toMatchObject({ id: 'stack:fxstk', kind: 'stack', name: 'fxstk' });
    expect(box.group?.lines).toEqual(['swarm stack', '3 services', '2 networks']);
    expect(inside(box.rect, band.rect)).toBe(true);
    expect(box.rect.x).toBeGreaterThan(band.inner.x + band.inner.w);
    expect(box.inner.h).toBeGreaterThan(80);
    expect(overlap(box.rect, band.inner)).toBe(false);
    const members = graph.nodes.filter((n) => regionIdFor(n, 'stack') === 'stack:fxstk');
    const names = members.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining(['fxstk_front', 'fxstk_cache', 'fxstk_api']));
    expect(names).toEqual(expect.arrayContaining(['fxstk_edge', 'fxstk_core']));
    expect(members.filter((n) => n.kind === 'task')).toHaveLength(5);
    // services created with `docker service create` are in no stack: in the band, not the box
    const kv = graph.nodes.find((n) => n.name === 'fxstk-kv')!;
    expect(regionIdFor(kv, 'stack')).toBe('swarm');
  });

  it('lays its members out inside the box, and the rest outside it', () => {
    const layout = new ForceLayout({ now: () => 0 });
    layout.update(graph, 'stack');
    layout.settle(600);
    const laid = layout.regions.find((region) => region.id === 'stack:fxstk')!;
    for (const sim of layout.nodes) {
      const point = { x: sim.x, y: sim.y, w: 0, h: 0 };
      if (sim.region === 'stack:fxstk') expect(inside(point, laid.rect), sim.node.name).toBe(true);
      else expect(inside(point, laid.rect), sim.node.name).toBe(false);
    }
  });
});

describe('compose projects, grouped by stack', () => {
  const project = (name: string) => ({ 'com.docker.compose.project': name });
  const graph = toGraph(
    topology({
      swarm: false,
      networks: [
        network('pantry_default', { labels: project('pantry'), subnet: '172.19.0.0/16' }),
        network('lonely', { subnet: '172.30.0.0/16' }),
      ],
      containers: [
        container('api', {
          composeProject: 'pantry',
          labels: project('pantry'),
          endpoints: [endpoint('pantry_default', '172.19.0.2')],
        }),
        container('front', {
          composeProject: 'pantry',
          labels: project('pantry'),
          endpoints: [endpoint('pantry_default', '172.19.0.3')],
        }),
        container('solo', { endpoints: [endpoint('lonely', '172.30.0.2')] }),
      ],
    }),
    { query: '', layers: DEFAULT_LAYERS },
  );
  const regions = regionsOf(graph);

  it('draw a box inside the host they run on, below what belongs to no project', () => {
    const host = regions.find((region) => region.kind === 'host')!;
    const box = regions.find((region) => region.kind === 'stack')!;
    expect(box.id).toBe(`compose:pantry@${host.id}`);
    expect(box.group).toMatchObject({ id: 'compose:pantry', name: 'pantry' });
    expect(box.group?.lines).toEqual(['compose project', '2 containers']);
    expect(inside(box.rect, host.rect)).toBe(true);
    expect(overlap(box.rect, host.inner)).toBe(false);
    expect(box.inner.h).toBeGreaterThan(60);
    // the box is drawn after (over) its host
    expect(regions.indexOf(box)).toBeGreaterThan(regions.indexOf(host));
    const solo = graph.nodes.find((n) => n.name === 'solo')!;
    expect(regionIdFor(solo, 'stack')).toBe(host.id);
  });
});
