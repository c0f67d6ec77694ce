import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import next from 'next';

import { unreadNodeReason } from '@/lib/agent/discovery';
import { describeEngineAddress } from '@/lib/config/engine-address';
import { allowedHostNames } from '@/lib/http/origin-policy';

import { followAgents, withAgentEngines } from './agent/discovery';
import { loadConfig } from './config';
import { createLiveCore } from './core';
import { createHttpStack } from './http/http-stack';
import { createLogger } from './logger';
import { attachGateway } from './realtime/gateway';
import { createAccessControl } from './security/access';
import { createAuditLog } from './security/audit-log';
import { loadSnapshotArgument } from './snapshot-file';
import { createSnapshotCore } from './snapshot-core';
import { loadAccessTokens } from './security/tokens';

// NOTE: Next's telemetry would phone home; Portolan sends nothing anywhere unless asked.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    for (const problem of loaded.error) console.error(`portolan: configuration: ${problem}`);
    process.exit(2);
  }
  const config = loaded.value;
  const logger = createLogger(config.logLevel, { service: 'portolan' });

  // NOTE: `--snapshot FILE` serves a portable snapshot read-only, with no engine (docs/history.md).
  const opened = loadSnapshotArgument(process.argv.slice(2));
  const snapshot = opened?.snapshot ?? null;
  const { engines, agents } = snapshot
    ? { engines: [], agents: [] }
    : await withAgentEngines(config, logger);
  const core = snapshot
    ? createSnapshotCore(snapshot, logger, opened?.file)
    : createLiveCore(engines, config.tls, logger, {
        history: config.history && {
          dir: path.join(config.stateDir, 'history'),
          ...config.history,
        },
        liveness: config.liveness,
        traffic: config,
        unreadReason: unreadNodeReason(config.agents),
      });
  const readonly = config.readonly || snapshot !== null;
  const { hub } = core;

  const app = next({
    dev: config.development,
    dir: projectRoot,
    hostname: config.host,
    port: config.port,
  });
  await app.prepare();
  const handlePage = app.getRequestHandler();
  const tokens = loadAccessTokens(config.stateDir, {
    operator: config.token,
    viewer: config.viewerToken,
  });
  const access = createAccessControl(tokens, {
    readonly,
    httpsHosts: new Set(config.allowedHosts.map((host) => host.toLowerCase())),
  });
  // NOTE: each replica keeps its own audit file; stdout gathers them all (`docker service logs`),
  // whatever LOG_LEVEL says.
  const auditLines = createLogger('info', { service: 'portolan', component: 'audit' });
  const audit = createAuditLog(config.stateDir, {
    mirror: (entry) => auditLines.info('audit', { audit: entry }),
  });
  const allowedHosts = allowedHostNames(config.host, config.allowedHosts);
  const { handler } = createHttpStack({
    core,
    access,
    audit,
    allowedHosts,
    logger,
    development: config.development,
    handlePage,
  });
  const httpServer = http.createServer(handler);

  const io = attachGateway(httpServer, {
    hub,
    events: core.events,
    traffic: core.traffic,
    access,
    allowedHosts,
    logger,
  });
  core.start();
  const agentDiscovery = snapshot ? null : followAgents(config, core, agents, logger);

  httpServer.once('error', (error) => {
    logger.error('http server error', { error });
    process.exit(1);
  });
  httpServer.listen(config.port, config.host, () => {
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    logger.info('listening', {
      url: `http://${host}:${port}/`,
      engines: engines.map((spec) => `${spec.name}=${describeEngineAddress(spec.address)}`),
      mode: config.development ? 'development' : 'production',
      readonly,
      ...(opened ? { snapshot: opened.file, at: opened.snapshot.at } : {}),
    });
    // NOTE: a token Portolan generated is shown once, like Jupyter's login URL; afterwards it
    // lives only in its 0600 file. It goes to the terminal, never into the structured log, and a
    // token that was given (PORTOLAN_TOKEN, a secret file) is never printed at all.
    if (tokens.operatorCreated) {
      console.log(`\n  Portolan is ready: open http://${host}:${port}/?token=${tokens.operator}\n`);
    }
    if (tokens.created.length > 0) {
      console.log(`  (new tokens kept in ${tokens.created.join(' and ')}, readable only by you)\n`);
    }
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    agentDiscovery?.stop();
    void core.stop();
    void audit.flush();
    // NOTE: io.close() disconnects browsers cleanly, then closes the HTTP server itself.
    void io.close(() => process.exit(0));
    httpServer.closeAllConnections();
    setTimeout(() => process.exit(0), 3_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('portolan: failed to start:', error);
  process.exit(1);
});
