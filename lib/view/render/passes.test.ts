import { describe, expect, it } from 'vitest';

import { renderMap } from '../render';
import type { Region } from '../layout';
import type { LinkKind, ViewGroup, ViewKind, ViewNode } from '../model';
import type { Paint2D } from '../paint';
import { LIGHT_PALETTE } from '../palette';
import { drawBackground } from './background';
import { createFrame, type Frame } from './frame';
import { drawHulls } from './hulls';
import { drawIngress } from './ingress';
import { LabelSpace } from './label-space';
import { drawLabels } from './labels';
import { drawLinks } from './links';
import { drawNodeDetails } from './node-details';
import { drawNodes } from './nodes';
import { drawRegions } from './regions';
import type { DrawLink, DrawNode, RenderInput } from './types';
import { drawVeil } from './veil';

/** One thing a pass did to the canvas, with the state that applies to it. */
interface Op {
  op: string;
  args: unknown[];
  fillStyle: string;
  strokeStyle: string;
  globalAlpha: number;
  dash: number[];
}

/** A `Paint2D` that records what is drawn (text is 6 px a character). */
class RecordingPainter implements Paint2D {
  fillStyle: string | object = '#000';
  strokeStyle: string | object = '#000';
  lineWidth = 1;
  globalAlpha = 1;
  font = '10px sans-serif';
  textAlign: Paint2D['textAlign'] = 'start';
  textBaseline: Paint2D['textBaseline'] = 'alphabetic';
  lineJoin: Paint2D['lineJoin'] = 'miter';
  lineCap: Paint2D['lineCap'] = 'butt';
  readonly ops: Op[] = [];
  private dash: number[] = [];

  private record(op: string, args: unknown[]) {
    this.ops.push({
      op,
      args,
      fillStyle: String(this.fillStyle),
      strokeStyle: String(this.strokeStyle),
      globalAlpha: this.globalAlpha,
      dash: this.dash,
    });
  }

  named(op: string): Op[] {
    return this.ops.filter((o) => o.op === op);
  }

  texts(): string[] {
    return this.named('fillText').map((o) => String(o.args[0]));
  }

  save() {}
  restore() {}
  setTransform(...args: number[]) {
    this.record('setTransform', args);
  }
  beginPath() {
    this.record('beginPath', []);
  }
  moveTo(...args: number[]) {
    this.record('moveTo', args);
  }
  lineTo(...args: number[]) {
    this.record('lineTo', args);
  }
  quadraticCurveTo(...args: number[]) {
    this.record('quadraticCurveTo', args);
  }
  bezierCurveTo(...args: number[]) {
    this.record('bezierCurveTo', args);
  }
  arc(...args: number[]) {
    this.record('arc', args);
  }
  closePath() {
    this.record('closePath', []);
  }
  rect(...args: number[]) {
    this.record('rect', args);
  }
  fill() {
    this.record('fill', []);
  }
  stroke() {
    this.record('stroke', []);
  }
  fillRect(...args: number[]) {
    this.record('fillRect', args);
  }
  fillText(text: string, x: number, y: number) {
    this.record('fillText', [text, x, y]);
  }
  strokeText(text: string, x: number, y: number) {
    this.record('strokeText', [text, x, y]);
  }
  setLineDash(segments: number[]) {
    this.dash = segments;
  }
  measureText(text: string) {
    return { width: text.length * 6 };
  }
}

function viewNode(id: string, kind: ViewKind, more: Partial<ViewNode> = {}): ViewNode {
  return {
    id,
    kind,
    ref: id,
    name: id,
    lines: [],
    host: 'host-a',
    cluster: null,
    status: 'ok',
    stale: false,
    context: false,
    style: kind === 'network' ? 'bridge' : null,
    tags: [],
    service: null,
    project: null,
    refs: [id],
    r: kind === 'network' ? 22 : 10,
    ...more,
  };
}

function at(node: ViewNode, x: number, y: number, more: Partial<DrawNode> = {}): DrawNode {
  return { id: node.id, node, x, y, bornAt: -Infinity, ...more };
}

function link(source: DrawNode, target: DrawNode, kind: LinkKind, more = {}): DrawLink {
  const id = `${source.id}->${target.id}`;
  const viewLink = { id, source: source.id, target: target.id, kind, label: '', network: null };
  return { link: { ...viewLink, paths: [], ...more }, source, target };
}

function group(id: string, more: Partial<ViewGroup> = {}): ViewGroup {
  return { id, kind: 'host', name: id, lines: [], stale: false, engine: id, members: [], ...more };
}

function hostRegion(
  id: string,
  x: number,
  y: number,
  more: Partial<ViewGroup> = {},
  w = 400,
): Region {
  const rect = { x, y, w, h: 300 };
  return {
    id,
    kind: 'host',
    shape: 'rect',
    rect,
    inner: rect,
    group: group(id, more),
    network: null,
  };
}

/** A bridge on host-a with two containers; an overlay in the swarm band. */
function scene() {
  const bridge = at(viewNode('br', 'network'), 200, 150);
  const web = at(viewNode('web', 'container'), 80, 260);
  const db = at(viewNode('db', 'container'), 320, 260);
  const overlay = at(viewNode('ov', 'network', { host: null, style: 'overlay' }), 600, 60);
  const links = [
    link(web, bridge, 'endpoint', { label: '10.0.0.2' }),
    link(db, bridge, 'endpoint', { label: '10.0.0.3' }),
    link(web, overlay, 'endpoint', { label: '10.1.0.2' }),
  ];
  return { bridge, web, db, overlay, nodes: [bridge, web, db, overlay], links };
}

function renderInput(more: Partial<RenderInput> = {}): RenderInput {
  const { nodes, links } = scene();
  return {
    width: 800,
    height: 600,
    pixelRatio: 1,
    transform: { x: 0, y: 0, k: 1 },
    palette: LIGHT_PALETTE,
    regions: [hostRegion('host-a', 0, 0, { lines: ['2 containers'] })],
    nodes,
    links,
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
    ...more,
  };
}

function frameOf(more: Partial<RenderInput> = {}): { frame: Frame; painter: RecordingPainter } {
  const painter = new RecordingPainter();
  return { frame: createFrame(painter, renderInput(more)), painter };
}

describe('the frame', () => {
  it('sees the screen in graph units, with an 80 px margin for labels', () => {
    const { frame } = frameOf({ transform: { x: -100, y: 50, k: 2 } });
    expect(frame.view).toEqual({ x0: 10, y0: -65, x1: 490, y1: 315 });
    expect(frame.px).toBe(0.5);
    expect(frame.sx(10)).toBe(-80);
    expect(frame.onScreen(at(viewNode('a', 'task'), 39, 0))).toBe(false);
    expect(frame.onScreen(at(viewNode('a', 'task'), 40, 0))).toBe(true);
  });

  it('bends links between a host and the swarm band only in detail', () => {
    const { links } = scene();
    const [local, , across] = links;
    expect(frameOf().frame.curved(local!)).toBe(false);
    expect(frameOf().frame.curved(across!)).toBe(true);
    expect(frameOf({ level: 'overview' }).frame.curved(across!)).toBe(false);
  });
});

describe('the background pass', () => {
  it('fills the background, then a dot grid spaced between 22 and 70 px at any zoom', () => {
    for (const k of [0.05, 0.4, 1, 3, 17]) {
      const { frame, painter } = frameOf({ transform: { x: 7, y: 3, k } });
      drawBackground(frame);
      const [background, ...dots] = painter.named('fillRect');
      expect(background?.args).toEqual([0, 0, 800, 600]);
      expect(background?.fillStyle).toBe(LIGHT_PALETTE.bg);
      const xs = [...new Set(dots.map((d) => d.args[0] as number))].sort((a, b) => a - b);
      const step = xs[1]! - xs[0]!;
      expect(step).toBeGreaterThanOrEqual(22);
      expect(step).toBeLessThanOrEqual(70);
    }
  });

  it('has no grid in exports', () => {
    const { frame, painter } = frameOf({ grid: false });
    drawBackground(frame);
    expect(painter.named('fillRect')).toHaveLength(1);
  });
});

describe('the regions pass', () => {
  it('skips regions out of view and hatches a stale one in the warning colour', () => {
    const regions = [hostRegion('host-a', 0, 0, { stale: true }), hostRegion('far', 5000, 0)];
    const { frame, painter } = frameOf({ regions });
    drawRegions(frame);
    const strokes = painter.named('stroke');
    // Outline, header rule, hatching: of the stale region only.
    expect(strokes).toHaveLength(3);
    expect(strokes[0]).toMatchObject({ strokeStyle: LIGHT_PALETTE.warn, dash: [8, 5] });
    expect(strokes[2]).toMatchObject({ strokeStyle: LIGHT_PALETTE.warn, globalAlpha: 0.1 });
  });
});

describe('the hulls pass', () => {
  it('wraps a host-local network in overview (not an overlay) and says which', () => {
    const { frame, painter } = frameOf({ level: 'overview' });
    expect([...drawHulls(frame)]).toEqual(['br']);
    expect(painter.named('fill')).toHaveLength(1);
  });

  it('draws nothing in detail', () => {
    const { frame, painter } = frameOf();
    expect(drawHulls(frame).size).toBe(0);
    expect(painter.ops).toHaveLength(0);
  });
});

describe('the links pass', () => {
  it('batches links by look, leaves out what a hull stands for and what is out of view', () => {
    const { nodes, links } = scene();
    const far = at(viewNode('far', 'container'), 9000, 9000);
    const further = at(viewNode('further', 'network'), 9100, 9000);
    const input = {
      nodes: [...nodes, far, further],
      links: [...links, link(far, further, 'endpoint')],
    };
    const { frame, painter } = frameOf(input);
    const { shown } = drawLinks(frame, new Set(['br']));
    expect(shown.map((l) => l.link.id)).toEqual(['web->ov']);
    expect(frame.stats.links).toBe(1);
    expect(painter.named('stroke')).toHaveLength(1);

    const all = frameOf(input);
    drawLinks(all.frame, new Set());
    // Two bridge endpoints share a look (one stroke); the overlay endpoint has its colour.
    expect(all.painter.named('stroke')).toHaveLength(2);
    expect(all.frame.stats.links).toBe(3);
  });

  it('hands the legs of ingress paths on only when the ingress layer is on', () => {
    const { nodes, web, overlay } = scene();
    const port = at(viewNode('port:80', 'port'), 300, 0);
    const legs = [link(port, overlay, 'publish', { paths: ['p'] }), link(web, overlay, 'endpoint')];
    const input = { nodes: [...nodes, port], links: legs };
    expect(drawLinks(frameOf(input).frame, new Set()).ingress).toHaveLength(0);
    const on = drawLinks(frameOf({ ...input, ingress: true }).frame, new Set()).ingress;
    expect(on.map((l) => l.link.id)).toEqual(['port:80->ov']);
  });
});

describe('the ingress pass', () => {
  it('draws each leg dashed, with an arrow on legs longer than 50 px on screen', () => {
    const { web, db, bridge } = scene();
    const { frame, painter } = frameOf();
    drawIngress(frame, [link(web, bridge, 'publish'), link(web, db, 'publish')]);
    const [paths, arrows] = [painter.named('stroke'), painter.named('fill')];
    expect(paths).toHaveLength(1);
    expect(paths[0]).toMatchObject({ strokeStyle: LIGHT_PALETTE.ingress, dash: [6, 4] });
    expect(arrows).toHaveLength(1);
    // Both legs are longer than 50 px: an arrowhead (a closed triangle) each.
    expect(painter.named('closePath')).toHaveLength(2);
  });

  it('does nothing without paths', () => {
    const { frame, painter } = frameOf();
    drawIngress(frame, []);
    expect(painter.ops).toHaveLength(0);
  });
});

describe('the nodes pass', () => {
  it('draws ghosts first, dims what is out of focus and batches by look', () => {
    const { nodes } = scene();
    const ghost = at(viewNode('gone', 'container'), 200, 200, { diedAt: 0 });
    const { frame } = frameOf({ nodes, ghosts: [ghost], focus: new Set(['br', 'web']), now: 400 });
    const drawn = drawNodes(frame);
    expect(drawn.map((n) => n.d.id)).toEqual(['gone', 'br', 'web', 'db', 'ov']);
    expect(drawn.find((n) => n.d.id === 'web')?.alpha).toBe(1);
    expect(drawn.find((n) => n.d.id === 'db')?.alpha).toBeCloseTo(0.14);
    expect(frame.stats.nodes).toBe(5);
  });

  it('fills at most 48 shapes a path', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      at(viewNode(`c${i}`, 'container'), (i % 10) * 30, Math.floor(i / 10) * 30),
    );
    const { frame, painter } = frameOf({ nodes: many });
    drawNodes(frame);
    expect(painter.named('fill')).toHaveLength(3);
  });

  it('marks the selected node with a ring and a network with its driver', () => {
    const { frame, painter } = frameOf({ selected: 'web' });
    const drawn = drawNodes(frame);
    const shapes = painter.ops.length;
    drawNodeDetails(frame, drawn);
    const details = painter.ops.slice(shapes);
    expect(details.filter((o) => o.op === 'fillText').map((o) => o.args[0])).toEqual(['BR', 'OV']);
    // The ring: 5 px outside the container (r = 10), in the accent colour.
    expect(details.filter((o) => o.op === 'arc').map((o) => o.args.slice(0, 3))).toEqual([
      [80, 260, 15],
    ]);
    const ring = details.findIndex((o) => o.op === 'arc');
    const stroke = details.slice(ring).find((o) => o.op === 'stroke');
    expect(stroke).toMatchObject({ strokeStyle: LIGHT_PALETTE.accent, globalAlpha: 1 });
  });
});

describe('the labels pass', () => {
  it('never lets two labels overlap', () => {
    const space = new LabelSpace();
    expect(space.place({ x: 0, y: 0, w: 50, h: 14 })).toBe(true);
    expect(space.place({ x: 40, y: 10, w: 50, h: 14 })).toBe(false);
    expect(space.place({ x: 50, y: 0, w: 50, h: 14 })).toBe(true);
  });

  it('names the region, the nodes, and addresses on links when zoomed in', () => {
    const { frame } = frameOf({ transform: { x: 0, y: 0, k: 1 } });
    const painter = frame.ctx as RecordingPainter;
    const drawn = drawNodes(frame);
    const { shown } = drawLinks(frame, new Set());
    drawLabels(frame, drawn, shown);
    const texts = painter.texts();
    expect(texts.slice(0, 2)).toEqual(['host-a', '2 containers']);
    expect(texts).toEqual(expect.arrayContaining(['br', 'web', 'db', 'ov', '10.0.0.2']));
    // Every label but the header's two texts is counted.
    expect(frame.stats.labels).toBe(texts.length - 2);
  });

  it('keeps a name inside its region, unless the node is selected', () => {
    // A name 126 px wide, in a region 120 px wide.
    const long = at(viewNode('long-container-name1', 'container'), 60, 150);
    const narrow = { nodes: [long], links: [], regions: [hostRegion('host-a', 0, 0, {}, 120)] };
    const regionOf = () => 'host-a';
    const { frame, painter } = frameOf({ ...narrow, regionOf });
    drawLabels(frame, drawNodes(frame), []);
    expect(painter.texts()).not.toContain(long.node.name);

    const selected = frameOf({ ...narrow, regionOf, selected: long.id });
    drawLabels(selected.frame, drawNodes(selected.frame), []);
    expect(selected.painter.texts()).toContain(long.node.name);
  });
});

describe('the veil pass', () => {
  it('veils the map only when offline', () => {
    const online = frameOf();
    drawVeil(online.frame);
    expect(online.painter.ops).toHaveLength(0);
    const offline = frameOf({ offline: true });
    drawVeil(offline.frame);
    expect(offline.painter.named('fillRect')[0]).toMatchObject({
      args: [0, 0, 800, 600],
      globalAlpha: 0.25,
    });
  });
});

describe('renderMap', () => {
  it('runs the passes in order: background, map in graph space, labels, veil last', () => {
    const painter = new RecordingPainter();
    const input = renderInput({ offline: true, pixelRatio: 2, transform: { x: 10, y: 20, k: 1 } });
    const stats = renderMap(painter, input);
    const transforms = painter.ops.flatMap((o, i) => (o.op === 'setTransform' ? [i] : []));
    expect(transforms.map((i) => painter.ops[i]?.args)).toEqual([
      [2, 0, 0, 2, 0, 0],
      [2, 0, 0, 2, 20, 40],
      [2, 0, 0, 2, 0, 0],
    ]);
    const [, graphSpace = -1, labels = -1] = transforms;
    const first = (op: string, style: string) =>
      painter.ops.findIndex((o) => o.op === op && o.strokeStyle === style);
    // Background, regions, links, nodes (with their glyphs), then labels and the veil.
    expect(painter.ops[1]).toMatchObject({ op: 'fillRect', fillStyle: LIGHT_PALETTE.bg });
    const region = first('stroke', LIGHT_PALETTE.border);
    expect(region).toBeGreaterThan(graphSpace);
    expect(first('stroke', LIGHT_PALETTE.drivers.bridge)).toBeGreaterThan(region);
    expect(painter.ops.findIndex((o) => o.op === 'fillText')).toBeLessThan(labels);
    expect(painter.texts()).toContain('BR');
    expect(painter.ops.at(-1)).toMatchObject({ op: 'fillRect', globalAlpha: 0.25 });
    expect(stats).toEqual({ nodes: 4, links: 3, labels: expect.any(Number) });
  });
});
