import { promises as dns } from 'node:dns';

import { AGENT_SERVER_NAME, agentEngines, type AgentSource } from '@/lib/config/agents';
import type { EngineSpec } from '@/lib/config/engine-address';

import type { ServerConfig } from '../config';
import { createDockerClient, withTimeout } from '../docker/client';
import type { Logger } from '../logger';

const INFO_MS = 5_000;
const SETTLE_MS = 60_000;
const RETRY_MS = 2_000;

interface Answer {
  address: string;
  port: number;
  hostname: string;
}

/** Every address the sources' names resolve to, asked for its node's host name. */
async function askAgents(
  sources: readonly AgentSource[],
  tls: ServerConfig['tls'],
  logger: Logger,
) {
  const answers: Answer[] = [];
  for (const source of sources) {
    const addresses = await dns.lookup(source.name, { all: true }).catch((error: unknown) => {
      logger.debug('no agent address', { name: source.name, error });
      return [];
    });
    await Promise.all(
      addresses.map(async ({ address }) => {
        const spec: EngineSpec = {
          name: address,
          address: {
            kind: 'tcp',
            host: address,
            port: source.port,
            tls: true,
            serverName: AGENT_SERVER_NAME,
          },
        };
        const info = (await withTimeout(
          createDockerClient(spec, tls).info(),
          INFO_MS,
          'agent info',
        ).catch((error: unknown) => {
          logger.debug('agent did not answer', { address, port: source.port, error });
          return null;
        })) as { Name?: unknown } | null;
        if (typeof info?.Name === 'string')
          answers.push({ address, port: source.port, hostname: info.Name });
      }),
    );
  }
  return answers;
}

/** How many swarm nodes are Ready, as a directly read manager says (null when none is). */
async function readyNodes(config: ServerConfig): Promise<number | null> {
  for (const spec of config.engines) {
    const nodes = await withTimeout(
      createDockerClient(spec, config.tls).listNodes(),
      INFO_MS,
      'nodes',
    ).catch(() => null);
    if (nodes) return nodes.filter((node) => node.Status?.State === 'ready').length;
  }
  return null;
}

/**
 * The engines to read: the configured ones, plus one per agent found through PORTOLAN_AGENTS.
 * NOTE: read once at start: agents and the dashboard start together in a stack, so this waits
 * (at most a minute) until every Ready node is covered, directly or by an agent.
 */
export async function withAgentEngines(
  config: ServerConfig,
  logger: Logger,
): Promise<EngineSpec[]> {
  if (config.agents.length === 0) return config.engines;
  const direct = config.engines.map((spec) => spec.name);
  const deadline = Date.now() + SETTLE_MS;
  let found: ReturnType<typeof agentEngines> = [];
  for (;;) {
    found = agentEngines(await askAgents(config.agents, config.tls, logger), direct);
    const ready = await readyNodes(config);
    if ((ready !== null && direct.length + found.length >= ready) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  logger.info('agents', {
    agents: found.map((engine) => `${engine.name}=${engine.host}:${engine.port}`),
  });
  return [
    ...config.engines,
    ...found.map((engine): EngineSpec => ({
      name: engine.name,
      address: {
        kind: 'tcp',
        host: engine.host,
        port: engine.port,
        tls: true,
        serverName: AGENT_SERVER_NAME,
      },
    })),
  ];
}
