import { describe, expect, it } from 'vitest';

import type { ViewGroup, ViewNode } from '../model';
import { regionsByNode } from './host-regions';
import { type Region, type SimNode, UNCLUSTERED } from './model';
import { regionsByNetwork } from './network-regions';
import { boundsOf } from './regions';

function group(id: string, kind: ViewGroup['kind'] = 'host'): ViewGroup {
  return { id, kind, name: id, lines: [], stale: false, engine: null, members: [] };
}

function region(id: string, x: number, y: number, w: number, h: number): Region {
  const rect = { x, y, w, h };
  return { id, kind: 'host', shape: 'rect', rect, inner: rect, group: null, network: null };
}

function sim(id: string, regionId: string, x: number, y: number): SimNode {
  return { id, node: { r: 8 } as ViewNode, x, y, collide: 10, region: regionId, bornAt: 0 };
}

describe('regionsByNode', () => {
  const groups = [group('swarm', 'swarm'), ...['a', 'b', 'c'].map((id) => group(id))];

  it('puts the swarm band over the hosts, which share one height and fill its width', () => {
    const [band, ...hosts] = regionsByNode(groups, () => 50_000);
    expect(band?.kind).toBe('swarm');
    expect(hosts.map((h) => h.id)).toEqual(['a', 'b', 'c']);
    for (const host of hosts) {
      expect(host.rect.y).toBeGreaterThan(band!.rect.y + band!.rect.h);
      expect(host.rect.h).toBe(hosts[0]!.rect.h);
      expect(host.inner.y).toBeGreaterThan(host.rect.y);
    }
    const last = hosts[2]!.rect;
    expect(last.x + last.w).toBeCloseTo(band!.rect.w);
  });

  it('makes a wider map for a wider screen', () => {
    const shape = (aspect: number) => {
      const regions = regionsByNode(groups, () => 50_000, aspect);
      const bottom = Math.max(...regions.map((r) => r.rect.y + r.rect.h));
      return regions[0]!.rect.w / bottom;
    };
    expect(shape(3)).toBeGreaterThan(shape(1));
  });

  it('wraps many hosts into rows of at most five', () => {
    const many = Array.from({ length: 12 }, (_, i) => group(`h${i}`));
    const rows = new Set(regionsByNode(many, () => 10_000).map((r) => r.rect.y));
    expect(rows.size).toBe(3);
  });
});

describe('regionsByNetwork', () => {
  it('gives one circle per cluster, biggest first, none overlapping', () => {
    const clusters = [
      { id: 'small', area: 2_000 },
      { id: UNCLUSTERED, area: 9_000 },
      { id: 'big', area: 90_000 },
    ];
    const regions = regionsByNetwork(clusters);
    expect(regions.map((r) => r.id)).toEqual(['big', UNCLUSTERED, 'small']);
    expect(regions.map((r) => r.network)).toEqual(['big', null, 'small']);
    for (const r of regions) {
      expect(r.shape).toBe('circle');
      expect(r.rect.w).toBe(r.rect.h);
      expect(r.inner.x).toBeGreaterThan(r.rect.x);
    }
    const [a, b] = regions;
    const distance = Math.hypot(
      a!.rect.x + a!.rect.w / 2 - (b!.rect.x + b!.rect.w / 2),
      a!.rect.y + a!.rect.h / 2 - (b!.rect.y + b!.rect.h / 2),
    );
    expect(distance).toBeGreaterThanOrEqual((a!.rect.w + b!.rect.w) / 2);
  });

  it('is empty without clusters', () => {
    expect(regionsByNetwork([])).toEqual([]);
  });
});

describe('boundsOf', () => {
  it('covers regions and nodes with their collision room', () => {
    const bounds = boundsOf([region('a', 0, 0, 100, 100)], [sim('n', 'a', 105, -2)]);
    expect(bounds).toEqual({ x: 0, y: -12, w: 115, h: 112 });
  });

  it('is a unit square for an empty map', () => {
    expect(boundsOf([], [])).toEqual({ x: 0, y: 0, w: 1, h: 1 });
  });
});
