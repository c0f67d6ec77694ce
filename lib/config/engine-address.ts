import { err, ok, type Result } from '@/lib/result';

/** Where a Docker Engine API listens, as the docker CLI understands DOCKER_HOST. */
export type EngineAddress =
  | { kind: 'unix'; socketPath: string }
  | {
      kind: 'tcp';
      host: string;
      port: number;
      tls: boolean;
      /** The name the TLS certificate must carry when it is not `host` (agents found by IP). */
      serverName?: string;
    };

/** One engine the dashboard streams from: a display name and its address. */
export interface EngineSpec {
  name: string;
  address: EngineAddress;
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

const ENGINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Parses `unix:///path`, `tcp://host:port` (and a bare `/path`) into an address. */
export function parseEngineAddress(url: string, tls: boolean): Result<EngineAddress, string> {
  const value = url.trim();
  if (value.startsWith('/')) return ok({ kind: 'unix', socketPath: value });
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) return err(`"${value}": a unix socket path must be absolute`);
    return ok({ kind: 'unix', socketPath });
  }
  if (value.startsWith('tcp://') || value.startsWith('http://') || value.startsWith('https://')) {
    let parsed: URL;
    try {
      parsed = new URL(value.replace(/^tcp:/, 'http:'));
    } catch {
      return err(`"${value}": not a valid URL`);
    }
    const secure = tls || value.startsWith('https://');
    const port = parsed.port ? Number(parsed.port) : secure ? 2376 : 2375;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (!host) return err(`"${value}": the host is missing`);
    return ok({ kind: 'tcp', host, port, tls: secure });
  }
  return err(`"${value}": use unix:///path/to/docker.sock or tcp://host:port`);
}

/** Parses PORTOLAN_ENGINES: `name=URL,name=URL`. Names must be unique. */
export function parseEngineList(value: string, tls: boolean): Result<EngineSpec[], string> {
  const specs: EngineSpec[] = [];
  for (const item of value.split(',').map((part) => part.trim())) {
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) return err(`"${item}": expected name=URL`);
    const name = item.slice(0, eq).trim();
    if (!ENGINE_NAME.test(name)) {
      return err(`"${name}": an engine name is letters, digits, "_", "." or "-" (at most 63)`);
    }
    if (specs.some((spec) => spec.name === name)) return err(`"${name}": engine named twice`);
    const address = parseEngineAddress(item.slice(eq + 1), tls);
    if (!address.ok) return address;
    specs.push({ name, address: address.value });
  }
  if (specs.length === 0) return err('no engine given');
  return ok(specs);
}

/** How an address is shown to a person (and in logs): never with credentials. */
export function describeEngineAddress(address: EngineAddress): string {
  return address.kind === 'unix'
    ? `unix://${address.socketPath}`
    : `${address.tls ? 'https' : 'tcp'}://${address.host}:${address.port}`;
}
