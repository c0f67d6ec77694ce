import { err, ok, type Result } from '@/lib/result';

/**
 * IP addresses and CIDR prefixes as numbers, for both families: parse, contain, overlap.
 * Pure and strict: `010.1.1.1`, zone ids (`fe80::1%eth0`) and stray spaces are refused, because
 * the engine and the browser must read an address the same way.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  value: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** The first address of the prefix (host bits cleared). */
  network: bigint;
  prefix: number;
}

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function parseIpv4Value(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6Value(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let head = text;
  let tail: bigint[] = [];
  // NOTE: a trailing dotted quad (`::ffff:10.0.0.1`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIpv4Value(text.slice(lastColon + 1));
    if (v4 === null || lastColon < 0) return null;
    tail = [v4 >> 16n, v4 & 0xffffn];
    head = text.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string): bigint[] | null => {
    if (half === '') return [];
    const out: bigint[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      out.push(BigInt(`0x${group}`));
    }
    return out;
  };
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!left || !right) return null;
  const given = left.length + right.length + tail.length;
  let all: bigint[];
  if (halves.length === 2) {
    if (given > 7) return null;
    all = [...left, ...Array<bigint>(8 - given).fill(0n), ...right, ...tail];
  } else {
    if (given !== 8) return null;
    all = [...left, ...tail];
  }
  return all.reduce((value, group) => (value << 16n) | group, 0n);
}

/** Parses a plain IPv4 or IPv6 address (no prefix); null when it is not one. */
export function parseIp(text: string): IpAddress | null {
  if (text.includes(':')) {
    const value = parseIpv6Value(text);
    return value === null ? null : { family: 6, value };
  }
  const value = parseIpv4Value(text);
  return value === null ? null : { family: 4, value };
}

/** The canonical text of an address: dotted quad, or RFC 5952 IPv6 (lowercase, longest `::`). */
export function formatIp({ family, value }: IpAddress): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (part: number[]) => part.map((group) => group.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

function mask(family: IpFamily, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return (all >> BigInt(prefix)) ^ all;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;
}

/**
 * Parses `address/prefix`. Strict by default: host bits must be zero, and the message says what
 * was probably meant (`10.1.2.3/24` → `10.1.2.0/24`). `lenient` accepts host bits (for subnets
 * an engine already holds, which it stores as given).
 */
export function parseCidr(text: string, options: { lenient?: boolean } = {}): Result<Cidr, string> {
  const slash = text.indexOf('/');
  if (slash < 0) return err('Write a prefix as address/length, e.g. 10.10.0.0/24.');
  const address = parseIp(text.slice(0, slash));
  if (!address) return err(`${text.slice(0, slash) || 'The address'} is not an IP address.`);
  const lengthText = text.slice(slash + 1);
  const max = BITS[address.family];
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText) || Number(lengthText) > max) {
    return err(`The prefix length must be 0–${max} for IPv${address.family}.`);
  }
  const prefix = Number(lengthText);
  const network = address.value & mask(address.family, prefix);
  const cidr: Cidr = { family: address.family, network, prefix };
  if (network !== address.value && !options.lenient) {
    return err(`${text} has host bits set: did you mean ${formatCidr(cidr)}?`);
  }
  return ok(cidr);
}

/** The last address of the prefix (the broadcast address for IPv4). */
export function lastAddress(cidr: Cidr): bigint {
  return cidr.network | (((1n << BigInt(BITS[cidr.family])) - 1n) >> BigInt(cidr.prefix));
}

export function cidrContainsIp(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && ip.value >= cidr.network && ip.value <= lastAddress(cidr);
}

/** True when every address of `inner` is in `outer`. */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    inner.prefix >= outer.prefix &&
    inner.network >= outer.network &&
    lastAddress(inner) <= lastAddress(outer)
  );
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** Number of addresses in the prefix. */
export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(BITS[cidr.family] - cidr.prefix);
}
