/**
 * `portolan agent` (`npm run agent`, or the image's `agent` command): serves this node's engine
 * to the dashboard. Configuration (environment):
 *   DOCKER_HOST           the engine's unix socket (default unix:///var/run/docker.sock)
 *   PORTOLAN_AGENT_PORT   port to listen on (default 9323), on PORTOLAN_AGENT_HOST (default 0.0.0.0)
 *   PORTOLAN_AGENT_CERTS  folder with ca.pem, cert.pem, key.pem made by `npm run -s certs`
 *                         (default /run/secrets, where the stack file puts them)
 *   PORTOLAN_AGENT_PROC   the host's /proc, where traffic is read (default /host/proc when it
 *                         exists, as the stack file mounts it, else /proc)
 */
import fs from 'node:fs';
import path from 'node:path';

import { parseEngineAddress, DEFAULT_DOCKER_SOCKET } from '@/lib/config/engine-address';

import { createLogger } from '../logger';
import { AGENT_CLIENT_NAME, createAgentServer } from './agent';
import { createAgentTraffic } from './traffic';

const logger = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'info', {
  service: 'portolan-agent',
});

function fail(message: string): never {
  logger.error(message);
  process.exit(2);
}

const address = parseEngineAddress(
  process.env.DOCKER_HOST || `unix://${DEFAULT_DOCKER_SOCKET}`,
  false,
);
if (!address.ok || address.value.kind !== 'unix') {
  fail('DOCKER_HOST: the agent serves its own node through its unix socket (unix:///path)');
}
const port = Number(process.env.PORTOLAN_AGENT_PORT || 9323);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail('PORTOLAN_AGENT_PORT: not a port');
const certs = process.env.PORTOLAN_AGENT_CERTS || '/run/secrets';
let tls: { ca: Buffer; cert: Buffer; key: Buffer };
try {
  const read = (file: string) => fs.readFileSync(path.join(certs, file));
  tls = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
} catch (error) {
  fail(
    `PORTOLAN_AGENT_CERTS: ${error instanceof Error ? error.message : String(error)} (npm run -s certs makes them)`,
  );
}

const procRoot =
  process.env.PORTOLAN_AGENT_PROC || (fs.existsSync('/host/proc/1') ? '/host/proc' : '/proc');
const traffic = createAgentTraffic({ socketPath: address.value.socketPath, procRoot, logger });
const server = createAgentServer({
  socketPath: address.value.socketPath,
  tls,
  clientName: AGENT_CLIENT_NAME,
  logger,
  traffic,
});
const host = process.env.PORTOLAN_AGENT_HOST || '0.0.0.0';
server.listen(port, host, () =>
  logger.info('listening', { host, port, engine: address.ok ? address.value : null }),
);
server.on('error', (error) => fail(`cannot listen: ${error.message}`));
// NOTE: end the dashboard's open streams too (server.close alone waits for them), so a stopped
// agent is noticed at once rather than at its stop grace period's SIGKILL.
const stop = () => {
  traffic.stop();
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
