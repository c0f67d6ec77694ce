import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';

import {
  EMPTY_FILTER,
  eventsToCsv,
  eventsToJsonLines,
  isFailure,
  keyAttributes,
  matchesEvent,
} from './view';

function event(partial: Partial<DockerEvent>): DockerEvent {
  return {
    engine: 'node-1',
    type: 'container',
    action: 'start',
    id: 'abc123',
    name: 'web',
    attributes: {},
    time: 1,
    timeNano: 1_700_000_000_000_000_000,
    ...partial,
  };
}

describe('event filters', () => {
  const die3 = event({ action: 'die', attributes: { exitCode: '3', 'com.example.team': 'blue' } });
  const die0 = event({ action: 'die', attributes: { exitCode: '0' } });
  const connect = event({
    type: 'network',
    action: 'connect',
    name: 'appnet',
    attributes: { container: 'c'.repeat(64), type: 'bridge', name: 'appnet' },
  });
  const scale = event({
    type: 'service',
    action: 'update',
    name: 'web',
    attributes: { 'replicas.old': '4', 'replicas.new': '6' },
  });

  it.each([
    ['failures', [die3], [die0, connect, scale]],
    ['network', [connect], [die3, scale]],
    ['scaling', [scale], [die3, connect]],
  ] as const)('preset %s', (preset, yes, no) => {
    for (const e of yes) expect(matchesEvent(e, { ...EMPTY_FILTER, preset })).toBe(true);
    for (const e of no) expect(matchesEvent(e, { ...EMPTY_FILTER, preset })).toBe(false);
  });

  it('narrows by type, action, engine and by text in names and labels', () => {
    expect(matchesEvent(connect, { ...EMPTY_FILTER, types: ['network'] })).toBe(true);
    expect(matchesEvent(die3, { ...EMPTY_FILTER, types: ['network'] })).toBe(false);
    expect(matchesEvent(connect, { ...EMPTY_FILTER, action: 'CONN' })).toBe(true);
    expect(matchesEvent(connect, { ...EMPTY_FILTER, engine: 'node-2' })).toBe(false);
    expect(matchesEvent(die3, { ...EMPTY_FILTER, text: 'blue' })).toBe(true);
    expect(matchesEvent(die3, { ...EMPTY_FILTER, text: 'green' })).toBe(false);
  });

  it('knows failures: non-zero exit, OOM, unhealthy', () => {
    expect(isFailure(die3)).toBe(true);
    expect(isFailure(die0)).toBe(false);
    expect(isFailure(event({ action: 'oom' }))).toBe(true);
    expect(isFailure(event({ action: 'health_status', actionDetail: 'unhealthy' }))).toBe(true);
  });

  it('picks the attributes that tell what happened', () => {
    expect(keyAttributes(scale)).toContainEqual(['replicas', '4 → 6']);
    expect(keyAttributes(die3)).toContainEqual(['exit', '3']);
    expect(keyAttributes(connect)).toEqual([
      ['container', 'cccccccccccc'],
      ['driver', 'bridge'],
    ]);
  });
});

describe('exports', () => {
  it('writes CSV with quoting and no spreadsheet formulas', () => {
    const hostile = event({ name: '=HYPERLINK("x")', attributes: { note: 'a,b' } });
    const csv = eventsToCsv([hostile]);
    const [header, row] = csv.trim().split('\n');
    expect(header).toBe('time,engine,type,action,name,id,attributes');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('"{""note"":""a,b""}"');
  });

  it('writes one JSON object per line', () => {
    const lines = eventsToJsonLines([die(1), die(2)])
      .trim()
      .split('\n');
    expect(lines.map((line) => JSON.parse(line).id)).toEqual(['1', '2']);
    function die(id: number) {
      return event({ id: String(id) });
    }
  });
});
