import { describe, expect, it } from 'vitest';

import { SYSTEM_NETWORK_NAMES, isSystemNetwork, isSystemNetworkName } from './system-networks';

describe('system networks', () => {
  it('name the networks engines and swarms make on their own', () => {
    expect([...SYSTEM_NETWORK_NAMES].sort()).toEqual([
      'bridge',
      'docker_gwbridge',
      'host',
      'ingress',
      'none',
    ]);
    expect(isSystemNetworkName('ingress')).toBe(true);
    expect(isSystemNetworkName('appnet')).toBe(false);
  });

  it('know an ingress network by its flag, not its name', () => {
    expect(isSystemNetwork({ name: 'edge-ingress', ingress: true })).toBe(true);
    expect(isSystemNetwork({ name: 'docker_gwbridge', ingress: false })).toBe(true);
    expect(isSystemNetwork({ name: 'ingress', ingress: false })).toBe(false);
    expect(isSystemNetwork({ name: 'appnet', ingress: false })).toBe(false);
  });
});
