import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { type EngineSpec } from '@/lib/config/engine-address';
import { parseAgentSources, type AgentSource } from '@/lib/config/agents';
import { err, ok, type Result } from '@/lib/result';

import { resolveEngines } from './engines-config';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Everything the server reads from its environment, validated once at start. */
export interface ServerConfig {
  port: number;
  host: string;
  engines: EngineSpec[];
  /** PORTOLAN_AGENTS: names that resolve to `portolan agent`s (server/agent/discovery.ts). */
  agents: AgentSource[];
  /** DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, read as the docker CLI reads them. */
  tls: { verify: boolean; certPath: string };
  /** Operator token (may change things); generated into the state folder when unset. */
  token: string | null;
  /** Viewer token (read only); generated into the state folder when unset. */
  viewerToken: string | null;
  readonly: boolean;
  stateDir: string;
  /** Host names, besides loopback and HOST, that the dashboard answers to (DNS-rebinding guard). */
  allowedHosts: string[];
  development: boolean;
  logLevel: LogLevel;
  /** The history store (`$PORTOLAN_STATE_DIR/history`); null when turned off. */
  history: { maxAgeMs: number; maxBytes: number } | null;
  /** Time between traffic samples while someone watches the traffic layer. */
  trafficIntervalMs: number;
  /** How long a conversation stays on the map after it was last seen. */
  trafficAgeMs: number;
  /** The host's /proc, where local engines' containers are read (`PORTOLAN_PROC`). */
  trafficProcRoot?: string;
  liveness: Liveness;
}

/** How an engine's link is watched: see server/topology/engine-session.ts. */
export interface Liveness {
  /** A `_ping` this often while live notices a hung engine... */
  keepaliveMs: number;
  /** ...when it does not answer within this bound (so stale within keepalive + timeout). */
  pingTimeoutMs: number;
  /** A full re-read this often heals what no event said; 0 turns it off (soak: events alone). */
  reconcileMs: number;
}

export const DEFAULT_LIVENESS: Liveness = {
  keepaliveMs: 5_000,
  pingTimeoutMs: 5_000,
  reconcileMs: 5 * 60_000,
};

const flag = z
  .enum(['', '0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DOCKER_HOST: z.string().trim().optional(),
  DOCKER_TLS_VERIFY: flag.default(false),
  DOCKER_CERT_PATH: z.string().trim().optional(),
  DOCKER_CONFIG: z.string().trim().optional(),
  DOCKER_CONTEXT: z.string().trim().optional(),
  HOME: z.string().trim().optional(),
  SSH_AUTH_SOCK: z.string().trim().optional(),
  PORTOLAN_SSH_KEY: z.string().trim().optional(),
  PORTOLAN_SSH_KNOWN_HOSTS: z.string().trim().optional(),
  PORTOLAN_ENGINES: z.string().trim().optional(),
  PORTOLAN_AGENTS: z.string().trim().optional(),
  PORTOLAN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PORTOLAN_VIEWER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PORTOLAN_TOKEN_FILE: z.string().trim().optional(),
  PORTOLAN_VIEWER_TOKEN_FILE: z.string().trim().optional(),
  PORTOLAN_READONLY: flag.default(false),
  PORTOLAN_STATE_DIR: z.string().trim().optional(),
  PORTOLAN_ALLOWED_HOSTS: z.string().trim().optional(),
  PORTOLAN_KEEPALIVE_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PORTOLAN_PING_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PORTOLAN_RECONCILE_MS: z.coerce.number().int().min(0).max(86_400_000).optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PORTOLAN_HISTORY: flag.default(true),
  PORTOLAN_HISTORY_DAYS: z.coerce.number().positive('must be a positive number of days').default(7),
  PORTOLAN_HISTORY_MB: z.coerce.number().min(1, 'must be at least 1 (MB)').default(512),
  PORTOLAN_TRAFFIC_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  PORTOLAN_TRAFFIC_AGE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  PORTOLAN_PROC: z.string().startsWith('/', 'must be an absolute path').default('/proc'),
});

/** Reads the configuration; a bad value is an error naming the variable and the reason. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
): Result<ServerConfig, string[]> {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const vars = parsed.data;
  const tls = vars.DOCKER_TLS_VERIFY;

  const token = tokenFrom(vars.PORTOLAN_TOKEN, vars.PORTOLAN_TOKEN_FILE, 'PORTOLAN_TOKEN_FILE');
  if (!token.ok) return err([token.error]);
  const viewerToken = tokenFrom(
    vars.PORTOLAN_VIEWER_TOKEN,
    vars.PORTOLAN_VIEWER_TOKEN_FILE,
    'PORTOLAN_VIEWER_TOKEN_FILE',
  );
  if (!viewerToken.ok) return err([viewerToken.error]);

  let agents: AgentSource[] = [];
  if (vars.PORTOLAN_AGENTS) {
    const list = parseAgentSources(vars.PORTOLAN_AGENTS);
    if (!list.ok) return err([`PORTOLAN_AGENTS: ${list.error}`]);
    agents = list.value;
  }

  const resolved = resolveEngines(vars, tls);
  if (!resolved.ok) return err([resolved.error]);
  const engines: EngineSpec[] = resolved.value;

  return ok({
    port: vars.PORT,
    host: vars.HOST,
    engines,
    agents,
    tls: { verify: tls, certPath: vars.DOCKER_CERT_PATH ?? path.join(os.homedir(), '.docker') },
    token: token.value,
    viewerToken: viewerToken.value,
    readonly: vars.PORTOLAN_READONLY,
    stateDir: vars.PORTOLAN_STATE_DIR ?? path.join(os.homedir(), '.portolan'),
    allowedHosts: (vars.PORTOLAN_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim())
      .filter(Boolean),
    development: vars.NODE_ENV !== 'production',
    logLevel: vars.LOG_LEVEL,
    history: vars.PORTOLAN_HISTORY
      ? {
          maxAgeMs: Math.round(vars.PORTOLAN_HISTORY_DAYS * 86_400_000),
          maxBytes: Math.round(vars.PORTOLAN_HISTORY_MB * 1024 * 1024),
        }
      : null,
    trafficIntervalMs: vars.PORTOLAN_TRAFFIC_INTERVAL_MS,
    trafficAgeMs: vars.PORTOLAN_TRAFFIC_AGE_MS,
    trafficProcRoot: vars.PORTOLAN_PROC,
    liveness: {
      keepaliveMs: vars.PORTOLAN_KEEPALIVE_MS ?? DEFAULT_LIVENESS.keepaliveMs,
      pingTimeoutMs: vars.PORTOLAN_PING_TIMEOUT_MS ?? DEFAULT_LIVENESS.pingTimeoutMs,
      reconcileMs: vars.PORTOLAN_RECONCILE_MS ?? DEFAULT_LIVENESS.reconcileMs,
    },
  });
}

/** A token given as such, or in a file (a swarm secret: `PORTOLAN_TOKEN_FILE=/run/secrets/…`). */
function tokenFrom(
  value: string | undefined,
  file: string | undefined,
  variable: string,
): Result<string | null, string> {
  if (value !== undefined || file === undefined) return ok(value ?? null);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    return err(
      `${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return text.length >= 16
    ? ok(text)
    : err(`${variable}: the token must be at least 16 characters`);
}
