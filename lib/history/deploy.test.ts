import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';

import { isDeployEvent, lastDeployIn } from './deploy';

const service = { id: 'svc1', name: 'shop_web' };
const event = (
  action: string,
  attributes: Record<string, string> = {},
  extra: Partial<DockerEvent> = {},
) =>
  ({
    engine: 'node-1',
    type: 'service',
    action,
    id: 'svc1',
    name: 'shop_web',
    attributes,
    time: 1,
    timeNano: 1,
    ...extra,
  }) as DockerEvent;

describe('the last deploy of a service', () => {
  it('counts a creation and a spec update, by id or by name', () => {
    expect(isDeployEvent(event('create'), service)).toBe(true);
    expect(
      isDeployEvent(event('update', { 'replicas.new': '3', 'replicas.old': '1' }), service),
    ).toBe(true);
    expect(isDeployEvent(event('update', {}, { id: 'other' }), service)).toBe(true);
    expect(isDeployEvent(event('update', {}, { id: 'other', name: 'other' }), service)).toBe(false);
  });

  it('does not count a rolling update moving on, a removal, or another type', () => {
    expect(isDeployEvent(event('update', { 'updatestate.new': 'completed' }), service)).toBe(false);
    expect(isDeployEvent(event('remove'), service)).toBe(false);
    expect(isDeployEvent(event('create', {}, { type: 'container' }), service)).toBe(false);
  });

  it('finds the newest change that carries one', () => {
    const changes = [
      { t: 30, events: [event('update', { 'updatestate.new': 'completed' })] },
      { t: 20, events: [event('update', { 'image.new': 'nginx:2' })] },
      { t: 10, events: [event('create')] },
    ];
    expect(lastDeployIn(changes, service)).toBe(20);
    expect(lastDeployIn(changes.slice(2), service)).toBe(10);
    expect(lastDeployIn([{ t: 5, events: [] }], service)).toBeNull();
  });
});
