import { describe, expect, it } from 'vitest';

import {
  agentTrafficInterval,
  createSocketDecoder,
  decodeSocket,
  encodeSocket,
  parseAgentReading,
} from './agent-wire';
import type { SocketEntry } from './proc-net';

const socket: SocketEntry = {
  protocol: 'tcp',
  local: { ip: '172.18.0.3', port: 41234 },
  remote: { ip: '172.18.0.2', port: 80 },
  state: 'time-wait',
};
const id = 'a'.repeat(64);

describe('the agent traffic wire', () => {
  it('encodes a socket in six words and decodes it back (IPv6 too)', () => {
    expect(encodeSocket(socket)).toBe('tcp 172.18.0.3 41234 172.18.0.2 80 time-wait');
    expect(decodeSocket(encodeSocket(socket))).toEqual(socket);
    const six: SocketEntry = { ...socket, protocol: 'udp', local: { ip: 'fd00::3', port: 53 } };
    expect(decodeSocket(encodeSocket(six))).toEqual(six);
  });

  it('refuses lines that are not sockets', () => {
    for (const line of [
      '',
      'sctp 1.2.3.4 1 5.6.7.8 2 established',
      'tcp 1.2.3.4 70000 5.6.7.8 2 established',
      'tcp 1.2.3.4 1 5.6.7.8 2 dancing',
      'tcp 1.2.3.4 1 5.6.7.8 2 established extra',
      'tcp 1.2.3.4 x 5.6.7.8 2 established',
    ]) {
      expect(decodeSocket(line)).toBeNull();
    }
  });

  it('gives back the same entry for a line seen in the previous sample, so a memo holds', () => {
    const decode = createSocketDecoder();
    const line = encodeSocket(socket);
    const [first] = decode([line, 'garbage']);
    const [again] = decode([line]);
    expect(again).toBe(first);
    decode([]);
    expect(decode([line])[0]).not.toBe(first);
  });

  it('checks each reading with the shared schema, naming the field', () => {
    const good = {
      at: 1,
      node: 'node-2',
      containers: [{ id, sockets: [], interfaces: [], routes: [] }],
    };
    expect(parseAgentReading(JSON.stringify(good))).toEqual({ ok: true, value: good });
    expect(parseAgentReading('{')).toEqual({ ok: false, error: 'not JSON' });
    const bad = {
      ...good,
      containers: [{ id: '../etc', sockets: [], interfaces: [], routes: [] }],
    };
    const refused = parseAgentReading(JSON.stringify(bad));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/^containers\.0\.id:/);
  });

  it('reads the interval asked, within bounds', () => {
    expect(agentTrafficInterval('/portolan/traffic')).toEqual({ ok: true, value: 1000 });
    expect(agentTrafficInterval('/portolan/traffic?interval=500')).toEqual({
      ok: true,
      value: 500,
    });
    for (const asked of ['10', '600000', 'x', '1.5']) {
      expect(agentTrafficInterval(`/portolan/traffic?interval=${asked}`).ok).toBe(false);
    }
  });
});
