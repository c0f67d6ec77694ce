import { describe, expect, it } from 'vitest';

import { engineTrafficStatus } from './engines';

const base = { engine: 'node-2', reachable: true, localSocket: true, running: 3, read: 3 };

describe('engineTrafficStatus', () => {
  it('is observable when some container namespace was read', () => {
    expect(engineTrafficStatus(base)).toEqual({
      engine: 'node-2',
      observable: true,
      containers: 3,
      reason: null,
    });
  });

  it('explains an engine whose container processes are not on this host', () => {
    const status = engineTrafficStatus({ ...base, localSocket: false, read: 0 });
    expect(status.observable).toBe(false);
    expect(status.reason).toMatch(/Traffic on node-2 is not visible.*not on Portolan’s host/);
  });

  it('explains an unreachable engine, and a remote one with nothing to check', () => {
    expect(engineTrafficStatus({ ...base, reachable: false }).reason).toMatch(/unreachable/);
    const remote = engineTrafficStatus({ ...base, localSocket: false, running: 0, read: 0 });
    expect(remote).toMatchObject({ observable: false });
    expect(remote.reason).toMatch(/over TCP/);
    expect(engineTrafficStatus({ ...base, running: 0, read: 0 }).observable).toBe(true);
  });
});
