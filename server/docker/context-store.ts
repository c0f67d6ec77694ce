import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { contextAddress, currentContextName, DEFAULT_CONTEXT } from '@/lib/config/docker-context';
import type { EngineAddress } from '@/lib/config/engine-address';
import { err, type Result } from '@/lib/result';

/** Where the docker CLI keeps its config and contexts: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: {
  DOCKER_CONFIG?: string | undefined;
  HOME?: string | undefined;
}): string {
  return env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
}

/** A context's folder id in the store: the hex SHA-256 of its name. */
export const contextId = (name: string) => crypto.createHash('sha256').update(name).digest('hex');

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The files a context's TLS folder holds (none when it has no TLS material). */
function tlsFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((file) => file.endsWith('.pem'));
  } catch {
    return [];
  }
}

/** A named context's Docker endpoint, from the CLI's store under `configDir`. */
export function readDockerContext(configDir: string, name: string): Result<EngineAddress, string> {
  if (name === DEFAULT_CONTEXT) {
    return err(`context "${name}": the built-in context is DOCKER_HOST; give its URL instead`);
  }
  const id = contextId(name);
  const metaFile = path.join(configDir, 'contexts', 'meta', id, 'meta.json');
  let text: string | null;
  try {
    text = readText(metaFile);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return err(`context "${name}": cannot read ${metaFile} (${code})`);
  }
  if (text === null) {
    return err(
      `context "${name}": not in ${path.join(configDir, 'contexts')} (see docker context ls)`,
    );
  }
  const tlsDir = path.join(configDir, 'contexts', 'tls', id, 'docker');
  return contextAddress(name, text, { dir: tlsDir, files: tlsFiles(tlsDir) });
}

/** The current context's name (DOCKER_CONTEXT, else config.json), null for the default one. */
export function readCurrentContext(
  configDir: string,
  dockerContextEnv: string | undefined,
): Result<string | null, string> {
  let text: string | null;
  try {
    text = dockerContextEnv ? null : readText(path.join(configDir, 'config.json'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return err(`cannot read ${path.join(configDir, 'config.json')} (${code})`);
  }
  return currentContextName(dockerContextEnv, text);
}
