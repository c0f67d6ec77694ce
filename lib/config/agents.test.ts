import { describe, expect, it } from 'vitest';

import { agentEngines, parseAgentSources } from './agents';

describe('parseAgentSources', () => {
  it('reads name:port lists, with the agent port by default', () => {
    expect(parseAgentSources('tasks.agent:9323')).toEqual({
      ok: true,
      value: [{ name: 'tasks.agent', port: 9323 }],
    });
    expect(parseAgentSources(' tasks.portolan_agent , agents.example:7000 ')).toEqual({
      ok: true,
      value: [
        { name: 'tasks.portolan_agent', port: 9323 },
        { name: 'agents.example', port: 7000 },
      ],
    });
  });

  it.each(['', ' , ', 'tasks.agent:0', 'tasks.agent:x', 'http://tasks.agent', 'a b:1'])(
    'refuses %j',
    (value) => {
      expect(parseAgentSources(value).ok).toBe(false);
    },
  );
});

describe('agentEngines', () => {
  it('names each agent by its node, skips nodes read directly and repeats', () => {
    const answers = [
      { address: '10.0.1.7', port: 9323, hostname: 'node-3' },
      { address: '10.0.1.5', port: 9323, hostname: 'node-1' },
      { address: '10.0.1.6', port: 9323, hostname: 'node-2' },
      { address: '10.0.1.9', port: 9323, hostname: 'node-2' },
    ];
    expect(agentEngines(answers, ['node-1'])).toEqual([
      { name: 'node-2', host: '10.0.1.6', port: 9323 },
      { name: 'node-3', host: '10.0.1.7', port: 9323 },
    ]);
  });
});
