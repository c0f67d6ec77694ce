import { describe, expect, it } from 'vitest';

import { engineTrafficStatus } from './engines';

const base = { engine: 'node-2', reachable: true, localSocket: true, running: 3, read: 3 };

describe('engineTrafficStatus', () => {
  it('is observable when some container namespace was read', () => {
    expect(engineTrafficStatus(base)).toEqual({
      engine: 'node-2',
      observable: true,
      containers: 3,
      via: 'host',
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

  it('reads an engine through its agent, and says why not when the agent cannot', () => {
    const far = { ...base, localSocket: false };
    expect(engineTrafficStatus({ ...far, agent: { state: 'streaming' } })).toMatchObject({
      observable: true,
      via: 'agent',
      containers: 3,
    });
    const blind = engineTrafficStatus({ ...far, read: 0, agent: { state: 'streaming' } });
    expect(blind).toMatchObject({ observable: false, via: null });
    expect(blind.reason).toMatch(/agent cannot read.*\/host\/proc/);
    const failed = {
      state: 'failed' as const,
      reason: 'its agent refused the traffic stream (401)',
    };
    expect(engineTrafficStatus({ ...far, read: 0, agent: failed }).reason).toBe(
      'Traffic on node-2 is not visible: its agent refused the traffic stream (401).',
    );
    expect(engineTrafficStatus({ ...far, read: 0, agent: { state: 'connecting' } }).reason).toMatch(
      /waiting for its agent/,
    );
    // a TLS engine that is a plain dockerd: the Engine API only, as before
    const plain = { state: 'not-an-agent' as const, reason: 'no traffic endpoint' };
    expect(engineTrafficStatus({ ...far, read: 0, agent: plain }).reason).toMatch(
      /not on Portolan’s host/,
    );
  });
});
