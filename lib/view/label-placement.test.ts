import { describe, expect, it } from 'vitest';

import {
  labelPriority,
  labelSpots,
  labelWanted,
  overlappingLabels,
  type LabelBox,
  type LabelState,
} from './label-placement';
import { regionsByNode } from './layout/host-regions';
import type { Region } from './layout';
import type { ViewGroup, ViewKind, ViewNode } from './model';
import type { Paint2D } from './paint';
import { LIGHT_PALETTE } from './palette';
import { renderMap, type DrawLink, type DrawNode, type RenderRecord } from './render';
import { regionsCrossed } from './routes';

function viewNode(id: string, kind: ViewKind, more: Partial<ViewNode> = {}): ViewNode {
  return {
    id,
    kind,
    ref: id,
    name: id,
    lines: [],
    host: 'node-1',
    cluster: null,
    status: 'ok',
    stale: false,
    context: false,
    style: kind === 'network' ? 'bridge' : null,
    tags: [],
    service: null,
    project: null,
    refs: [id],
    r: kind === 'network' ? 16 : 9,
    ...more,
  };
}

const none: LabelState = { selected: null, hovered: null, changed: new Map(), focus: null };

describe('label priority', () => {
  it('places the selection, the hover, what changed and the focus before importance', () => {
    const leaf = viewNode('c', 'container');
    const state: LabelState = {
      selected: 's',
      hovered: 'h',
      changed: new Map([['g', 1]]),
      focus: new Set(['f']),
    };
    const ranks = ['s', 'h', 'g', 'f'].map((id) => labelPriority(state, id, leaf));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(4);
    const byKind = [
      viewNode('n', 'network'),
      viewNode('v', 'service'),
      viewNode('x', 'network', { tags: ['system'] }),
      viewNode('p', 'port'),
      viewNode('t', 'task'),
    ].map((node) => labelPriority(none, node.id, node));
    expect(byKind).toEqual([...byKind].sort((a, b) => a - b));
    expect(Math.max(...ranks)).toBeLessThan(Math.min(...byKind));
  });

  it('asks for leaves’ names only once readable, and always for the hovered or selected one', () => {
    const leaf = viewNode('c', 'container');
    expect(labelWanted(none, 'c', leaf, 0.3)).toBe(false);
    expect(labelWanted(none, 'c', leaf, 0.6)).toBe(true);
    expect(labelWanted({ ...none, hovered: 'c' }, 'c', leaf, 0.3)).toBe(true);
    expect(labelWanted({ ...none, selected: 'c' }, 'c', leaf, 0.1)).toBe(true);
    expect(labelWanted(none, 'n', viewNode('n', 'network'), 0.1)).toBe(true);
  });

  it('tries below, right, above, left of the node, then its corners', () => {
    const [below, right, above, left, ...corners] = labelSpots(
      { x: 100, y: 100, gapBelow: 10, gapSide: 12 },
      40,
      14,
    );
    expect(below).toEqual({ x: 80, y: 110, w: 40, h: 14 });
    expect(right).toEqual({ x: 112, y: 93, w: 40, h: 14 });
    expect(above).toEqual({ x: 80, y: 76, w: 40, h: 14 });
    expect(left).toEqual({ x: 48, y: 93, w: 40, h: 14 });
    // Corners clear of the node's box (12 px beside it, 10 below).
    expect(corners).toHaveLength(4);
    for (const box of corners) {
      const clear =
        box.x >= 100 + 8 ||
        box.x + box.w <= 100 - 8 ||
        box.y >= 100 + 8 ||
        box.y + box.h <= 100 - 8;
      expect(clear).toBe(true);
    }
  });

  it('finds overlapping pairs among drawn labels', () => {
    const box = (id: string, x: number, y: number): LabelBox => ({
      id,
      kind: 'node',
      box: { x, y, w: 20, h: 10 },
      forced: false,
    });
    expect(overlappingLabels([box('a', 0, 0), box('b', 20, 0), box('c', 0, 10)])).toEqual([]);
    const pairs = overlappingLabels([box('a', 0, 0), box('b', 30, 0), box('c', 10, 5)]);
    expect(pairs.map(([p, q]) => [p.id, q.id])).toEqual([['a', 'c']]);
  });
});

/** A painter that draws nothing and measures text at 6 px a character. */
class NullPainter implements Paint2D {
  fillStyle: string | object = '#000';
  strokeStyle: string | object = '#000';
  lineWidth = 1;
  globalAlpha = 1;
  font = '10px sans-serif';
  textAlign: Paint2D['textAlign'] = 'start';
  textBaseline: Paint2D['textBaseline'] = 'alphabetic';
  lineJoin: Paint2D['lineJoin'] = 'miter';
  lineCap: Paint2D['lineCap'] = 'butt';
  save() {}
  restore() {}
  setTransform() {}
  beginPath() {}
  moveTo() {}
  lineTo() {}
  quadraticCurveTo() {}
  bezierCurveTo() {}
  arc() {}
  closePath() {}
  rect() {}
  fill() {}
  stroke() {}
  fillRect() {}
  fillText(_text: string, _x: number, _y: number) {}
  strokeText() {}
  setLineDash() {}
  measureText(text: string) {
    return { width: text.length * 6 };
  }
}

const group = (id: string, kind: 'host' | 'swarm'): ViewGroup => ({
  id,
  kind,
  name: id,
  lines: ['33 containers'],
  stale: false,
  engine: id,
  members: [],
});

/** 100 containers packed tight over three hosts, each on a bridge and half on an overlay. */
function crowdedMap(): { regions: Region[]; nodes: DrawNode[]; links: DrawLink[] } {
  const regions = regionsByNode(
    [
      group('swarm', 'swarm'),
      group('node-1', 'host'),
      group('node-2', 'host'),
      group('node-3', 'host'),
    ],
    () => 90_000,
    2,
  );
  const at = (node: ViewNode, x: number, y: number): DrawNode => ({
    id: node.id,
    node,
    x,
    y,
    bornAt: -Infinity,
  });
  const band = regions.find((r) => r.kind === 'swarm')!;
  const overlay = at(
    viewNode('overlay', 'network', { host: null, style: 'overlay' }),
    band.inner.x + 40,
    band.inner.y + 40,
  );
  const nodes: DrawNode[] = [overlay];
  const links: DrawLink[] = [];
  const link = (source: DrawNode, target: DrawNode, label: string): DrawLink => ({
    link: {
      id: `${source.id}>${target.id}`,
      source: source.id,
      target: target.id,
      kind: 'endpoint',
      label,
      network: null,
      paths: [],
    },
    source,
    target,
  });
  regions
    .filter((r) => r.kind === 'host')
    .forEach((host, h) => {
      const bridge = at(
        viewNode(`br-${h}`, 'network', { host: host.id }),
        host.inner.x + 30,
        host.inner.y + 30,
      );
      nodes.push(bridge);
      for (let i = 0; i < 34 - (h === 2 ? 2 : 0); i++) {
        const x = host.inner.x + 20 + (i % 6) * 34;
        const y = host.inner.y + 60 + Math.floor(i / 6) * 30;
        const box = at(viewNode(`t-mp-container-${h}-${i}`, 'container', { host: host.id }), x, y);
        nodes.push(box);
        links.push(link(box, bridge, `172.20.${h}.${i + 2}`));
        if (i % 2 === 0) links.push(link(box, overlay, `10.0.9.${h * 40 + i}`));
      }
    });
  return { regions, nodes, links };
}

describe('the renderer’s labels and routes on a crowded map', () => {
  const map = crowdedMap();
  const regionOf = (node: DrawNode) => node.node.host ?? 'swarm';
  const namedAt: number[] = [];

  it.each([0.4, 0.8, 1.6])(
    'at zoom %s no two drawn labels overlap, and it says where they are',
    (k) => {
      const record: RenderRecord = { labels: [], routes: [] };
      renderMap(new NullPainter(), {
        width: 1400,
        height: 900,
        pixelRatio: 1,
        transform: { x: 10, y: 10, k },
        palette: LIGHT_PALETTE,
        regions: map.regions,
        nodes: map.nodes,
        links: map.links,
        ghosts: [],
        level: 'detail',
        selected: null,
        hovered: null,
        focus: null,
        glow: new Map(),
        ingress: false,
        hostNotes: new Map(),
        offline: false,
        now: 0,
        regionOf,
        record,
      });
      // The four networks at least; zooming in names more (hidden labels appear on zoom).
      const named = record.labels.filter((l) => l.kind === 'node').length;
      expect(named).toBeGreaterThanOrEqual(4);
      expect(named).toBeGreaterThanOrEqual(namedAt.at(-1) ?? 0);
      namedAt.push(named);
      expect(overlappingLabels(record.labels)).toEqual([]);
      // Every overlay edge is routed, and none crosses a host it does not end in.
      expect(record.routes.length).toBe(map.links.filter((l) => l.target.id === 'overlay').length);
      for (const route of record.routes) {
        const host = map.nodes.find((n) => n.id === route.source)!.node.host!;
        expect(regionsCrossed(route.points, map.regions, new Set(['swarm', host]))).toEqual([]);
      }
    },
  );

  it('names more as it zooms in', () => {
    expect(namedAt).toHaveLength(3);
    expect(namedAt[2]).toBeGreaterThan(namedAt[0]!);
  });

  it('a selected node is named first, in its best place', () => {
    const record: RenderRecord = { labels: [], routes: [] };
    const target = 't-mp-container-1-7';
    renderMap(new NullPainter(), {
      width: 1400,
      height: 900,
      pixelRatio: 1,
      transform: { x: 10, y: 10, k: 0.6 },
      palette: LIGHT_PALETTE,
      regions: map.regions,
      nodes: map.nodes,
      links: map.links,
      ghosts: [],
      level: 'detail',
      selected: target,
      hovered: null,
      focus: null,
      glow: new Map(),
      ingress: false,
      hostNotes: new Map(),
      offline: false,
      now: 0,
      regionOf,
      record,
    });
    const nodeLabels = record.labels.filter((l) => l.kind === 'node');
    expect(nodeLabels[0]?.id).toBe(target);
    expect(overlappingLabels(record.labels)).toEqual([]);
  });

  it('grouped by network, a local network says which node it is on', () => {
    const texts: string[] = [];
    const painter = new NullPainter();
    painter.fillText = (text: string) => void texts.push(text);
    const appnet = viewNode('appnet', 'network', { place: 'node-1' });
    const meta = viewNode('meta', 'network', { host: null, style: 'overlay' });
    const input = (groupBy: 'node' | 'network') => ({
      width: 600,
      height: 400,
      pixelRatio: 1,
      transform: { x: 0, y: 0, k: 1 },
      palette: LIGHT_PALETTE,
      regions: [],
      nodes: [appnet, meta].map((node, i) => ({
        id: node.id,
        node,
        x: 100 + 200 * i,
        y: 100,
        bornAt: -Infinity,
      })),
      links: [],
      ghosts: [],
      level: 'detail' as const,
      selected: null,
      hovered: null,
      focus: null,
      glow: new Map(),
      ingress: false,
      hostNotes: new Map(),
      offline: false,
      now: 0,
      groupBy,
    });
    renderMap(painter, input('network'));
    expect(texts).toContain('appnet · node-1');
    // At the canvas's edge the name goes where it is not cut: beside the node, not below it.
    const edge = { ...input('network'), record: { labels: [], routes: [] } as RenderRecord };
    edge.nodes[0]!.x = 8;
    renderMap(painter, edge);
    const box = edge.record.labels.find((label) => label.id === 'appnet')?.box;
    expect(box?.x).toBeGreaterThan(8);
    for (const { box: drawn } of edge.record.labels) {
      expect(drawn.x).toBeGreaterThanOrEqual(0);
      expect(drawn.x + drawn.w).toBeLessThanOrEqual(600);
    }
    texts.length = 0;
    renderMap(painter, input('node'));
    expect(texts).toContain('appnet');
    expect(texts).not.toContain('appnet · node-1');
  });
});
