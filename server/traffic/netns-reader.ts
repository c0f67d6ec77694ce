import fs from 'node:fs';

import type { ConnectionMemo } from '@/lib/traffic/conversations';
import {
  createSocketTableParser,
  namespaceSocketCounts,
  parseNetDev,
  parseRoutes,
  tablesInUse,
  type InterfaceCounters,
  type TablesInUse,
  type RouteEntry,
  type SocketEntry,
} from '@/lib/traffic/proc-net';
import { EMBEDDED_DNS } from '@/lib/discovery/resolver';

/** What one read of a network namespace gives. */
export interface NamespaceTables {
  /** The namespace's identity (the inode of `/proc/<pid>/ns/net`): containers sharing it read it once. */
  namespace: number;
  sockets: SocketEntry[];
  interfaces: InterfaceCounters[];
  routes: RouteEntry[];
  /** Socket tables read this time (the others held nothing, by the namespace's sockstat). */
  tablesRead: number;
  /** What the caller made of this namespace's sockets last time (kept while the namespace is open). */
  memo: ConnectionMemo;
}

type NetFile = 'sockstat' | 'sockstat6' | 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'dev' | 'route';

type SocketFile = 'tcp' | 'tcp6' | 'udp' | 'udp6';

interface OpenNamespace {
  pid: number;
  fds: Partial<Record<NetFile, number>>;
  parsers: Record<SocketFile, (text: string) => SocketEntry[]>;
  memo: ConnectionMemo;
  /**
   * The last sockstat texts and what they said: the tables in use and the socket counts (an idle
   * namespace's texts do not change, so neither is parsed again).
   */
  sockstat: { four: string; six: string; use: TablesInUse; counts: string } | null;
  /**
   * The sockets last read, with the sockstat and interface counters they were read under: while
   * none of those change, neither can the sockets (see `read`).
   */
  quiet: { sockstat: string; dev: string; sockets: SocketEntry[] } | null;
  /**
   * IPv4 tables whose last read held nothing but Docker's embedded DNS listeners (127.0.0.11, in
   * every container on a user-defined network), with the table's socket count then.
   */
  dnsOnly: Partial<Record<'tcp' | 'udp', { sockets: number; entries: SocketEntry[] }>>;
  /** The last routes, and the interface names they were read with. */
  routes: { interfaces: string; entries: RouteEntry[]; reads: number } | null;
}

/** The smallest buffer a seq_file fills per read (a page), and a bound on one line of ours. */
const SEQ_PAGE = 4096;
const LONGEST_RECORD = 1024;

/** Routes are read again when the interfaces change, else at least this often (in reads). */
const ROUTES_EVERY = 30;

const openEntry = (pid: number): OpenNamespace => ({
  pid,
  fds: {},
  parsers: {
    tcp: createSocketTableParser('tcp', 4),
    tcp6: createSocketTableParser('tcp', 6),
    udp: createSocketTableParser('udp', 4),
    udp6: createSocketTableParser('udp', 6),
  },
  memo: {},
  sockstat: null,
  quiet: null,
  dnsOnly: {},
  routes: null,
});

/**
 * Reads network namespaces through `/proc/<pid>/net/*`, cheaply: each file is opened once per
 * namespace and re-read with `pread` from offset 0 (the kernel regenerates a seq_file from its
 * start; no open or path walk per sample), a socket table is read only when the
 * namespace's sockstat says it holds sockets, and a namespace shared by several containers is
 * read once per sample. Reads are synchronous (each is tens of microseconds); the caller yields
 * between namespaces.
 *
 * NOTE: an open file pins its namespace; `sweep` closes those not seen in a sample, `close` all.
 */
export function createNamespaceReader(procRoot = '/proc') {
  const open = new Map<number, OpenNamespace>();
  let buffer = Buffer.allocUnsafe(256 * 1024);

  function closeNamespace(namespace: number) {
    const entry = open.get(namespace);
    if (!entry) return;
    for (const fd of Object.values(entry.fds)) fs.closeSync(fd);
    open.delete(namespace);
  }

  /**
   * The whole file, read from offset 0. A seq_file answers a read with at most one buffer's worth
   * (a page: about 27 lines of `tcp`), so a bigger table takes several reads, each at the offset
   * the last ended (the kernel resumes there; any other offset would make it walk from the start).
   * A read that ends more than one record short of a page ends the file: the kernel stops a read
   * early only when the next record does not fit, so no EOF read (for a socket table that read
   * walks the kernel's hashes again from the start).
   */
  function readAll(entry: OpenNamespace, name: NetFile): string {
    let fd = entry.fds[name];
    if (fd === undefined) {
      fd = fs.openSync(`${procRoot}/${entry.pid}/net/${name}`, 'r');
      entry.fds[name] = fd;
    }
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const read = fs.readSync(fd, buffer, length, buffer.length - length, length);
      length += read;
      if (read === 0 || read < SEQ_PAGE - LONGEST_RECORD) {
        return buffer.toString('latin1', 0, length);
      }
    }
  }

  const readOr = (entry: OpenNamespace, name: NetFile, otherwise: string) => {
    try {
      return readAll(entry, name);
    } catch {
      return otherwise;
    }
  };

  /** The socket tables the namespace's sockstat says hold sockets. */
  function readSocketTables(entry: OpenNamespace, use: TablesInUse) {
    const sockets: SocketEntry[] = [];
    let tablesRead = 0;
    const table = (name: SocketFile) => {
      tablesRead += 1;
      const parsed = entry.parsers[name](readAll(entry, name));
      sockets.push(...parsed);
      return parsed;
    };
    // NOTE: TIME_WAIT sockets are counted for both families together. A server listening on
    // `::` holds its IPv4 callers in tcp6: when the IPv4 table has no socket open and tcp6
    // holds every TIME_WAIT counted, the IPv4 table is not read (each read of a tcp table
    // walks the kernel's shared listening hash). When the IPv4 table holds fewer than counted,
    // the others are IPv6 ones (a closed dual-stack socket).
    const waiting = (sockets: SocketEntry[]) =>
      sockets.filter((socket) => socket.state === 'time-wait').length;
    // NOTE: an IPv4 table that last held only the embedded DNS listeners, with as many sockets
    // now and no IPv4 TIME_WAIT, still holds just them: a change would take one of those
    // listeners closing (they live as long as the container's networks) as another socket opens.
    // Busy containers then skip the IPv4 reads that find nothing but the DNS listeners.
    const dnsOnly = (name: 'tcp' | 'udp', count: number, mustRead = false) => {
      const held = entry.dnsOnly[name];
      if (held && held.sockets === count && !mustRead) {
        sockets.push(...held.entries);
        return held.entries;
      }
      const read = table(name);
      const onlyDns = read.every((socket) => socket.local.ip === EMBEDDED_DNS);
      entry.dnsOnly[name] = onlyDns ? { sockets: count, entries: read } : undefined;
      return read;
    };
    const tcp6 = use.tcp6Sockets > 0 ? table('tcp6') : null;
    const timeWait6 = tcp6 ? waiting(tcp6) : 0;
    const ipv4TimeWait = use.timeWait > timeWait6;
    const tcp =
      use.tcpSockets > 0 || ipv4TimeWait ? dnsOnly('tcp', use.tcpSockets, ipv4TimeWait) : [];
    if (!tcp6 && use.timeWait > waiting(tcp)) table('tcp6');
    if (use.udpSockets > 0) dnsOnly('udp', use.udpSockets);
    if (use.udp6Sockets > 0) table('udp6');
    return { sockets, tablesRead };
  }

  /**
   * The namespace of `pid`, or null when the process is gone. Not root, the namespace's inode is
   * not ours to see (`ns/net` needs ptrace rights); the net files are: then `-pid` stands for it
   * (each container of its own namespace has its own process; shared ones are skipped by mode).
   */
  function namespaceOf(pid: number): number | null {
    try {
      return fs.statSync(`${procRoot}/${pid}/ns/net`).ino;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EACCES' || code === 'EPERM' ? -pid : null;
    }
  }

  return {
    namespaceOf,
    /**
     * The socket tables, interface counters and routes of `pid`'s namespace (already known as
     * `namespace`). Null when the process went away meanwhile.
     */
    read(pid: number, namespace: number): NamespaceTables | null {
      let entry = open.get(namespace);
      if (!entry) open.set(namespace, (entry = openEntry(pid)));
      try {
        // NOTE: without sockstat (an older or unusual /proc) every table is read.
        const ALL = 'TCP: inuse 1 tw 1\nUDP: inuse 1\n';
        const ALL6 = 'TCP6: inuse 1\nUDP6: inuse 1\n';
        const four = readOr(entry, 'sockstat', ALL);
        const six = readOr(entry, 'sockstat6', ALL6);
        const counted = four !== ALL && six !== ALL6;
        if (entry.sockstat?.four !== four || entry.sockstat.six !== six) {
          const counts = counted ? namespaceSocketCounts(four, six) : '';
          entry.sockstat = { four, six, use: tablesInUse(four, six), counts };
        }
        const devText = readAll(entry, 'dev');
        // NOTE: no packet moved on any interface (lo included) and the socket counts and
        // TIME_WAIT count are the same: no socket opened, closed or changed state, so the tables
        // read last time still hold. An idle container then costs three small reads, not the
        // socket tables' walk of the kernel's shared listening hash.
        const quietKey = entry.sockstat.counts;
        const quiet = counted && entry.quiet?.sockstat === quietKey && entry.quiet.dev === devText;
        const { sockets, tablesRead } = quiet
          ? { sockets: entry.quiet?.sockets ?? [], tablesRead: 0 }
          : readSocketTables(entry, entry.sockstat.use);
        entry.quiet = { sockstat: quietKey, dev: devText, sockets };
        const interfaces = parseNetDev(devText);
        // NOTE: routes change with the interfaces (a network connected or disconnected); an
        // address changed on the same interface name is caught within ROUTES_EVERY reads.
        const names = interfaces.map((counters) => counters.name).join(' ');
        let routes = entry.routes;
        if (!routes || routes.interfaces !== names || routes.reads >= ROUTES_EVERY) {
          routes = {
            interfaces: names,
            entries: parseRoutes(readOr(entry, 'route', '')),
            reads: 0,
          };
          entry.routes = routes;
        }
        routes.reads += 1;
        return {
          namespace,
          sockets,
          interfaces,
          routes: routes.entries,
          tablesRead,
          memo: entry.memo,
        };
      } catch {
        // NOTE: the process (and so its files) went away between the inventory and the read.
        closeNamespace(namespace);
        return null;
      }
    },
    /** Closes the files of every namespace not in `seen`. */
    sweep(seen: ReadonlySet<number>) {
      for (const namespace of [...open.keys()]) if (!seen.has(namespace)) closeNamespace(namespace);
    },
    close() {
      for (const namespace of [...open.keys()]) closeNamespace(namespace);
    },
    openNamespaces: () => open.size,
  };
}

export type NamespaceReader = ReturnType<typeof createNamespaceReader>;
