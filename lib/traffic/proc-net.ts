/**
 * Readers for a network namespace's tables under `/proc/<pid>/net/`: the socket tables
 * (`tcp`, `tcp6`, `udp`, `udp6`), the interface counters (`dev`) and the IPv4 routes (`route`).
 * Pure text in, plain values out; lines that do not parse are skipped, never guessed at.
 */

export type TrafficProtocol = 'tcp' | 'udp';

/** The kernel's socket states (include/net/tcp_states.h), by their hex code in the tables. */
const STATES: Record<string, SocketState> = {
  '01': 'established',
  '02': 'syn-sent',
  '03': 'syn-recv',
  '04': 'fin-wait1',
  '05': 'fin-wait2',
  '06': 'time-wait',
  '07': 'close',
  '08': 'close-wait',
  '09': 'last-ack',
  '0A': 'listen',
  '0B': 'closing',
};

export type SocketState =
  | 'established'
  | 'syn-sent'
  | 'syn-recv'
  | 'fin-wait1'
  | 'fin-wait2'
  | 'time-wait'
  | 'close'
  | 'close-wait'
  | 'last-ack'
  | 'listen'
  | 'closing';

export interface SocketAddress {
  /** Dotted quad or IPv6 text; an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is given as IPv4. */
  ip: string;
  port: number;
}

export interface SocketEntry {
  protocol: TrafficProtocol;
  local: SocketAddress;
  remote: SocketAddress;
  state: SocketState;
}

/** `0100007F` (little-endian IPv4) → `127.0.0.1`. */
function ipv4FromHex(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const octets: number[] = [];
  for (let i = 6; i >= 0; i -= 2) octets.push(parseInt(hex.slice(i, i + 2), 16));
  return octets.join('.');
}

/** 32 hex digits, four little-endian 32-bit words → IPv6 text (or IPv4 for a mapped address). */
function ipv6FromHex(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255 && bytes[11] === 255;
  if (mapped) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return compressIpv6(groups);
}

/** RFC 5952 text: the longest run (≥ 2) of zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  if (bestLength < 2) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

function addressFromHex(text: string, family: 4 | 6): SocketAddress | null {
  const [hexIp, hexPort] = text.split(':');
  if (hexIp === undefined || hexPort === undefined || !/^[0-9A-Fa-f]{4}$/.test(hexPort))
    return null;
  const ip = family === 4 ? ipv4FromHex(hexIp) : ipv6FromHex(hexIp);
  return ip === null ? null : { ip, port: parseInt(hexPort, 16) };
}

/**
 * One of `/proc/net/{tcp,tcp6,udp,udp6}`: every socket with its local and remote address and state.
 * For UDP, `established` means a connected socket and `close` an unconnected (bound) one.
 */
export function parseSocketTable(
  text: string,
  protocol: TrafficProtocol,
  family: 4 | 6,
): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = parseSocketLine(line, protocol, family);
    if (entry) entries.push(entry);
  }
  return entries;
}

/** One line of a socket table; null for the header or a line that is not a socket. */
function parseSocketLine(
  line: string,
  protocol: TrafficProtocol,
  family: 4 | 6,
): SocketEntry | null {
  const fields = line.trim().split(/\s+/);
  // NOTE: the header's first field is `sl`; data lines start with `<n>:`.
  if (fields.length < 4 || !/^\d+:$/.test(fields[0] ?? '')) return null;
  const local = addressFromHex(fields[1] ?? '', family);
  const remote = addressFromHex(fields[2] ?? '', family);
  const state = STATES[(fields[3] ?? '').toUpperCase()];
  return local && remote && state ? { protocol, local, remote, state } : null;
}

/**
 * A socket-table parser that remembers the last read's lines: a line whose addresses and state
 * are unchanged (most of a busy table, TIME_WAIT sockets above all) gives the same entry object
 * again without being parsed, so callers may memoise per entry. The key is the fixed-width text
 * of the local address, remote address and state that follows `<n>: `.
 */
export function createSocketTableParser(protocol: TrafficProtocol, family: 4 | 6) {
  const width = family === 4 ? 30 : 78;
  let known = new Map<string, SocketEntry | null>();
  return (text: string): SocketEntry[] => {
    const next = new Map<string, SocketEntry | null>();
    const entries: SocketEntry[] = [];
    // NOTE: thousands of lines a second on a busy host: no split, one slice per line.
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const colon = text.indexOf(': ', start);
      if (colon >= 0 && colon < end) {
        const key = text.slice(colon + 2, Math.min(colon + 2 + width, end));
        let entry = known.get(key);
        if (entry === undefined) {
          entry = parseSocketLine(text.slice(start, end), protocol, family);
        }
        next.set(key, entry);
        if (entry) entries.push(entry);
      }
      start = end + 1;
    }
    known = next;
    return entries;
  };
}

export interface InterfaceCounters {
  name: string;
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

/** `/proc/net/dev`: the byte and packet counters of each interface in the namespace. */
export function parseNetDev(text: string): InterfaceCounters[] {
  const interfaces: InterfaceCounters[] = [];
  // NOTE: read every sample for every namespace: split by hand, no regular expression per line.
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', start);
    // NOTE: the two header lines hold no colon.
    if (colon >= 0 && colon < end) {
      const name = text.slice(start, colon).trim();
      const values: number[] = [];
      let at = colon + 1;
      while (at < end && values.length < 10) {
        while (at < end && text.charCodeAt(at) === 32) at += 1;
        let next = at;
        while (next < end && text.charCodeAt(next) !== 32) next += 1;
        if (next > at) values.push(Number(text.slice(at, next)));
        at = next;
      }
      if (name && values.length === 10 && values.every((value) => Number.isFinite(value))) {
        interfaces.push({
          name,
          rxBytes: values[0] ?? 0,
          rxPackets: values[1] ?? 0,
          txBytes: values[8] ?? 0,
          txPackets: values[9] ?? 0,
        });
      }
    }
    start = end + 1;
  }
  return interfaces;
}

export interface RouteEntry {
  interface: string;
  /** The destination network, e.g. `172.19.0.0`, with its prefix length. */
  destination: string;
  prefix: number;
}

/** `/proc/net/route`: IPv4 routes, used to tell which interface holds which network. */
export function parseRoutes(text: string): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const destination = ipv4FromHex(fields[1] ?? '');
    const mask = ipv4FromHex(fields[7] ?? '');
    if (!destination || !mask || !fields[0]) continue;
    const prefix = mask
      .split('.')
      .map((octet) => Number(octet).toString(2).replace(/0/g, '').length)
      .reduce((sum, bits) => sum + bits, 0);
    routes.push({ interface: fields[0], destination, prefix });
  }
  return routes;
}

/**
 * `/proc/net/sockstat` and `sockstat6`: per protocol line (`TCP: inuse 3 orphan 0 tw 5 …`), its
 * counters. Within a network namespace these count that namespace's sockets (`tw` counts its
 * TIME_WAIT sockets of both families), so they tell, for almost nothing, which tables hold any.
 */
export function parseSockstat(text: string): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s+(.*)$/.exec(line.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    const fields = match[2].split(/\s+/);
    const values: Record<string, number> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = Number(fields[i + 1]);
      if (Number.isFinite(value)) values[fields[i] as string] = value;
    }
    counts[match[1]] = values;
  }
  return counts;
}

/** How many sockets each socket table of a namespace holds, from its sockstat counters. */
export interface TablesInUse {
  /** IPv4 TCP and UDP sockets in use (TIME_WAIT aside: see `timeWait`). */
  tcpSockets: number;
  udpSockets: number;
  /** IPv6 TCP and UDP sockets in use. */
  tcp6Sockets: number;
  udp6Sockets: number;
  /** TIME_WAIT sockets of both families (IPv6 ones are in tcp6 even when no socket is in use). */
  timeWait: number;
}

/** One counter of a sockstat line (`TCP: inuse 3 orphan 0 tw 5 …` → line TCP, key tw → 5), or 0. */
function sockstatValue(text: string, line: string, key: string): number {
  // NOTE: read for every namespace at every sample: plain index searches, no regular expression.
  const at = `\n${text}`.indexOf(`\n${line}: `);
  if (at < 0) return 0;
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  const found = text.indexOf(` ${key} `, at);
  if (found < 0 || found > end) return 0;
  const from = found + key.length + 2;
  let to = from;
  while (to < end && text.charCodeAt(to) >= 48 && text.charCodeAt(to) <= 57) to += 1;
  return to > from ? Number(text.slice(from, to)) : 0;
}

export function tablesInUse(sockstat: string, sockstat6: string): TablesInUse {
  return {
    tcpSockets: sockstatValue(sockstat, 'TCP', 'inuse'),
    udpSockets: sockstatValue(sockstat, 'UDP', 'inuse'),
    tcp6Sockets: sockstatValue(sockstat6, 'TCP6', 'inuse'),
    udp6Sockets: sockstatValue(sockstat6, 'UDP6', 'inuse'),
    timeWait: sockstatValue(sockstat, 'TCP', 'tw'),
  };
}

/**
 * The namespace's own socket counts from its sockstat files, as one comparable string. `alloc`
 * and `mem` are left out: the kernel counts them for the whole host.
 */
export function namespaceSocketCounts(sockstat: string, sockstat6: string): string {
  return [
    sockstatValue(sockstat, 'sockets', 'used'),
    sockstatValue(sockstat, 'TCP', 'inuse'),
    sockstatValue(sockstat, 'TCP', 'orphan'),
    sockstatValue(sockstat, 'TCP', 'tw'),
    sockstatValue(sockstat, 'UDP', 'inuse'),
    sockstatValue(sockstat6, 'TCP6', 'inuse'),
    sockstatValue(sockstat6, 'UDP6', 'inuse'),
  ].join(' ');
}
