import { describe, expect, it } from 'vitest';

import { labInventory } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';

import { explainEngineError, toEngineHealth, toHealthReport, unreadNodes } from './health';
import { connectingLink, type EngineLink } from './link';

const live: EngineLink = { state: 'live', error: null, retry: null };
const down: EngineLink = { state: 'down', error: 'gone', retry: { attempt: 3, nextInMs: 1000 } };

describe('toEngineHealth', () => {
  it('tells a live manager’s version, host and swarm, with its nodes', () => {
    expect(toEngineHealth('node-1', 'unix:///a.sock', live, labInventory('node-1'))).toEqual({
      name: 'node-1',
      address: 'unix:///a.sock',
      reachable: true,
      version: '20.10.24+dfsg1',
      apiVersion: '1.41',
      hostname: 'node-1',
      swarm: {
        state: 'active',
        nodeId: 'qzybp8o5o1uef3wvwbwouviux',
        nodeAddr: '10.213.0.11',
        isManager: true,
        nodes: 3,
        nodesReady: 3,
        managers: 1,
      },
      error: null,
      retry: null,
    });
  });

  it('knows nothing of the swarm’s nodes on a worker', () => {
    const health = toEngineHealth('node-2', 'unix:///b.sock', live, labInventory('node-2'));
    expect(health.swarm).toMatchObject({ isManager: false, nodes: null, nodesReady: null });
  });

  it('keeps what it knew of a down engine, with the reason and the next retry', () => {
    const health = toEngineHealth('node-3', 'unix:///c.sock', down, labInventory('node-3'));
    expect(health).toMatchObject({
      reachable: false,
      hostname: 'node-3',
      error: 'gone',
      retry: { attempt: 3, nextInMs: 1000 },
    });
  });

  it('says “Connecting…” for an engine never reached', () => {
    expect(toEngineHealth('new', 'tcp://10.0.0.9:2375', connectingLink(), undefined)).toEqual({
      name: 'new',
      address: 'tcp://10.0.0.9:2375',
      reachable: false,
      version: null,
      apiVersion: null,
      hostname: null,
      swarm: null,
      error: 'Connecting…',
      retry: null,
    });
  });
});

describe('toHealthReport', () => {
  it('is ok only when there are engines and every one is reachable', () => {
    const one = toEngineHealth('node-1', 'a', live, labInventory('node-1'));
    const two = toEngineHealth('node-2', 'b', down, labInventory('node-2'));
    expect(toHealthReport([one]).ok).toBe(true);
    expect(toHealthReport([one, two]).ok).toBe(false);
    expect(toHealthReport([]).ok).toBe(false);
  });
});

describe('explainEngineError', () => {
  it('says what to do for the usual connection failures', () => {
    expect(explainEngineError('ENOENT', '', '/x.sock')).toMatch(/^No Docker socket at \/x\.sock/);
    expect(explainEngineError('EACCES', '', '/x.sock')).toMatch(/docker group/);
    expect(explainEngineError('ECONNREFUSED', '', 'h:1')).toMatch(/Is dockerd running/);
    expect(explainEngineError('ETIMEDOUT', '', 'h:1')).toMatch(/No answer from h:1/);
    const ssh = 'ssh://root@h:22';
    expect(
      explainEngineError(undefined, 'All configured authentication methods failed', ssh),
    ).toMatch(/^SSH refused the login at ssh:\/\/root@h:22: .*PORTOLAN_SSH_KEY/);
    expect(explainEngineError(undefined, 'Cannot parse privateKey: x', ssh)).toMatch(/SSH agent/);
    expect(explainEngineError('ECONNREFUSED', 'connect ECONNREFUSED', ssh)).toMatch(/refused/);
    expect(explainEngineError(undefined, 'boom', 'h:1')).toBe(
      'Cannot reach the engine at h:1: boom',
    );
  });
});

describe('unreadNodes', () => {
  it('lists the swarm nodes no engine of which is read, with why', () => {
    // NOTE: copies, so the memo entries of the shared fixture payloads are not touched.
    const managerOnly = buildTopology(
      structuredClone([labInventory('node-1')]),
      {},
      1,
      'No agent.',
    );
    expect(unreadNodes(managerOnly)).toEqual([
      { hostname: 'node-2', reason: 'No agent.' },
      { hostname: 'node-3', reason: 'No agent.' },
    ]);
    expect(unreadNodes(null)).toEqual([]);
  });
});
