/**
 * What `portolan agent` streams to the dashboard at `GET /portolan/traffic`: for each running
 * container of its own engine (with a network namespace of its own), the namespace's sockets,
 * interface counters and routes, read on the agent's node. One JSON object a line (NDJSON), one
 * line per sample. The dashboard names both ends with its topology, as for containers on its own
 * host. Pure: the shapes, the schema the dashboard checks each line with, and a compact socket form.
 */
import { z } from 'zod';

import { err, ok, type Result } from '@/lib/result';

import type { InterfaceCounters, RouteEntry, SocketEntry, SocketState } from './proc-net';

/** One container's tables at one sample. Sockets in the compact form of `encodeSocket`. */
export interface AgentContainerTables {
  /** The container's full id on the agent's engine. */
  id: string;
  sockets: string[];
  interfaces: InterfaceCounters[];
  routes: RouteEntry[];
}

export interface AgentTrafficReading {
  /** When the agent took it (epoch ms, the agent's clock). */
  at: number;
  /** The agent's node (its engine's host name). */
  node: string;
  containers: AgentContainerTables[];
}

/** The agent's own endpoint (not an Engine API path), and the interval bounds it accepts. */
export const AGENT_TRAFFIC_PATH = '/portolan/traffic';
export const AGENT_TRAFFIC_MIN_MS = 100; // as PORTOLAN_TRAFFIC_INTERVAL_MS
export const AGENT_TRAFFIC_MAX_MS = 60_000;

const STATES = [
  'established',
  'syn-sent',
  'syn-recv',
  'fin-wait1',
  'fin-wait2',
  'time-wait',
  'close',
  'close-wait',
  'last-ack',
  'listen',
  'closing',
] as const satisfies readonly SocketState[];

const counters = z.object({
  name: z.string().max(64),
  rxBytes: z.number().nonnegative(),
  rxPackets: z.number().nonnegative(),
  txBytes: z.number().nonnegative(),
  txPackets: z.number().nonnegative(),
});

const route = z.object({
  interface: z.string().max(64),
  destination: z.string().max(64),
  prefix: z.number().int().min(0).max(128),
});

export const agentTrafficReadingSchema = z.object({
  at: z.number(),
  node: z.string().max(255),
  containers: z
    .array(
      z.object({
        id: z.string().regex(/^[0-9a-f]{12,64}$/),
        sockets: z.array(z.string().max(200)),
        interfaces: z.array(counters),
        routes: z.array(route),
      }),
    )
    .max(10_000),
});

/** One line of the stream, checked; the error names the field. */
export function parseAgentReading(line: string): Result<AgentTrafficReading, string> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return err('not JSON');
  }
  const parsed = agentTrafficReadingSchema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return err(`${issue?.path.join('.') || 'reading'}: ${issue?.message ?? 'invalid'}`);
}

/** `tcp 172.18.0.3 41234 172.18.0.2 80 time-wait`: a socket in six words. */
export function encodeSocket(socket: SocketEntry): string {
  const { protocol, local, remote, state } = socket;
  return `${protocol} ${local.ip} ${local.port} ${remote.ip} ${remote.port} ${state}`;
}

const PORT = (text: string | undefined) => {
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
};

export function decodeSocket(line: string): SocketEntry | null {
  const [protocol, localIp, localPort, remoteIp, remotePort, state, extra] = line.split(' ');
  const lport = PORT(localPort);
  const rport = PORT(remotePort);
  if (protocol !== 'tcp' && protocol !== 'udp') return null;
  if (!localIp || !remoteIp || lport === null || rport === null || extra !== undefined) return null;
  if (!(STATES as readonly string[]).includes(state ?? '')) return null;
  return {
    protocol,
    local: { ip: localIp, port: lport },
    remote: { ip: remoteIp, port: rport },
    state: state as SocketState,
  };
}

/**
 * Decodes one container's sockets sample after sample, giving back the same object for a line
 * seen in the previous sample, so what was made of it can be remembered (`ConnectionMemo`, keyed
 * by entry) as for sockets read locally. Lines that do not decode are skipped.
 */
export function createSocketDecoder() {
  let previous = new Map<string, SocketEntry>();
  return (lines: readonly string[]): SocketEntry[] => {
    const next = new Map<string, SocketEntry>();
    const sockets: SocketEntry[] = [];
    for (const line of lines) {
      const entry = next.get(line) ?? previous.get(line) ?? decodeSocket(line);
      if (!entry) continue;
      next.set(line, entry);
      sockets.push(entry);
    }
    previous = next;
    return sockets;
  };
}

/** The interval a dashboard asks for (`?interval=<ms>`), or the default; bounded. */
export function agentTrafficInterval(rawUrl: string, fallbackMs = 1_000): Result<number, string> {
  const query = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  const asked = new URLSearchParams(query).get('interval');
  if (asked === null) return ok(fallbackMs);
  const ms = Number(asked);
  if (!Number.isInteger(ms) || ms < AGENT_TRAFFIC_MIN_MS || ms > AGENT_TRAFFIC_MAX_MS) {
    return err(`interval: an integer from ${AGENT_TRAFFIC_MIN_MS} to ${AGENT_TRAFFIC_MAX_MS} ms`);
  }
  return ok(ms);
}
