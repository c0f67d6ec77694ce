import type { TopologyContainer } from '@/lib/topology/types';

import type { SocketEntry, TrafficProtocol } from './proc-net';
import { type AddressIndex, isLoopback, resolveRemote, selfPeer } from './resolve';
import type { TrafficConversation, TrafficPeer } from './types';

/** The sockets read in one container's network namespace. */
export interface NamespaceSockets {
  container: TopologyContainer;
  sockets: readonly SocketEntry[];
}

/** One connection, named at both ends. */
export interface ObservedConnection {
  /** Same from either end: `<protocol> <client ip:port> <server ip:port>`. */
  key: string;
  /** The conversation it belongs to: protocol, both peers, port and network. */
  conversation: string;
  from: TrafficPeer;
  to: TrafficPeer;
  network: { id: string; name: string } | null;
  port: number;
  protocol: TrafficProtocol;
  /** Still open (not TIME_WAIT or closing). */
  open: boolean;
}

const OPEN_STATES = new Set(['established', 'syn-sent', 'syn-recv']);

/**
 * Ports this namespace serves, per protocol: TCP listeners and bound, unconnected UDP sockets,
 * on any address but loopback (127.0.0.11's DNS listeners are Docker's, not the container's).
 */
function servedPorts(sockets: readonly SocketEntry[]): Set<string> {
  const served = new Set<string>();
  for (const socket of sockets) {
    const bound =
      socket.state === 'listen' || (socket.protocol === 'udp' && socket.remote.port === 0);
    if (bound && !isLoopback(socket.local.ip))
      served.add(`${socket.protocol}/${socket.local.port}`);
  }
  return served;
}

/** Linux's default lower bound for ephemeral ports (`net.ipv4.ip_local_port_range`). */
const EPHEMERAL_MIN = 32_768;

/**
 * Whether this socket is the server's end. A port the namespace serves says so. A connected UDP
 * socket on a port nobody listens on any more (busybox `nc -u -l` connects to its first caller)
 * is the server's end when its port is a fixed one and the far end's an ephemeral one.
 */
function isServerEnd(socket: SocketEntry, served: ReadonlySet<string>): boolean {
  if (served.has(`${socket.protocol}/${socket.local.port}`)) return true;
  return (
    socket.protocol === 'udp' &&
    socket.local.port < EPHEMERAL_MIN &&
    socket.remote.port >= EPHEMERAL_MIN
  );
}

/**
 * The connections in one namespace, with direction: a socket on a port the namespace serves is
 * the server's end (the far end is the client); so is a connected UDP socket on a fixed port
 * talking to an ephemeral one; any other is a client's. Listening sockets, DNS
 * to 127.0.0.11 and loopback traffic are left out.
 *
 * With a memo (one per namespace, kept across samples), a closed connection is given once: the
 * same socket lingering in TIME_WAIT for a minute says nothing new (the tracker does not take
 * it as talking), and on a busy server those lingering sockets are nearly all of them.
 */
export function connectionsIn(
  index: AddressIndex,
  { container, sockets }: NamespaceSockets,
  memo?: ConnectionMemo,
): readonly ObservedConnection[] {
  // NOTE: a quiet namespace's reader gives back the same sockets array: only its open ones.
  if (memo?.last?.sockets === sockets && memo.index === index && memo.container === container) {
    return memo.last.open;
  }
  const served = servedPorts(sockets);
  const connections: ObservedConnection[] = [];
  const results = memo ? memoFor(memo, index, container, served) : null;
  const reported = memo ? (memo.reportedClosed ??= new WeakSet()) : null;
  for (const socket of sockets) {
    let connection = results?.get(socket);
    if (connection === undefined) {
      connection = connectionOf(index, container, socket, served);
      results?.set(socket, connection);
    }
    if (!connection) continue;
    if (!connection.open && reported) {
      if (reported.has(socket)) continue;
      reported.add(socket);
    }
    connections.push(connection);
  }
  if (memo) memo.last = { sockets, open: connections.filter((connection) => connection.open) };
  return connections;
}

/**
 * What one namespace's sockets meant at the last sample: valid while the address index, the
 * container and the ports it serves are the same (entries come back as the same objects from
 * `createSocketTableParser`). Callers keep one per namespace.
 */
export interface ConnectionMemo {
  index?: AddressIndex;
  container?: TopologyContainer;
  served?: string;
  results?: WeakMap<SocketEntry, ObservedConnection | null>;
  /**
   * Closed sockets already given (kept when `results` is renewed, so a socket lingering past a
   * topology change is not news either).
   */
  reportedClosed?: WeakSet<SocketEntry>;
  /** The last sockets array and the open connections it held. */
  last?: { sockets: readonly SocketEntry[]; open: readonly ObservedConnection[] };
}

function memoFor(
  memo: ConnectionMemo,
  index: AddressIndex,
  container: TopologyContainer,
  served: ReadonlySet<string>,
) {
  const servedKey = [...served].sort().join(',');
  if (
    !memo.results ||
    memo.index !== index ||
    memo.container !== container ||
    memo.served !== servedKey
  ) {
    Object.assign(memo, { index, container, served: servedKey, results: new WeakMap() });
  }
  return memo.results as WeakMap<SocketEntry, ObservedConnection | null>;
}

function connectionOf(
  index: AddressIndex,
  container: TopologyContainer,
  socket: SocketEntry,
  served: ReadonlySet<string>,
): ObservedConnection | null {
  if (socket.state === 'listen' || socket.remote.port === 0) return null;
  if (socket.protocol === 'udp' && socket.state !== 'established') return null;
  const remote = resolveRemote(index, container, socket.remote.ip);
  if (!remote || isLoopback(socket.local.ip)) return null;
  const self = selfPeer(index, container, socket.local.ip);
  const serving = isServerEnd(socket, served);
  const [client, server] = serving ? [socket.remote, socket.local] : [socket.local, socket.remote];
  const from = serving ? remote.peer : self.peer;
  const to = serving ? self.peer : remote.peer;
  const network = remote.network ?? self.network;
  return {
    key: `${socket.protocol} ${client.ip}:${client.port} ${server.ip}:${server.port}`,
    conversation: `${socket.protocol}:${from.id}>${to.id}:${server.port}@${network?.id ?? '-'}`,
    from,
    to,
    network,
    port: server.port,
    protocol: socket.protocol,
    open: OPEN_STATES.has(socket.state),
  };
}

interface ConnectionSeen {
  conversation: string;
  lastSeen: number;
  open: boolean;
}

export interface TrafficTrackerOptions {
  /** A conversation not seen for this long is dropped (the map's edge is gone). */
  ageMs?: number;
  /** Connections are counted over this window ("N connections in the last minute"). */
  windowMs?: number;
}

/**
 * Remembers what successive samples saw: each connection (by its key, so both ends observed count
 * once) and each conversation, with first and last sight. A conversation is last seen when one of
 * its connections is open or new. A connection is last seen when it was last open (or first seen,
 * already closed): one lingering in TIME_WAIT is counted for the window after it closed, not
 * after its TIME_WAIT ended. Pure state: time comes in as numbers.
 */
export function createTrafficTracker({
  ageMs = 60_000,
  windowMs = 60_000,
}: TrafficTrackerOptions = {}) {
  /** By key, oldest `lastSeen` first (an entry seen again moves to the end). */
  const connections = new Map<string, ConnectionSeen>();
  /** Per conversation, how many of `connections` are its: kept as they come and go. */
  const held = new Map<string, number>();
  const conversations = new Map<string, Omit<TrafficConversation, 'connections'>>();
  const hold = (conversation: string, change: number) => {
    const count = (held.get(conversation) ?? 0) + change;
    if (count > 0) held.set(conversation, count);
    else held.delete(conversation);
  };

  return {
    /** Adds one sample's connections (from every namespace read) seen at `now`. */
    record(observed: readonly ObservedConnection[], now: number) {
      const openCounts = new Map<string, number>();
      const openKeys = new Set<string>();
      for (const connection of observed) {
        const id = connection.conversation;
        const before = connections.get(connection.key);
        // NOTE: open now, new, or open at the last sample (it closed since): the pair talked.
        const fresh = connection.open || !before || before.open;
        if (before) {
          if (before.conversation !== id) {
            hold(before.conversation, -1);
            hold(id, 1);
            before.conversation = id;
          }
          if (fresh) {
            before.lastSeen = now;
            connections.delete(connection.key);
            connections.set(connection.key, before);
          }
          before.open = connection.open;
        } else {
          connections.set(connection.key, {
            conversation: id,
            lastSeen: now,
            open: connection.open,
          });
          hold(id, 1);
        }
        if (connection.open && !openKeys.has(connection.key)) {
          openKeys.add(connection.key);
          openCounts.set(id, (openCounts.get(id) ?? 0) + 1);
        }
        const known = conversations.get(id);
        // NOTE: a closed connection lingers in TIME_WAIT for 60 s; seen again, it is old news and
        // must not keep the conversation looking alive after the caller stopped.
        if (known && !fresh) continue;
        conversations.set(id, {
          id,
          from: connection.from,
          to: connection.to,
          network: connection.network,
          port: connection.port,
          protocol: connection.protocol,
          open: 0,
          firstSeen: known?.firstSeen ?? now,
          lastSeen: now,
        });
      }
      for (const [id, conversation] of conversations) conversation.open = openCounts.get(id) ?? 0;
      // NOTE: oldest first, so only what is forgotten is visited (a busy host holds thousands).
      for (const [key, seen] of connections) {
        if (seen.lastSeen >= now - Math.max(ageMs, windowMs)) break;
        connections.delete(key);
        hold(seen.conversation, -1);
      }
      for (const [id, conversation] of conversations) {
        if (conversation.lastSeen < now - ageMs) conversations.delete(id);
      }
    },
    /** The conversations still within their age, with connections counted over the window. */
    conversations(now: number): TrafficConversation[] {
      // NOTE: those held less those past the window (kept longer when the age exceeds it).
      const counts = new Map(held);
      for (const seen of connections.values()) {
        if (seen.lastSeen >= now - windowMs) break;
        counts.set(seen.conversation, (counts.get(seen.conversation) ?? 0) - 1);
      }
      return [...conversations.values()]
        .filter((conversation) => conversation.lastSeen >= now - ageMs)
        .map((conversation) => ({ ...conversation, connections: counts.get(conversation.id) ?? 0 }))
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    clear() {
      connections.clear();
      held.clear();
      conversations.clear();
    },
  };
}

export type TrafficTracker = ReturnType<typeof createTrafficTracker>;
