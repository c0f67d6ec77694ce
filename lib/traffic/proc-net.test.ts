import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { createSocketTableParser, parseNetDev, parseRoutes, parseSocketTable } from './proc-net';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('parseSocketTable', () => {
  it('reads IPv4 sockets with ports in hex and their states (recorded client)', () => {
    const sockets = parseSocketTable(fixture('http-client/tcp'), 'tcp', 4);
    expect(sockets).toHaveLength(15);
    expect(sockets[0]).toEqual({
      protocol: 'tcp',
      local: { ip: '127.0.0.11', port: 0x81e1 },
      remote: { ip: '0.0.0.0', port: 0 },
      state: 'listen',
    });
    expect(sockets[1]).toEqual({
      protocol: 'tcp',
      local: { ip: '172.19.0.5', port: 0xbc56 },
      remote: { ip: '172.19.0.4', port: 80 },
      state: 'time-wait',
    });
    expect(sockets.slice(1).every((s) => s.state === 'time-wait' && s.remote.port === 80)).toBe(
      true,
    );
  });

  it('reads IPv6 sockets and gives IPv4-mapped addresses as IPv4 (recorded server)', () => {
    const sockets = parseSocketTable(fixture('http-server/tcp6'), 'tcp', 6);
    expect(sockets).toHaveLength(29);
    expect(sockets[0]).toEqual({
      protocol: 'tcp',
      local: { ip: '::', port: 80 },
      remote: { ip: '::', port: 0 },
      state: 'listen',
    });
    expect(sockets[1]).toEqual({
      protocol: 'tcp',
      local: { ip: '172.19.0.4', port: 80 },
      remote: { ip: '172.19.0.5', port: 0xc362 },
      state: 'time-wait',
    });
  });

  it('reads true IPv6 addresses, compressed as RFC 5952 says', () => {
    const line =
      '   0: 000080FE00000000FFAC4202050013FE:0050 B80D0120000000000000000001000000:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0';
    const [socket] = parseSocketTable(`header\n${line}\n`, 'tcp', 6);
    expect(socket?.local).toEqual({ ip: 'fe80::242:acff:fe13:5', port: 80 });
    expect(socket?.remote).toEqual({ ip: '2001:db8::1', port: 8080 });
    expect(socket?.state).toBe('established');
  });

  it('reads UDP: bound sockets are in state close, connected ones established', () => {
    const sockets = parseSocketTable(fixture('http-client/udp'), 'udp', 4);
    expect(sockets).toEqual([
      {
        protocol: 'udp',
        local: { ip: '127.0.0.11', port: 0xb81a },
        remote: { ip: '0.0.0.0', port: 0 },
        state: 'close',
      },
    ]);
    const connected =
      ' 123: 050013AC:A000 040013AC:14E9 01 00000000:00000000 00:00000000 00000000     0        0 9 2 0 0';
    expect(parseSocketTable(`h\n${connected}`, 'udp', 4)[0]).toMatchObject({
      remote: { ip: '172.19.0.4', port: 5353 },
      state: 'established',
    });
  });

  it('skips the header, empty tables and lines that do not parse', () => {
    expect(parseSocketTable(fixture('http-client/tcp6'), 'tcp', 6)).toEqual([]);
    expect(parseSocketTable('  0: ZZZZ:0050 00000000:0000 0A', 'tcp', 4)).toEqual([]);
    expect(parseSocketTable('  0: 0100007F:0050 00000000:0000 FF', 'tcp', 4)).toEqual([]);
  });
});

describe('parseNetDev', () => {
  it('reads bytes and packets per interface (recorded)', () => {
    expect(parseNetDev(fixture('http-client/dev'))).toEqual([
      { name: 'lo', rxBytes: 8640, rxPackets: 144, txBytes: 8640, txPackets: 144 },
      { name: 'eth0', rxBytes: 22316, rxPackets: 218, txBytes: 18132, txPackets: 232 },
    ]);
  });
});

describe('parseRoutes', () => {
  it('reads each interface network with its prefix (recorded overlay task)', () => {
    expect(parseRoutes(fixture('overlay-task/route'))).toEqual([
      { interface: 'eth2', destination: '0.0.0.0', prefix: 0 },
      { interface: 'eth0', destination: '10.0.0.0', prefix: 24 },
      { interface: 'eth1', destination: '10.0.1.0', prefix: 24 },
      { interface: 'eth2', destination: '172.18.0.0', prefix: 16 },
    ]);
  });
});

describe('createSocketTableParser', () => {
  it('gives the same entry objects for unchanged lines, and parses only new ones', () => {
    const parse = createSocketTableParser('tcp', 4);
    const text = fixture('http-client/tcp');
    const first = parse(text);
    expect(first).toEqual(parseSocketTable(text, 'tcp', 4));
    const lines = text.split('\n');
    // NOTE: the timer fields change between reads; the addresses and state do not.
    const again = parse(
      [...lines.slice(0, 2), lines[2]?.replace(/03:[0-9A-F]{8}/, '03:00000001')].join('\n'),
    );
    expect(again).toHaveLength(2);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
  });

  it('parses a line again once it left the table and came back (a new socket on the same ports)', () => {
    const parse = createSocketTableParser('tcp', 4);
    const lines = fixture('http-client/tcp').split('\n');
    const first = parse(lines.slice(0, 3).join('\n'));
    expect(first).toHaveLength(2);
    parse(lines.slice(0, 2).join('\n'));
    const back = parse(lines.slice(0, 3).join('\n'));
    expect(back[0]).toBe(first[0]);
    expect(back[1]).toEqual(first[1]);
    expect(back[1]).not.toBe(first[1]);
  });
});
