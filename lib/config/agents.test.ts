import { describe, expect, it } from 'vitest';

import { parseAgentSources } from './agents';

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
