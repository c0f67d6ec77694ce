import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';

import {
  fieldPath,
  MAX_SNAPSHOT_BYTES,
  parseSnapshot,
  readSnapshot,
  type PortableSnapshot,
} from './snapshot';

const live = { reachable: true, stale: false, error: null };

function snapshot(): PortableSnapshot {
  return {
    format: 'portolan-snapshot',
    version: 1,
    at: '2026-12-03T03:10:00.000Z',
    exportedAt: '2026-12-03T04:00:00.000Z',
    topology: buildTopology(
      labInventories(),
      { 'node-1': live, 'node-2': live, 'node-3': live },
      7,
    ),
    eventsFrom: '2026-12-03T03:00:00.000Z',
    eventsTo: '2026-12-03T03:20:00.000Z',
    events: [
      {
        engine: 'node-1',
        type: 'network',
        action: 'create',
        id: 'abc',
        name: 'appnet',
        attributes: { name: 'appnet', type: 'bridge' },
        time: 1_796_267_400,
        timeNano: 1_796_267_400_000_000_000,
      },
    ],
  };
}

describe('reading a snapshot file (one schema for the server and the browser)', () => {
  it('reads an exported snapshot and keeps it exactly as written', () => {
    const file = snapshot();
    const reading = readSnapshot(JSON.stringify(file));
    expect(reading).toEqual({ ok: true, snapshot: file });
    expect(Object.keys(file.topology.networks).length).toBeGreaterThan(3);
  });

  it('names the field that is wrong', () => {
    const file = snapshot();
    const [id] = Object.keys(file.topology.networks);
    const network = file.topology.networks[id ?? ''];
    if (!id || !network) throw new Error('the fixture has networks');
    const broken = JSON.parse(JSON.stringify(file)) as Record<string, unknown> & PortableSnapshot;
    (broken.topology.networks[id] as unknown as Record<string, unknown>).subnets = 'x';
    const reading = readSnapshot(JSON.stringify(broken));
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.field).toBe(`topology.networks[${JSON.stringify(id)}].subnets`);
    expect(parseSnapshot(JSON.stringify(broken))).toMatch(/^topology\.networks\[".+"\]\.subnets: /);
  });

  it('refuses what is not a snapshot, saying why', () => {
    expect(parseSnapshot('{')).toBe('the file: not JSON');
    expect(parseSnapshot('{"format":"other"}')).toBe('format: not a Portolan snapshot');
    expect(parseSnapshot(JSON.stringify({ ...snapshot(), version: 2 }))).toBe(
      'version: only version 1 is supported',
    );
    expect(parseSnapshot(JSON.stringify({ ...snapshot(), at: 'yesterday' }))).toBe(
      'at: not a time',
    );
    const { engines: _engines, ...rest } = snapshot().topology;
    expect(parseSnapshot(JSON.stringify({ ...snapshot(), topology: rest }))).toMatch(
      /^topology\.engines: /,
    );
    expect(parseSnapshot(JSON.stringify({ ...snapshot(), events: [{ type: 'network' }] }))).toMatch(
      /^events\[0\]\.engine: /,
    );
  });

  it('keeps the size bounded', () => {
    const reading = readSnapshot(' '.repeat(MAX_SNAPSHOT_BYTES + 1));
    expect(reading).toEqual({ ok: false, field: 'the file', message: 'larger than 16 MB' });
  });
});

describe('fieldPath', () => {
  it('writes a key as a reader finds it in the file', () => {
    expect(fieldPath(['topology', 'networks', 'a0f2a692cq', 'subnets', 0])).toBe(
      'topology.networks.a0f2a692cq.subnets[0]',
    );
    expect(fieldPath(['topology', 'networks', '9kx2', 'name'])).toBe(
      'topology.networks["9kx2"].name',
    );
    expect(fieldPath(['topology', 'containers', 'node-1:ab', 'name'])).toBe(
      'topology.containers["node-1:ab"].name',
    );
    expect(fieldPath([])).toBe('the file');
  });
});
