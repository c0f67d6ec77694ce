import { describe, expect, it } from 'vitest';

import {
  containerStatus,
  isContainerActive,
  networkStyle,
  serviceStatus,
  taskStatus,
} from './status';

describe('networkStyle', () => {
  it('draws known drivers as themselves, null as none, plugins as other', () => {
    for (const driver of ['bridge', 'overlay', 'macvlan', 'ipvlan', 'host'] as const) {
      expect(networkStyle(driver)).toBe(driver);
    }
    expect(networkStyle('null')).toBe('none');
    expect(networkStyle('weaveworks/net-plugin')).toBe('other');
  });
});

describe('containers', () => {
  it('are active when running, paused or restarting', () => {
    expect(isContainerActive({ state: 'running' })).toBe(true);
    expect(isContainerActive({ state: 'paused' })).toBe(true);
    expect(isContainerActive({ state: 'restarting' })).toBe(true);
    expect(isContainerActive({ state: 'exited' })).toBe(false);
    expect(isContainerActive({ state: 'created' })).toBe(false);
  });

  it('are bad when unhealthy or dead, warn while starting, paused or created', () => {
    expect(containerStatus({ state: 'running', health: null })).toBe('ok');
    expect(containerStatus({ state: 'running', health: 'healthy' })).toBe('ok');
    expect(containerStatus({ state: 'running', health: 'starting' })).toBe('warn');
    expect(containerStatus({ state: 'running', health: 'unhealthy' })).toBe('bad');
    expect(containerStatus({ state: 'dead', health: null })).toBe('bad');
    expect(containerStatus({ state: 'paused', health: null })).toBe('warn');
    expect(containerStatus({ state: 'restarting', health: null })).toBe('warn');
    expect(containerStatus({ state: 'created', health: null })).toBe('warn');
    expect(containerStatus({ state: 'exited', health: null })).toBe('off');
  });
});

describe('taskStatus', () => {
  it('is ok running, bad when failed, warn on the way up, off when ended', () => {
    expect(taskStatus({ state: 'running' })).toBe('ok');
    for (const state of ['failed', 'rejected', 'orphaned'] as const) {
      expect(taskStatus({ state }), state).toBe('bad');
    }
    for (const state of ['new', 'pending', 'assigned', 'preparing', 'starting'] as const) {
      expect(taskStatus({ state }), state).toBe('warn');
    }
    for (const state of ['complete', 'shutdown', 'remove'] as const) {
      expect(taskStatus({ state }), state).toBe('off');
    }
  });
});

describe('serviceStatus', () => {
  it('compares running with desired replicas', () => {
    expect(serviceStatus({ replicas: { running: 3, desired: 3 } })).toBe('ok');
    expect(serviceStatus({ replicas: { running: 0, desired: 0 } })).toBe('off');
    expect(serviceStatus({ replicas: { running: 1, desired: 3 } })).toBe('warn');
    expect(serviceStatus({ replicas: { running: 0, desired: 3 } })).toBe('bad');
  });
});
