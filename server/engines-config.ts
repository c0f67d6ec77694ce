import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  DEFAULT_DOCKER_SOCKET,
  parseEngineAddress,
  parseEngineSources,
  type EngineSpec,
  type SshIdentity,
} from '@/lib/config/engine-address';
import { err, ok, type Result } from '@/lib/result';

import { dockerConfigDir, readCurrentContext, readDockerContext } from './docker/context-store';

/** The variables the engine list comes from (validated by server/config.ts). */
export interface EngineVars {
  PORTOLAN_ENGINES?: string | undefined;
  DOCKER_HOST?: string | undefined;
  DOCKER_CONTEXT?: string | undefined;
  DOCKER_CONFIG?: string | undefined;
  HOME?: string | undefined;
  SSH_AUTH_SOCK?: string | undefined;
  PORTOLAN_SSH_KEY?: string | undefined;
  PORTOLAN_SSH_KNOWN_HOSTS?: string | undefined;
}

/** The engine a lone DOCKER_HOST or the default socket is shown as. */
export const LOCAL_ENGINE = 'local';

/**
 * The engines to read, as the docker CLI would pick them: PORTOLAN_ENGINES when set (addresses and
 * `context:NAME`s), else DOCKER_HOST, else DOCKER_CONTEXT or the current context of the CLI's
 * config.json, else the default socket. An error names the variable and the value.
 */
export function resolveEngines(vars: EngineVars, tls: boolean): Result<EngineSpec[], string> {
  const configDir = dockerConfigDir(vars);
  const identity = sshIdentity(vars);
  if (!identity.ok) return identity;
  const withIdentity = (spec: EngineSpec): EngineSpec =>
    spec.address.kind === 'ssh'
      ? { ...spec, address: { ...spec.address, identity: identity.value } }
      : spec;

  if (vars.PORTOLAN_ENGINES) {
    const sources = parseEngineSources(vars.PORTOLAN_ENGINES, tls);
    if (!sources.ok) return err(`PORTOLAN_ENGINES: ${sources.error}`);
    const specs: EngineSpec[] = [];
    for (const source of sources.value) {
      if ('address' in source) {
        specs.push(withIdentity(source));
        continue;
      }
      const address = readDockerContext(configDir, source.context);
      if (!address.ok) return err(`PORTOLAN_ENGINES: ${address.error}`);
      specs.push(withIdentity({ name: source.name, address: address.value }));
    }
    return ok(specs);
  }
  if (!vars.DOCKER_HOST) {
    const current = readCurrentContext(configDir, vars.DOCKER_CONTEXT);
    const variable = vars.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : 'docker context';
    if (!current.ok) return err(`${variable}: ${current.error}`);
    if (current.value !== null) {
      const address = readDockerContext(configDir, current.value);
      if (!address.ok) return err(`${variable}: ${address.error}`);
      return ok([withIdentity({ name: engineNameOf(current.value), address: address.value })]);
    }
  }
  const address = parseEngineAddress(vars.DOCKER_HOST ?? `unix://${DEFAULT_DOCKER_SOCKET}`, tls);
  if (!address.ok) return err(`DOCKER_HOST: ${address.error}`);
  return ok([withIdentity({ name: LOCAL_ENGINE, address: address.value })]);
}

/** A context's name as an engine name (`+`, allowed in context names, is not in engine names). */
const engineNameOf = (context: string) => context.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 63);

/**
 * How ssh:// engines log in: the SSH agent (SSH_AUTH_SOCK) and a key file, PORTOLAN_SSH_KEY or the
 * first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa that exists. A named key must be readable. The host's
 * key is checked against PORTOLAN_SSH_KNOWN_HOSTS, else ~/.ssh/known_hosts.
 */
function sshIdentity(vars: EngineVars): Result<SshIdentity, string> {
  const agentSocket = vars.SSH_AUTH_SOCK || null;
  const sshDir = path.join(vars.HOME || os.homedir(), '.ssh');
  const knownHosts = vars.PORTOLAN_SSH_KNOWN_HOSTS || path.join(sshDir, 'known_hosts');
  if (vars.PORTOLAN_SSH_KEY) {
    try {
      fs.accessSync(vars.PORTOLAN_SSH_KEY, fs.constants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return err(`PORTOLAN_SSH_KEY: cannot read ${vars.PORTOLAN_SSH_KEY} (${code})`);
    }
    return ok({ agentSocket, keyFile: vars.PORTOLAN_SSH_KEY, knownHosts });
  }
  const keyFile =
    ['id_ed25519', 'id_ecdsa', 'id_rsa']
      .map((file) => path.join(sshDir, file))
      .find((file) => fs.existsSync(file)) ?? null;
  return ok({ agentSocket, keyFile, knownHosts });
}
