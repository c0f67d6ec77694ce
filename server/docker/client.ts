import fs from 'node:fs';
import path from 'node:path';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

import Docker from 'dockerode';

import type { EngineSpec } from '@/lib/config/engine-address';

import type { ServerConfig } from '../config';

/**
 * A stateless Docker Engine API client for one engine. TLS material is read as the docker CLI
 * reads it: ca.pem, cert.pem and key.pem under DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set.
 */
export function createDockerClient(spec: EngineSpec, tls: ServerConfig['tls']): Docker {
  const { address } = spec;
  if (address.kind === 'unix') return new Docker({ socketPath: address.socketPath });
  if (!address.tls) return new Docker({ host: address.host, port: address.port, protocol: 'http' });
  const read = (file: string) => fs.readFileSync(path.join(tls.certPath, file));
  const { serverName } = address;
  return new Docker({
    host: address.host,
    port: address.port,
    protocol: 'https',
    ca: tls.verify ? read('ca.pem') : undefined,
    cert: read('cert.pem'),
    key: read('key.pem'),
    // NOTE: agents are dialled by task IP; their certificate names the agent, not the IP.
    ...(serverName
      ? {
          checkServerIdentity: (_host: string, cert: PeerCertificate) =>
            checkServerIdentity(serverName, cert),
        }
      : {}),
  });
}

export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${ms} ms`);
  }
}

/** Bounds one API call; the event stream is long-lived and never goes through this. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
