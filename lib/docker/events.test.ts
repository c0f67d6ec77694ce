import { describe, expect, it } from 'vitest';

import { labEvents } from '@/lib/topology/__fixtures__/lab';

import { normalized, recorded, type RawEvent } from './__fixtures__/recorded-events';
import { eventKey, isNoiseEvent, normalizeDockerEvent } from './events';

describe('normalizeDockerEvent', () => {
  it('reads every recorded line', () => {
    for (const engine of ['node-1', 'node-2', 'node-3'] as const) {
      for (const raw of labEvents(engine)) expect(normalizeDockerEvent(engine, raw)).not.toBeNull();
    }
  });

  it('keeps type, action, actor, name, attributes, times and scope', () => {
    const raw = recorded('node-1', 'network', 'connect', 'appnet');
    expect(normalized('node-1', raw)).toEqual({
      engine: 'node-1',
      type: 'network',
      action: 'connect',
      id: raw.Actor.ID,
      name: 'appnet',
      attributes: raw.Actor.Attributes,
      time: raw.time,
      timeNano: raw.timeNano,
      scope: 'local',
    });
  });

  it('splits the detail off exec actions', () => {
    const event = normalized('node-1', recorded('node-1', 'container', 'exec_start'));
    expect(event.action).toBe('exec_start');
    expect(event.actionDetail).toBeTruthy();
  });

  it('reads swarm-scoped events and treats an empty name as none', () => {
    const created = recorded('node-1', 'node', 'create');
    const event = normalized('node-1', created);
    expect(event).toMatchObject({ type: 'node', scope: 'swarm' });
    if (created.Actor.Attributes.name === '') expect(event.name).toBeNull();
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', '{"Type":"container"}'],
    ['an array', []],
    ['an empty object', {}],
    ['no action', { Type: 'container', Actor: { ID: 'x' }, time: 1 }],
    ['an unknown type', { Type: 'gizmo', Action: 'spin', Actor: { ID: 'x' }, time: 1 }],
    ['no time', { Type: 'container', Action: 'start', Actor: { ID: 'x' } }],
  ])('returns null for %s', (_name, raw) => {
    expect(normalizeDockerEvent('node-1', raw)).toBeNull();
  });

  it('tolerates a missing actor and non-string attributes', () => {
    expect(
      normalizeDockerEvent('e', { Type: 'container', Action: 'prune', time: 5, timeNano: 5e9 }),
    ).toMatchObject({ id: '', name: null, attributes: {} });
    expect(
      normalizeDockerEvent('e', {
        Type: 'container',
        Action: 'start',
        Actor: { ID: 'a', Attributes: { name: 'n', weird: 3 } },
        time: 5,
      }),
    ).toMatchObject({ attributes: { name: 'n' }, timeNano: 5e9 });
  });
});

describe('isNoiseEvent', () => {
  it.each<[string, RawEvent & Record<string, unknown>, boolean]>([
    ['exec_create', recorded('node-1', 'container', 'exec_create'), true],
    ['exec_start', recorded('node-1', 'container', 'exec_start'), true],
    ['exec_die', recorded('node-1', 'container', 'exec_die'), true],
    ['container start', recorded('node-1', 'container', 'start', 'legacy'), false],
    ['network connect', recorded('node-2', 'network', 'connect'), false],
    ['service update', recorded('node-1', 'service', 'update', 'web'), false],
  ])('%s → %s', (_name, raw, noise) => {
    expect(isNoiseEvent(normalized('node-1', raw))).toBe(noise);
  });
});

describe('eventKey', () => {
  it('is equal for a replayed copy and differs between events', () => {
    const [first, second] = labEvents('node-2');
    const a = normalized('node-2', first);
    expect(eventKey(normalized('node-2', structuredClone(first)))).toBe(eventKey(a));
    expect(eventKey(normalized('node-2', second))).not.toBe(eventKey(a));
  });
});
