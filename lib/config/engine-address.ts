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
      /** This engine's own TLS files (a Docker context's), instead of DOCKER_CERT_PATH's. */
      certs?: EngineCerts;
    }
  | {
      kind: 'ssh';
      /** null: the user Portolan runs as, as `ssh` does. */
      user: string | null;
      host: string;
      port: number;
      /** How to log in, filled in from the server's environment (server/config.ts). */
      identity?: SshIdentity;
    };

/**
 * An SSH agent's socket (SSH_AUTH_SOCK) and/or a private key file to log in with, and the
 * known_hosts file the host's key must be listed in.
 */
export interface SshIdentity {
  agentSocket: string | null;
  keyFile: string | null;
  knownHosts: string;
}

/** TLS files of one engine (a Docker context's `tls/…/docker` folder): which are there. */
export interface EngineCerts {
  dir: string;
  ca: boolean;
  /** cert.pem and key.pem, the client's own certificate. */
  clientCert: boolean;
  /** false for a context made with `skip-tls-verify=true`. */
  verify: boolean;
}

/** One engine the dashboard streams from: a display name and its address. */
export interface EngineSpec {
  name: string;
  address: EngineAddress;
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

const ENGINE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Parses `unix:///path`, `tcp://host:port`, `ssh://user@host:port` (and a bare `/path`). */
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
  if (value.startsWith('ssh://')) return parseSshAddress(value);
  return err(`"${value}": use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host`);
}

/** `ssh://[user@]host[:port]`, as the docker CLI takes it: keys only, no password, no path. */
function parseSshAddress(value: string): Result<EngineAddress, string> {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return err(`"${value}": not a valid URL`);
  }
  if (parsed.password) return err(`"${value}": no password in the URL: use a key or an SSH agent`);
  if (parsed.pathname && parsed.pathname !== '/') return err(`"${value}": an ssh URL has no path`);
  if (parsed.search || parsed.hash) return err(`"${value}": an ssh URL has no query`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!host) return err(`"${value}": the host is missing`);
  return ok({
    kind: 'ssh',
    user: parsed.username ? decodeURIComponent(parsed.username) : null,
    host,
    port: parsed.port ? Number(parsed.port) : 22,
  });
}

/** A Docker context named in PORTOLAN_ENGINES, read from the CLI's store when the server starts. */
export interface ContextRef {
  name: string;
  context: string;
}

/** One PORTOLAN_ENGINES item: an engine with its address, or a Docker context to look up. */
export type EngineSource = EngineSpec | ContextRef;

/** A Docker context's name, as `docker context create` accepts it. */
export const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

/**
 * Parses PORTOLAN_ENGINES: `name=URL`, `context:NAME` (the engine is named as the context) or
 * `name=context:NAME`, comma-separated. Names must be unique.
 */
export function parseEngineSources(value: string, tls: boolean): Result<EngineSource[], string> {
  const sources: EngineSource[] = [];
  for (const item of value.split(',').map((part) => part.trim())) {
    if (!item) continue;
    const source = parseEngineSource(item, tls);
    if (!source.ok) return source;
    if (sources.some((other) => other.name === source.value.name)) {
      return err(`"${source.value.name}": engine named twice`);
    }
    sources.push(source.value);
  }
  if (sources.length === 0) return err('no engine given');
  return ok(sources);
}

function parseEngineSource(item: string, tls: boolean): Result<EngineSource, string> {
  const eq = item.indexOf('=');
  const bareContext = item.startsWith('context:') && eq === -1;
  if (eq <= 0 && !bareContext) return err(`"${item}": expected name=URL or context:NAME`);
  const name = bareContext ? item.slice('context:'.length).trim() : item.slice(0, eq).trim();
  const target = bareContext ? item : item.slice(eq + 1).trim();
  if (!ENGINE_NAME.test(name)) {
    return err(
      `"${name}": an engine name is letters, digits, "_", "." or "-" (at most 63)` +
        (bareContext ? `; name it: NAME=${item}` : ''),
    );
  }
  if (target.startsWith('context:')) {
    const context = target.slice('context:'.length).trim();
    if (!CONTEXT_NAME.test(context)) return err(`"${target}": not a Docker context name`);
    return ok({ name, context });
  }
  const address = parseEngineAddress(target, tls);
  return address.ok ? ok({ name, address: address.value }) : address;
}

/** Parses a PORTOLAN_ENGINES of addresses only (contexts need the server's context store). */
export function parseEngineList(value: string, tls: boolean): Result<EngineSpec[], string> {
  const sources = parseEngineSources(value, tls);
  if (!sources.ok) return sources;
  const specs: EngineSpec[] = [];
  for (const source of sources.value) {
    if (!('address' in source))
      return err(`"context:${source.context}": a context, not an address`);
    specs.push(source);
  }
  return ok(specs);
}

/** How an address is shown to a person (and in logs): never with credentials. */
export function describeEngineAddress(address: EngineAddress): string {
  const host = (name: string) => (name.includes(':') ? `[${name}]` : name);
  switch (address.kind) {
    case 'unix':
      return `unix://${address.socketPath}`;
    case 'ssh':
      return `ssh://${address.user ? `${address.user}@` : ''}${host(address.host)}:${address.port}`;
    default:
      return `${address.tls ? 'https' : 'tcp'}://${host(address.host)}:${address.port}`;
  }
}
