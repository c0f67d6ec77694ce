import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology } from '@/lib/topology/types';

import { EXPORT_FORMAT, exportJson, exportSvg, exportViewSvg, stillFrame } from './export';
import { toGraph } from './graph';
import { ForceLayout } from './layout';
import { DEFAULT_LAYERS } from './model';
import { escapeXml, SvgPainter } from './paint';
import { LIGHT_PALETTE } from './palette';
import type { RenderInput } from './render';
import { DEFAULT_VIEW_STATE } from './url-state';

const lab = buildTopology(labInventories(), {}, 1);
const HOSTILE = '<img src=x onerror=alert(1)>&"\'';

/** The lab with a container and a label carrying markup (names are untrusted). */
function hostile(): Topology {
  const legacy = Object.values(lab.containers).find((c) => c.name === 'legacy')!;
  return {
    ...lab,
    containers: {
      ...lab.containers,
      [legacy.id]: { ...legacy, name: HOSTILE, image: `</text><script>alert(1)</script>` },
    },
  };
}

function laidOut(topology: Topology) {
  const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
  const layout = new ForceLayout({ now: () => 0 });
  layout.update(graph, 'node');
  layout.settle(500);
  return { graph, layout };
}

describe('exportSvg', () => {
  const { layout } = laidOut(hostile());
  const svg = exportSvg({
    palette: LIGHT_PALETTE,
    regions: layout.regions,
    nodes: layout.nodes,
    links: layout.links,
    bounds: layout.bounds(),
    level: 'detail',
    ingress: true,
    selected: null,
    hostNotes: new Map(),
    scale: 1.5,
  });

  it('is one SVG document with the map on it', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>node-1<');
    expect(svg).toContain('>meta-globe<');
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThan(50);
  });

  it('escapes element names: markup in a name stays text', () => {
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    // (Long names are shortened on the map; the escaped start is there.)
    expect(svg).toContain('>&lt;img src=x onerror=');
  });
});

describe('SvgPainter', () => {
  it('applies the transform and turns a circle into two arcs', () => {
    const painter = new SvgPainter(100, 100);
    painter.setTransform(2, 0, 0, 2, 10, 10);
    painter.beginPath();
    painter.moveTo(5, 0);
    painter.arc(0, 0, 5, 0, Math.PI * 2);
    painter.fillStyle = '#123456';
    painter.fill();
    expect(painter.toString()).toContain(
      '<path d="M20 10L20 10A10 10 0 1 1 0 10A10 10 0 1 1 20 10" fill="#123456"/>',
    );
  });

  it('escapes text and drops control characters', () => {
    expect(escapeXml('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});

describe('exportJson', () => {
  it('has every element and link shown, with positions and the view', () => {
    const { graph, layout } = laidOut(lab);
    const state = { ...DEFAULT_VIEW_STATE, query: 'web' };
    const data = exportJson(
      graph,
      new Map(layout.nodes.map((n) => [n.id, n])),
      layout.regions,
      state,
      7,
      new Date(0),
    );
    expect(data.format).toBe(EXPORT_FORMAT);
    expect(data.topologyVersion).toBe(7);
    expect(data.view.query).toBe('web');
    expect(data.nodes).toHaveLength(graph.nodes.length);
    expect(data.nodes.every((n) => typeof n.x === 'number' && typeof n.y === 'number')).toBe(true);
    expect(data.links).toHaveLength(graph.links.length);
    expect(data.groups.find((g) => g.name === 'node-1')?.rect).not.toBeNull();
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('the view as shown', () => {
  const { layout } = laidOut(lab);
  const appnet = layout.nodes.find((n) => n.node.kind === 'network' && n.node.name === 'appnet')!;
  const k = 1.2;
  const input: RenderInput = {
    width: 640,
    height: 400,
    pixelRatio: 2,
    // appnet in the middle of the view
    transform: { k, x: 320 - appnet.x * k, y: 200 - appnet.y * k },
    palette: LIGHT_PALETTE,
    regions: layout.regions,
    nodes: layout.nodes,
    links: layout.links,
    ghosts: [{ ...appnet, id: 'gone', diedAt: 5 }],
    level: 'detail',
    selected: null,
    hovered: appnet.id,
    focus: new Set([appnet.id]),
    glow: new Map([[appnet.id, 1]]),
    ingress: true,
    hostNotes: new Map(),
    offline: false,
    now: 10,
  };

  it('keeps the frame but drops what is passing: hover, glows, ghosts and fades', () => {
    const still = stillFrame(input, null);
    expect(still.transform).toEqual(input.transform);
    expect([still.width, still.height, still.pixelRatio]).toEqual([640, 400, 2]);
    expect(still.hovered).toBeNull();
    expect(still.focus).toBeNull();
    expect(still.ghosts).toEqual([]);
    expect(still.glow.size).toBe(0);
    expect(still.now).toBeGreaterThan(input.now + 1_000);
  });

  it('is an SVG of the screen: its size, and each name by its own element', () => {
    const svg = exportViewSvg(stillFrame(input, null));
    expect(svg).toContain('width="640" height="400" viewBox="0 0 640 400"');
    const label = /<text x="([\d.-]+)" y="([\d.-]+)"[^>]*fill="[^n][^>]*>appnet<\/text>/.exec(svg);
    expect(label).not.toBeNull();
    const [x, y] = [Number(label![1]), Number(label![2])];
    // Centred under (or beside) appnet, which is in the middle of the view.
    expect(Math.abs(x - 320)).toBeLessThan(90);
    expect(Math.abs(y - 200)).toBeLessThan(90);
    // What is outside the view is not drawn.
    const far = layout.nodes.filter((n) => {
      const sx = n.x * k + input.transform.x;
      const sy = n.y * k + input.transform.y;
      return sx < -300 || sx > 940 || sy < -300 || sy > 700;
    });
    const unique = (name: string) => layout.nodes.filter((n) => n.node.name === name).length === 1;
    const names = far.map((n) => n.node.name).filter((name) => name.length > 3 && unique(name));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(svg, name).not.toContain(`>${name}<`);
    }
  });
});
