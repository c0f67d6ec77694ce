import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

import Docker from 'dockerode';

import type { EngineSpec } from '@/lib/config/engine-address';

import type { ServerConfig } from '../config';
import { keysFor, preferredAlgorithms, readKnownHosts, verdictFor } from './known-hosts';
import { isEncryptedKey } from './ssh-key';
import { createSshHttpAgent } from './ssh-transport';

/**
 * A stateless Docker Engine API client for one engine. TLS material is read as the docker CLI
 * reads it: ca.pem, cert.pem and key.pem under DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set.
 */
export function createDockerClient(spec: EngineSpec, tls: ServerConfig['tls']): Docker {
  const { address } = spec;
  // NOTE: docker-modem starts from DOCKER_HOST's own settings; a host left there would win.
  if (address.kind === 'unix')
    return new Docker({ socketPath: address.socketPath, host: undefined });
  if (address.kind === 'ssh') return sshClient(address);
  if (!address.tls) return new Docker({ host: address.host, port: address.port, protocol: 'http' });
  const { serverName, certs } = address;
  const dir = certs?.dir ?? tls.certPath;
  const read = (file: string) => fs.readFileSync(path.join(dir, file));
  const withCa = certs ? certs.ca : tls.verify;
  const clientCert = certs ? certs.clientCert : true;
  // NOTE: docker-modem cannot turn chain verification off: a context's skip-tls-verify skips the
  // host-name check only, the chain is still checked against the context's CA.
  const skipName = certs !== undefined && !certs.verify;
  return new Docker({
    host: address.host,
    port: address.port,
    protocol: 'https',
    ca: withCa ? read('ca.pem') : undefined,
    cert: clientCert ? read('cert.pem') : undefined,
    key: clientCert ? read('key.pem') : undefined,
    // NOTE: agents are dialled by task IP; their certificate names the agent, not the IP.
    ...(skipName ? { checkServerIdentity: () => undefined } : {}),
    ...(serverName && !skipName
      ? {
          checkServerIdentity: (_host: string, cert: PeerCertificate) =>
            checkServerIdentity(serverName, cert),
        }
      : {}),
  });
}

/**
 * An ssh:// engine over one SSH connection (the `ssh2` package, as docker-modem's transport uses):
 * each HTTP connection is a channel running `docker system dial-stdio` on the host, as the docker
 * CLI does, so the remote user must be able to run `docker` there (server/docker/ssh-transport.ts).
 * The host's key must be listed in the known_hosts file (server/docker/known-hosts.ts), read again
 * at each connection so a host added there is trusted without a restart.
 */
function sshClient(address: Extract<EngineSpec['address'], { kind: 'ssh' }>): Docker {
  const identity = address.identity;
  const keyFile = identity?.keyFile ? readKey(identity.keyFile) : undefined;
  // An encrypted key is the agent's to use; given to ssh2 too, it fails the login outright.
  const privateKey =
    keyFile && identity?.agentSocket && isEncryptedKey(keyFile) ? undefined : keyFile;
  const knownHosts = identity?.knownHosts ?? null;
  const algorithms = preferredAlgorithms(
    keysFor(readKnownHosts(knownHosts), address.host, address.port),
  );
  const agent = createSshHttpAgent({
    host: address.host,
    port: address.port,
    username: address.user ?? os.userInfo().username,
    ...(identity?.agentSocket ? { agent: identity.agentSocket } : {}),
    ...(privateKey ? { privateKey } : {}),
    readyTimeout: 10_000,
    ...(algorithms ? { algorithms: { serverHostKey: algorithms } } : {}),
    hostVerifier: (shown: Buffer) =>
      verdictFor(readKnownHosts(knownHosts), address.host, address.port, shown) === 'trusted',
  });
  // NOTE: plain HTTP inside the SSH channels; `host` only fills the Host header. docker-modem
  // takes an `agent` for its requests, which its typings leave out.
  const options: Docker.DockerOptions & { agent: http.Agent } = {
    protocol: 'http',
    host: 'docker',
    port: 80,
    agent,
  };
  return new Docker(options);
}

/** A key file's bytes; a key that cannot be read is left out (the login then fails, said plainly). */
function readKey(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
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
