import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';
import type { AuditEntry } from '@/lib/http/audit';
import { emptyTopology, type Topology, type TopologyNetwork } from '@/lib/topology/types';

import { ALL_ENTRIES, describeTarget, matchesEntry, pageOf, targetKind } from './audit-view';

const NET_ID = 'a'.repeat(64);
const TIME = '2026-12-02T12:00:10.000Z';

function entry(patch: Partial<AuditEntry>): AuditEntry {
  return {
    time: TIME,
    role: 'operator',
    action: `DELETE /api/networks/${NET_ID}`,
    target: NET_ID,
    status: 204,
    result: 'ok',
    ...patch,
  };
}

function withNetwork(): Topology {
  const topology = emptyTopology(1);
  topology.networks[NET_ID] = {
    id: NET_ID,
    name: 'appnet',
    driver: 'bridge',
    subnets: [{ subnet: '10.213.0.0/24', gateway: null, ipRange: null }],
  } as unknown as TopologyNetwork;
  return topology;
}

function event(patch: Partial<DockerEvent>): DockerEvent {
  const time = Date.parse(TIME) / 1000 - 1;
  return {
    engine: 'node-1',
    type: 'network',
    action: 'create',
    id: 'b'.repeat(64),
    name: 'made',
    attributes: {},
    time,
    timeNano: time * 1e9,
    ...patch,
  };
}

describe('audit targets', () => {
  it('reads the kind from the path', () => {
    expect(targetKind('POST /api/networks')).toBe('network');
    expect(targetKind('POST /api/services/x/scale')).toBe('service');
    expect(targetKind('GET /api/resolve?from=x&name=web')).toBe('container');
    expect(targetKind('POST /api/swarm/init')).toBe('swarm');
  });

  it('names a network that exists with its driver and subnet', () => {
    expect(describeTarget(entry({}), withNetwork(), [])).toEqual({
      name: 'appnet',
      facts: 'bridge · 10.213.0.0/24',
    });
  });

  it('names a removed one from the events seen, and says it is gone', () => {
    const seen = [event({ id: NET_ID, name: 'oldnet', action: 'destroy' })];
    expect(describeTarget(entry({}), emptyTopology(), seen)).toEqual({
      name: 'oldnet',
      facts: 'no longer present',
    });
    expect(describeTarget(entry({}), emptyTopology(), [])).toBeNull();
    // The server recorded the name of what a creation made: it still reads once the object is gone.
    expect(
      describeTarget(
        entry({ action: 'POST /api/networks', targetName: 'shop' }),
        emptyTopology(),
        [],
      ),
    ).toEqual({ name: 'shop', facts: 'no longer present' });
  });

  it('matches a creation to its create event only when one fits', () => {
    const created = entry({ action: 'POST /api/networks', target: '-', status: 201 });
    expect(describeTarget(created, emptyTopology(), [event({})])?.name).toBe('made');
    const two = [event({}), event({ id: 'c'.repeat(64), name: 'other' })];
    expect(describeTarget(created, emptyTopology(), two)).toBeNull();
    const refused = { ...created, result: 'refused' as const, status: 403 };
    expect(describeTarget(refused, emptyTopology(), [event({})])).toBeNull();
  });
});

describe('audit filters and pages', () => {
  const now = Date.parse(TIME) + 60_000;
  it('filters by who, what, outcome, time and text (names included)', () => {
    const target = { name: 'appnet', facts: 'bridge' };
    expect(matchesEntry(entry({}), ALL_ENTRIES, now, null)).toBe(true);
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, role: 'viewer' }, now, null)).toBe(false);
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, kind: 'service' }, now, null)).toBe(false);
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, result: 'refused' }, now, null)).toBe(false);
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, withinMinutes: 15 }, now, null)).toBe(true);
    const later = now + 20 * 60_000;
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, withinMinutes: 15 }, later, null)).toBe(false);
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, text: 'APPNET' }, now, target)).toBe(true);
    expect(matchesEntry(entry({}), { ...ALL_ENTRIES, text: 'appnet' }, now, null)).toBe(false);
  });

  it('pages by 50, clamping the page', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(items, 0)).toMatchObject({ current: 0, pages: 3, first: 0 });
    expect(pageOf(items, 2).items).toEqual(items.slice(100));
    expect(pageOf(items, 9).current).toBe(2);
    expect(pageOf([], 0)).toMatchObject({ current: 0, pages: 1, items: [] });
  });
});
