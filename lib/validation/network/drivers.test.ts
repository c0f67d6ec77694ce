import { describe, expect, it } from 'vitest';

import { DRIVER_OPTIONS } from './driver-options';
import { NETWORK_DRIVERS, NETWORK_DRIVER_HELP } from './drivers';

describe('help and allow-lists', () => {
  it('explain every driver, and list options only for known drivers', () => {
    for (const driver of NETWORK_DRIVERS) {
      expect(NETWORK_DRIVER_HELP[driver].length).toBeGreaterThan(40);
      expect(DRIVER_OPTIONS[driver]).toBeDefined();
    }
    expect(NETWORK_DRIVER_HELP.bridge).toContain('port');
    expect(NETWORK_DRIVER_HELP.macvlan).toContain('promiscuous');
  });
});
