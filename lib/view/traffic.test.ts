import { describe, expect, it } from 'vitest';

import type { TrafficConversation, TrafficSample } from '@/lib/traffic/types';

import type { ViewGraph, ViewNode } from './model';
import { LIGHT_PALETTE } from './palette';
import { SvgPainter } from './paint';
import { createFrame } from './render/frame';
import { drawTraffic, drawTrafficLabels } from './render/traffic';
import type { DrawNode, RenderInput } from './render/types';
import { trafficEdges, trafficNotice, trafficSections } from './traffic';
import { exportJson } from './export';
import { DEFAULT_VIEW_STATE } from './url-state';

function node(id: string, refs: string[] = [id]): ViewNode {
  return {
    id,
    kind: 'container',
    ref: id,
    name: id,
    lines: [],
    host: 'node-1',
    cluster: null,
    status: 'ok',
    stale: false,
    context: false,
    style: null,
    tags: [],
    service: null,
    project: null,
    refs,
    r: 10,
  };
}

// NOTE: the task node `t1` also stands for its container `c-task`.
const graph: ViewGraph = {
  nodes: [node('cli'), node('srv'), node('t1', ['t1', 'c-task'])],
  links: [],
  groups: [],
};

function conversation(
  from: string,
  to: string,
  more: Partial<TrafficConversation> = {},
): TrafficConversation {
  const peer = (id: string) => ({
    kind: 'container' as const,
    id,
    name: `${id}-name`,
    ip: '10.0.0.1',
    task: null,
  });
  return {
    id: `tcp:${from}>${to}:80@n`,
    from: peer(from),
    to: peer(to),
    network: { id: 'n', name: 'appnet' },
    port: 80,
    protocol: 'tcp',
    connections: 3,
    open: 0,
    firstSeen: 0,
    lastSeen: 10_000,
    ...more,
  };
}

const sample = (
  conversations: TrafficConversation[],
  more: Partial<TrafficSample> = {},
): TrafficSample => ({
  at: 10_000,
  intervalMs: 1_000,
  ageMs: 60_000,
  since: 0,
  engines: [
    { engine: 'node-1', observable: true, containers: 3, via: 'host' as const, reason: null },
  ],
  conversations,
  endpoints: [],
  ...more,
});

describe('trafficEdges', () => {
  it('draws one edge per talking pair, client → server, merging ports, wider with more calls', () => {
    const edges = trafficEdges(
      sample([
        conversation('cli', 'srv'),
        conversation('cli', 'srv', { id: 'udp', port: 53, protocol: 'udp', connections: 12 }),
        conversation('cli', 'c-task', { connections: 1 }),
      ]),
      graph,
    );
    expect(edges).toEqual([
      expect.objectContaining({
        from: 'cli',
        to: 'srv',
        label: '80/tcp, 53/udp · 15/min',
        active: true,
        alpha: 1,
      }),
      expect.objectContaining({ from: 'cli', to: 't1', label: '80/tcp · 1/min' }),
    ]);
    expect(edges[0]!.width).toBeGreaterThan(edges[1]!.width);
  });

  it('fades an edge not seen for a while, and leaves out ends not on the map', () => {
    const [edge] = trafficEdges(
      sample([conversation('cli', 'srv', { lastSeen: 0 }), conversation('cli', 'elsewhere')]),
      graph,
      20_000,
    );
    expect(edge).toMatchObject({ active: false, alpha: 0.5 });
    expect(trafficEdges(null, graph)).toEqual([]);
  });
});

describe('trafficSections', () => {
  it('lists talks to, talked to by (with links to the map) and throughput', () => {
    const data = sample([conversation('cli', 'srv', { lastSeen: 7_000 })], {
      endpoints: [
        {
          container: 'srv',
          containerName: 'srv-name',
          network: 'n',
          networkName: 'appnet',
          interface: 'eth0',
          rxBytesPerSecond: 1_500,
          txBytesPerSecond: 300,
          rxPacketsPerSecond: 10,
          txPacketsPerSecond: 4,
          rxBytes: 1,
          txBytes: 1,
        },
      ],
    });
    const [talksTo, talkedToBy, throughput] = trafficSections(data, ['srv'], graph);
    expect(talksTo).toMatchObject({ title: 'Talks to', note: 'Nothing seen in the last minute.' });
    expect(talkedToBy).toMatchObject({
      title: 'Talked to by',
      table: { rows: [['cli-name (appnet)', '80/tcp', '3', '3 s ago']] },
      links: ['cli'],
    });
    expect(throughput?.table?.rows).toEqual([
      ['eth0', 'appnet', '1.5 kB/s · 10 pkt/s', '300 B/s · 4 pkt/s'],
    ]);
  });
});

describe('trafficNotice', () => {
  it('says what is going on instead of an empty layer', () => {
    expect(trafficNotice(null)).toMatch(/waiting/);
    expect(trafficNotice(sample([]))).toMatch(/no conversation/);
    expect(trafficNotice(sample([conversation('cli', 'srv')]))).toBeNull();
    const hidden = sample([conversation('cli', 'srv')], {
      engines: [
        {
          engine: 'far',
          observable: false,
          containers: 0,
          via: null,
          reason: 'Traffic on far is not visible.',
        },
      ],
    });
    expect(trafficNotice(hidden)).toBe('Traffic on far is not visible.');
  });
});

describe('the traffic render pass', () => {
  const drawn = (id: string, x: number, y: number): DrawNode => ({
    id,
    node: node(id),
    x,
    y,
    bornAt: -Infinity,
  });
  const input = (traffic: RenderInput['traffic']): RenderInput => ({
    width: 400,
    height: 300,
    pixelRatio: 1,
    transform: { x: 0, y: 0, k: 1 },
    palette: LIGHT_PALETTE,
    regions: [],
    nodes: [drawn('cli', 50, 50), drawn('srv', 300, 200)],
    links: [],
    ghosts: [],
    level: 'detail',
    selected: null,
    hovered: null,
    focus: null,
    glow: new Map(),
    ingress: false,
    traffic,
    hostNotes: new Map(),
    offline: false,
    now: 0,
  });

  it('draws the edge in the traffic colour with its label, and nothing with the layer off', () => {
    const edge = {
      id: 'cli>srv',
      from: 'cli',
      to: 'srv',
      label: '80/tcp · 3/min',
      width: 3,
      alpha: 1,
      active: true,
    };
    const painter = new SvgPainter(400, 300);
    const frame = createFrame(painter, input([edge]));
    drawTraffic(frame);
    drawTrafficLabels(frame);
    const svg = painter.toString();
    expect(svg).toContain(`stroke="${LIGHT_PALETTE.traffic}"`);
    expect(svg).toContain('80/tcp · 3/min');
    expect(frame.stats).toMatchObject({ links: 1, labels: 1 });

    const off = new SvgPainter(400, 300);
    const none = createFrame(off, input(undefined));
    drawTraffic(none);
    expect(none.stats.links).toBe(0);
  });
});

describe('the JSON export', () => {
  it('carries the traffic seen when the layer was on, and nothing about it otherwise', () => {
    const seen = sample([conversation('cli', 'srv')]);
    const withTraffic = exportJson(graph, new Map(), [], DEFAULT_VIEW_STATE, 1, new Date(0), seen);
    expect(withTraffic.traffic).toEqual({
      at: seen.at,
      engines: seen.engines,
      conversations: seen.conversations,
      endpoints: [],
    });
    expect(exportJson(graph, new Map(), [], DEFAULT_VIEW_STATE, 1, new Date(0))).not.toHaveProperty(
      'traffic',
    );
  });
});
