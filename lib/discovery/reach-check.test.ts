import { describe, expect, it } from 'vitest';

import type { Reach } from './reach';
import { compareReach, ncOutcome, reachProbes, wgetOutcome, type ProbeResult } from './reach-check';

const base: Reach = {
  from: { kind: 'container', id: 'a', name: 'client' },
  to: { kind: 'container', id: 'b', name: 'web' },
  port: 80,
  verdict: 'direct',
  use: { address: '10.0.0.2', name: 'web', port: 80, network: 'appnet' },
  shared: [
    {
      network: {
        id: 'n',
        name: 'appnet',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        encrypted: false,
      },
      addresses: ['10.0.0.2'],
      vip: null,
      taskAddresses: [],
      name: 'web',
      otherNames: [],
      notes: [],
    },
  ],
  published: [
    {
      mode: 'ingress',
      entries: ['10.213.0.11:8080', '10.213.0.12:8080'],
      target: 80,
      protocol: 'tcp',
      explanation: '',
    },
  ],
  internal: [],
  advice: [],
  serviceNote: null,
  summary: '',
};

const result = (outcome: ProbeResult['outcome'], address = '10.0.0.2'): ProbeResult => ({
  address,
  port: 80,
  via: 'appnet',
  outcome,
  tool: outcome === 'no-tool' ? null : 'nc',
  output: '',
});

describe('reach check', () => {
  it('tries each shared network, then the published entries, once each', () => {
    expect(reachProbes(base).map((probe) => `${probe.address}:${probe.port} ${probe.via}`)).toEqual(
      [
        '10.0.0.2:80 appnet',
        '10.213.0.11:8080 published (ingress)',
        '10.213.0.12:8080 published (ingress)',
      ],
    );
    expect(reachProbes({ ...base, port: null })).toEqual([]);
    const fallback = [{ address: '10.9.0.2', port: 80, via: 'back (not shared)' }];
    expect(reachProbes({ ...base, shared: [], published: [] }, fallback)).toEqual(fallback);
  });

  it.each([
    [0, '', false, 'open'],
    [1, "nc: can't connect to remote host (10.0.0.2): Connection refused", false, 'refused'],
    [1, 'nc: timed out', false, 'timeout'],
    [null, '', true, 'timeout'],
    [1, 'nc: bad address', false, 'error'],
  ] as const)('nc %j %j → %s', (code, output, timedOut, expected) => {
    expect(ncOutcome(code, output, timedOut)).toBe(expected);
  });

  it.each([
    [0, '', 'open'],
    [1, 'wget: server returned error: HTTP/1.1 404 Not Found', 'open'],
    [1, "wget: can't connect to remote host (10.0.0.2): Connection refused", 'refused'],
    [1, 'wget: download timed out', 'timeout'],
  ] as const)('wget %j %j → %s', (code, output, expected) => {
    expect(wgetOutcome(code, output, false)).toBe(expected);
  });

  it('agrees, disagrees and says why', () => {
    expect(compareReach(base, [result('open')]).agrees).toBe(true);
    const refused = compareReach(base, [result('refused')]);
    expect(refused.agrees).toBe(false);
    expect(refused.explanation).toContain('nothing listens on port 80');
    expect(compareReach(base, [result('timeout')]).explanation).toContain('timed out');
    expect(compareReach({ ...base, verdict: 'unreachable' }, [result('timeout')]).agrees).toBe(
      true,
    );
    expect(compareReach({ ...base, verdict: 'unreachable' }, [result('open')]).agrees).toBe(false);
    expect(compareReach(base, [result('no-tool')]).agrees).toBeNull();
    expect(compareReach(base, []).agrees).toBeNull();
  });
});
