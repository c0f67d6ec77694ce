import { describe, expect, it } from 'vitest';

import { addressesToAsk, planAgents, unreadNodeReason, type AgentEngine } from './discovery';

const engine = (name: string, host: string, lastSeen = 0): AgentEngine => ({
  name,
  host,
  port: 9323,
  lastSeen,
});
const answer = (hostname: string, address: string) => ({ hostname, address, port: 9323 });
const ready = (...hostnames: string[]) =>
  hostnames.map((hostname) => ({ hostname, state: 'ready' }));

describe('planAgents', () => {
  it('adds an agent for a node not read yet, skipping the nodes read directly', () => {
    const plan = planAgents(
      [engine('node-2', '10.0.1.6')],
      [answer('node-1', '10.0.1.5'), answer('node-2', '10.0.1.6'), answer('node-5', '10.0.1.9')],
      { direct: ['node-1'], nodes: ready('node-1', 'node-2', 'node-5'), now: 1_000 },
    );
    expect(plan.add).toEqual([engine('node-5', '10.0.1.9', 1_000)]);
    expect(plan.move).toEqual([]);
    expect(plan.drop).toEqual([]);
    expect(plan.engines.map((e) => e.name)).toEqual(['node-2', 'node-5']);
    expect(plan.engines[0]?.lastSeen).toBe(1_000);
  });

  it('moves an engine to its restarted agent, keeping its name', () => {
    const plan = planAgents([engine('node-2', '10.0.1.6')], [answer('node-2', '10.0.1.12')], {
      direct: [],
      nodes: ready('node-2'),
      now: 5,
    });
    expect(plan.add).toEqual([]);
    expect(plan.move).toEqual([engine('node-2', '10.0.1.12', 5)]);
  });

  it('keeps the address it has when a node answers from two (old task still stopping)', () => {
    const plan = planAgents(
      [engine('node-2', '10.0.1.9')],
      [answer('node-2', '10.0.1.6'), answer('node-2', '10.0.1.9')],
      { direct: [], nodes: ready('node-2'), now: 5 },
    );
    expect(plan.move).toEqual([]);
    expect(plan.engines).toEqual([engine('node-2', '10.0.1.9', 5)]);
    // a new engine takes the lowest address
    const fresh = planAgents([], [answer('node-3', '10.0.1.9'), answer('node-3', '10.0.1.6')], {
      direct: [],
      nodes: ready('node-3'),
      now: 5,
    });
    expect(fresh.add).toEqual([engine('node-3', '10.0.1.6', 5)]);
  });

  it('keeps an engine whose agent is silent for a while, marked stale by its own link', () => {
    const plan = planAgents([engine('node-2', '10.0.1.6', 0)], [], {
      direct: [],
      nodes: ready('node-2'),
      now: 59_000,
      graceMs: 60_000,
    });
    expect(plan.drop).toEqual([]);
    expect(plan.engines).toEqual([engine('node-2', '10.0.1.6', 0)]);
  });

  it('drops it after the grace, or at once when its node left or is down', () => {
    const silent = [engine('node-2', '10.0.1.6', 0), engine('node-3', '10.0.1.7', 0)];
    expect(
      planAgents(silent, [], {
        direct: [],
        nodes: ready('node-2', 'node-3'),
        now: 60_001,
        graceMs: 60_000,
      }).drop,
    ).toEqual(['node-2', 'node-3']);
    const left = planAgents(silent, [], {
      direct: [],
      nodes: [{ hostname: 'node-2', state: 'down' }],
      now: 1,
    });
    expect(left.drop).toEqual(['node-2', 'node-3']);
    expect(left.engines).toEqual([]);
  });

  it('without a manager to ask, only the grace drops an engine', () => {
    const plan = planAgents([engine('node-2', '10.0.1.6', 0)], [], {
      direct: [],
      nodes: null,
      now: 10,
    });
    expect(plan.drop).toEqual([]);
  });
});

describe('addressesToAsk', () => {
  it('asks new addresses and those of engines that are not live', () => {
    const current = [engine('node-2', '10.0.1.6'), engine('node-3', '10.0.1.7')];
    expect(
      addressesToAsk(
        ['10.0.1.6', '10.0.1.7', '10.0.1.8', '10.0.1.8'],
        current,
        (name) => name === 'node-2',
      ),
    ).toEqual(['10.0.1.7', '10.0.1.8']);
  });
});

describe('unreadNodeReason', () => {
  it('names where agents were looked for', () => {
    expect(unreadNodeReason([{ name: 'tasks.agent', port: 9323 }])).toMatch(
      /^No agent answers for this node at tasks\.agent:9323: its swarm tasks show from the manager/,
    );
    expect(unreadNodeReason([])).toMatch(/PORTOLAN_AGENTS is not set/);
  });
});
