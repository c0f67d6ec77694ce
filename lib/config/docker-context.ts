import { z } from 'zod';

import { err, ok, type Result } from '@/lib/result';

import { parseEngineAddress, type EngineAddress } from './engine-address';

/**
 * The docker CLI's context store, read as `docker context ls` shows it: `contexts/meta/<id>/
 * meta.json` holds a context's endpoints, `contexts/tls/<id>/docker/` its TLS files, where `<id>`
 * is the hex SHA-256 of the context's name; `config.json` names the current context.
 * Pure: the files are read in server/docker/context-store.ts.
 */
const metaSchema = z.object({
  Name: z.string(),
  Endpoints: z.object({
    docker: z
      .object({
        Host: z.string().min(1),
        SkipTLSVerify: z.boolean().optional(),
      })
      .optional(),
  }),
});

/** The CLI's built-in context: DOCKER_HOST, or the default socket. It has no meta.json. */
export const DEFAULT_CONTEXT = 'default';

/** Which TLS files a context's `tls/<id>/docker/` folder holds. */
export interface ContextTlsFiles {
  dir: string;
  files: readonly string[];
}

/** A context's Docker endpoint from its meta.json text (and its TLS folder, when it has one). */
export function contextAddress(
  name: string,
  metaText: string,
  tls: ContextTlsFiles | null,
): Result<EngineAddress, string> {
  let json: unknown;
  try {
    json = JSON.parse(metaText);
  } catch {
    return err(`context "${name}": its meta.json is not JSON`);
  }
  const meta = metaSchema.safeParse(json);
  if (!meta.success) return err(`context "${name}": its meta.json has no docker endpoint`);
  const endpoint = meta.data.Endpoints.docker;
  if (!endpoint) return err(`context "${name}": it has no docker endpoint`);
  const has = (file: string) => tls?.files.includes(file) ?? false;
  const withTls = tls !== null && tls.files.length > 0;
  const address = parseEngineAddress(endpoint.Host, withTls);
  if (!address.ok) return err(`context "${name}": ${address.error}`);
  if (address.value.kind !== 'tcp' || !tls || !withTls) return address;
  return ok({
    ...address.value,
    certs: {
      dir: tls.dir,
      ca: has('ca.pem'),
      clientCert: has('cert.pem') && has('key.pem'),
      verify: endpoint.SkipTLSVerify !== true,
    },
  });
}

const configSchema = z.object({ currentContext: z.string().optional() }).passthrough();

/**
 * The context the CLI would use: DOCKER_CONTEXT, else `currentContext` in config.json; null for
 * the built-in default. (DOCKER_HOST, which beats both, is the caller's to check first.)
 */
export function currentContextName(
  dockerContextEnv: string | undefined,
  configText: string | null,
): Result<string | null, string> {
  const named = (name: string | undefined) => (name && name !== DEFAULT_CONTEXT ? name : null);
  if (dockerContextEnv) return ok(named(dockerContextEnv.trim()));
  if (configText === null) return ok(null);
  let json: unknown;
  try {
    json = JSON.parse(configText);
  } catch {
    return err('the docker config.json is not JSON');
  }
  const config = configSchema.safeParse(json);
  if (!config.success) return err('the docker config.json is not an object');
  return ok(named(config.data.currentContext?.trim()));
}
