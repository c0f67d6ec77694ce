import { describe, expect, it } from 'vitest';

import { regionsByNode } from './layout/host-regions';
import type { ViewGroup } from './model';
import {
  pointAlong,
  regionsCrossed,
  routeBetween,
  routePlan,
  segmentCrossesRect,
  type RouteRegion,
} from './routes';

const group = (id: string, kind: 'host' | 'swarm'): ViewGroup =>
  ({ id, kind, name: id, lines: [] }) as unknown as ViewGroup;

/** The regions grouping by node makes for a swarm band and `hosts` hosts. */
function layout(hosts: number): RouteRegion[] {
  const groups = [group('swarm', 'swarm')];
  for (let i = 1; i <= hosts; i++) groups.push(group(`node-${i}`, 'host'));
  return regionsByNode(groups, () => 200_000, 2);
}

const centre = (region: RouteRegion) => ({
  x: region.rect.x + region.rect.w / 2,
  y: region.rect.y + region.rect.h / 2,
});

describe('routes between the swarm band and the hosts', () => {
  it('go down, along the gap under the band and into the target: no other host is crossed', () => {
    const regions = layout(3);
    const plan = routePlan(regions)!;
    const band = regions.find((r) => r.kind === 'swarm')!;
    const hosts = regions.filter((r) => r.kind === 'host');
    // From the band's far left to the last host on the right: a straight line would cross node-2.
    const from = { x: band.rect.x + 30, y: band.rect.y + band.rect.h - 30 };
    const last = hosts[2]!;
    const to = centre(last);
    const route = routeBetween(plan, from, 'swarm', to, last.id)!;
    expect(route[0]).toEqual(from);
    expect(route[route.length - 1]).toEqual(to);
    expect(regionsCrossed([from, to], regions, new Set(['swarm', last.id]))).not.toEqual([]);
    expect(regionsCrossed(route, regions, new Set(['swarm', last.id]))).toEqual([]);
    // Every edge runs along the same line under the band: they bundle.
    const gapY = route[1]!.y;
    expect(gapY).toBeGreaterThan(band.rect.y + band.rect.h);
    expect(gapY).toBeLessThan(last.rect.y);
  });

  it('reach a host in a lower row through the corridors between hosts', () => {
    const regions = layout(8);
    const plan = routePlan(regions)!;
    expect(plan.rows.length).toBeGreaterThan(1);
    const band = regions.find((r) => r.kind === 'swarm')!;
    for (const host of regions.filter((r) => r.kind === 'host')) {
      for (const fx of [0.05, 0.5, 0.95]) {
        const from = { x: band.rect.x + band.rect.w * fx, y: band.rect.y + band.rect.h / 2 };
        const route = routeBetween(plan, centre(host), host.id, from, 'swarm')!;
        expect(route[0]).toEqual(centre(host));
        expect(route[route.length - 1]).toEqual(from);
        expect(regionsCrossed(route, regions, new Set(['swarm', host.id]))).toEqual([]);
      }
    }
  });

  it('leave other edges alone: within a region, host to host, or without a band', () => {
    const regions = layout(3);
    const plan = routePlan(regions);
    const a = { x: 0, y: 0 };
    expect(routeBetween(plan, a, 'node-1', a, 'node-1')).toBeNull();
    expect(routeBetween(plan, a, 'swarm', a, 'swarm')).toBeNull();
    expect(routeBetween(plan, a, 'node-1', a, 'node-2')).toBeNull();
    expect(routeBetween(plan, a, null, a, 'swarm')).toBeNull();
    expect(routePlan(regions.filter((r) => r.kind === 'host'))).toBeNull();
  });
});

describe('polyline helpers', () => {
  it('finds the point along a polyline by length', () => {
    const line = [
      { x: 0, y: 0 },
      { x: 0, y: 10 },
      { x: 30, y: 10 },
    ];
    expect(pointAlong(line, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAlong(line, 0.25)).toEqual({ x: 0, y: 10 });
    expect(pointAlong(line, 0.5)).toEqual({ x: 10, y: 10 });
    expect(pointAlong(line, 1)).toEqual({ x: 30, y: 10 });
  });

  it('tells a segment through a rectangle from one beside it or along its edge', () => {
    const rect = { x: 0, y: 0, w: 10, h: 10 };
    expect(segmentCrossesRect({ x: -5, y: 5 }, { x: 15, y: 5 }, rect)).toBe(true);
    expect(segmentCrossesRect({ x: -5, y: -5 }, { x: 15, y: 15 }, rect)).toBe(true);
    expect(segmentCrossesRect({ x: -5, y: 12 }, { x: 15, y: 12 }, rect)).toBe(false);
    expect(segmentCrossesRect({ x: 0, y: -5 }, { x: 0, y: 15 }, rect)).toBe(false);
    expect(segmentCrossesRect({ x: 5, y: -5 }, { x: 5, y: 2 }, rect)).toBe(true);
  });
});
