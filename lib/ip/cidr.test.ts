import { describe, expect, it } from 'vitest';

import {
  cidrContainsCidr,
  cidrContainsIp,
  cidrSize,
  cidrsOverlap,
  formatCidr,
  formatIp,
  lastAddress,
  parseCidr,
  parseIp,
  type Cidr,
} from './cidr';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text, { lenient: true });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function ip(text: string) {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`${text} is not an address`);
  return parsed;
}

describe('parseIp and formatIp', () => {
  it.each([
    ['10.0.0.1', 4, '10.0.0.1'],
    ['0.0.0.0', 4, '0.0.0.0'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['::', 6, '::'],
    ['::1', 6, '::1'],
    ['fd00:0:0:0:0:0:0:1', 6, 'fd00::1'],
    ['FD00:ABCD::', 6, 'fd00:abcd::'],
    ['2001:db8:0:0:1:0:0:1', 6, '2001:db8::1:0:0:1'],
    ['1:2:3:4:5:6:7:8', 6, '1:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:7::', 6, '1:2:3:4:5:6:7:0'],
    ['::ffff:10.0.0.1', 6, '::ffff:a00:1'],
    ['1:2:3:4:5:6:10.0.0.1', 6, '1:2:3:4:5:6:a00:1'],
  ])('%s is IPv%s, written %s', (text, family, canonical) => {
    const parsed = ip(text);
    expect(parsed.family).toBe(family);
    expect(formatIp(parsed)).toBe(canonical);
  });

  it.each([
    '',
    '10.0.0',
    '10.0.0.0.1',
    '256.0.0.1',
    '010.0.0.1',
    '10.0.0.-1',
    ' 10.0.0.1',
    '10.0.0.1/24',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    ':1:2:3:4:5:6:7',
    '12345::',
    'fe80::1%eth0',
    '::ffff:10.0.0',
    'g::1',
    '10.0.0.1:80',
  ])('refuses %j', (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe('parseCidr', () => {
  it('reads a prefix', () => {
    expect(parseCidr('10.20.0.0/16')).toEqual({
      ok: true,
      value: { family: 4, network: 0x0a140000n, prefix: 16 },
    });
    expect(formatCidr(cidr('fd00:20::/64'))).toBe('fd00:20::/64');
  });

  it.each([
    ['10.0.0.0', 'address/length'],
    ['10.0.0.0/', 'prefix length must be 0–32'],
    ['10.0.0.0/33', 'prefix length must be 0–32'],
    ['10.0.0.0/024', 'prefix length'],
    ['fd00::/129', 'prefix length must be 0–128'],
    ['10.0.0.300/24', '10.0.0.300 is not an IP address'],
    ['/24', 'The address is not an IP address'],
    ['10.1.2.3/24', 'did you mean 10.1.2.0/24?'],
    ['fd00::1/64', 'did you mean fd00::/64?'],
  ])('refuses %j, saying %j', (text, reason) => {
    const parsed = parseCidr(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(reason);
  });

  it('accepts host bits when lenient, clearing them', () => {
    expect(formatCidr(cidr('10.215.21.3/24'))).toBe('10.215.21.0/24');
  });
});

describe('containment and overlap', () => {
  it('knows the first and last address and the size', () => {
    expect(formatIp({ family: 4, value: lastAddress(cidr('10.0.0.0/24')) })).toBe('10.0.0.255');
    expect(formatIp({ family: 6, value: lastAddress(cidr('fd00::/120')) })).toBe('fd00::ff');
    expect(cidrSize(cidr('10.0.0.0/30'))).toBe(4n);
    expect(cidrSize(cidr('0.0.0.0/0'))).toBe(2n ** 32n);
  });

  it.each([
    ['10.0.0.0/24', '10.0.0.0', true],
    ['10.0.0.0/24', '10.0.0.255', true],
    ['10.0.0.0/24', '10.0.1.0', false],
    ['10.0.0.0/24', '9.255.255.255', false],
    ['fd00::/64', 'fd00::ffff', true],
    ['fd00::/64', 'fd00:0:0:1::', false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false],
  ])('%s contains %s: %s', (prefix, address, expected) => {
    expect(cidrContainsIp(cidr(prefix), ip(address))).toBe(expected);
  });

  it.each([
    ['10.0.0.0/16', '10.0.5.0/24', true],
    ['10.0.0.0/16', '10.0.0.0/16', true],
    ['10.0.5.0/24', '10.0.0.0/16', false],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['fd00::/48', 'fd00:0:0:1::/64', true],
    ['fd00::/48', 'fd00:0:1::/64', false],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(cidrContainsCidr(cidr(outer), cidr(inner))).toBe(expected);
  });

  it.each([
    ['10.0.0.0/16', '10.0.200.0/24', true],
    ['10.0.200.0/24', '10.0.0.0/16', true],
    ['10.0.0.0/24', '10.0.1.0/24', false],
    ['10.0.0.0/25', '10.0.0.128/25', false],
    ['10.0.0.0/23', '10.0.1.128/25', true],
    ['0.0.0.0/0', '192.168.1.0/24', true],
    ['fd00::/64', 'fd00::/64', true],
    ['10.0.0.0/8', 'a00::/8', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(expected);
  });
});
