import { promises as dns } from 'node:dns';

import {
  addressesToAsk,
  planAgents,
  type AgentAnswer,
  type AgentEngine,
  type SwarmNodeSeen,
} from '@/lib/agent/discovery';
import { AGENT_SERVER_NAME, type AgentSource } from '@/lib/config/agents';
import type { EngineSpec } from '@/lib/config/engine-address';
import type { Topology } from '@/lib/topology/types';

import type { ServerConfig } from '../config';
import { createDockerClient, withTimeout } from '../docker/client';
import type { LiveCore } from '../core';
import type { Logger } from '../logger';

const INFO_MS = 5_000;
const SETTLE_MS = 60_000;
const RETRY_MS = 2_000;
/** How often `tasks.<agent service>` is resolved again after start. */
const POLL_MS = 5_000;
const NODE_EVENT_DELAY_MS = 1_000;

/** The addresses a source's name resolves to now ([] when it does not resolve). */
async function resolveSource(source: AgentSource, logger: Logger): Promise<string[]> {
  const found = await dns.lookup(source.name, { all: true }).catch((error: unknown) => {
    logger.debug('no agent address', { name: source.name, error });
    return [];
  });
  return found.map(({ address }) => address);
}

/** The agents at these addresses, asked for their node's host name (the silent ones left out). */
async function askAgents(
  addresses: readonly string[],
  port: number,
  tls: ServerConfig['tls'],
  logger: Logger,
): Promise<AgentAnswer[]> {
  const answers = await Promise.all(
    addresses.map(async (address): Promise<AgentAnswer | null> => {
      const info = (await withTimeout(
        createDockerClient(agentSpec(address, address, port), tls).info(),
        INFO_MS,
        'agent info',
      ).catch((error: unknown) => {
        logger.debug('agent did not answer', { address, port, error });
        return null;
      })) as { Name?: unknown } | null;
      return typeof info?.Name === 'string' ? { address, port, hostname: info.Name } : null;
    }),
  );
  return answers.filter((answer) => answer !== null);
}

/** Every agent answering at the sources now. */
async function discoverAll(
  sources: readonly AgentSource[],
  tls: ServerConfig['tls'],
  logger: Logger,
): Promise<AgentAnswer[]> {
  const answers: AgentAnswer[] = [];
  for (const source of sources) {
    answers.push(
      ...(await askAgents(await resolveSource(source, logger), source.port, tls, logger)),
    );
  }
  return answers;
}

function agentSpec(name: string, host: string, port: number): EngineSpec {
  return {
    name,
    address: { kind: 'tcp', host, port, tls: true, serverName: AGENT_SERVER_NAME },
  };
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
 * The engines to read at start: the configured ones, plus one per agent found through
 * PORTOLAN_AGENTS. Agents and the dashboard start together in a stack, so this waits (at most a
 * minute) until every Ready node is covered, directly or by an agent; `followAgents` then keeps
 * the set in step with the swarm.
 */
export async function withAgentEngines(
  config: ServerConfig,
  logger: Logger,
): Promise<{ engines: EngineSpec[]; agents: AgentEngine[] }> {
  if (config.agents.length === 0) return { engines: config.engines, agents: [] };
  const direct = config.engines.map((spec) => spec.name);
  const deadline = Date.now() + SETTLE_MS;
  let found: AgentEngine[] = [];
  for (;;) {
    const answers = await discoverAll(config.agents, config.tls, logger);
    found = planAgents([], answers, { direct, nodes: null, now: Date.now() }).engines;
    const ready = await readyNodes(config);
    if ((ready !== null && direct.length + found.length >= ready) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  logger.info('agents', {
    agents: found.map((engine) => `${engine.name}=${engine.host}:${engine.port}`),
  });
  return {
    engines: [
      ...config.engines,
      ...found.map((engine) => agentSpec(engine.name, engine.host, engine.port)),
    ],
    agents: found,
  };
}

/** The swarm's nodes as the map holds them (from a manager); null when no manager is read. */
function swarmNodes(topology: Topology): SwarmNodeSeen[] | null {
  const nodes = Object.values(topology.nodes).flatMap((node) =>
    node.kind === 'swarm' ? [{ hostname: node.hostname, state: node.state }] : [],
  );
  return nodes.length > 0 ? nodes : null;
}

/**
 * Keeps the agents read in step with the swarm after start: `tasks.<agent service>` is resolved
 * again every few seconds and soon after any node event, a new agent becomes an engine named by
 * its node's host name, a restarted one moves its engine to the new address, and an engine whose
 * agent task is gone is dropped (see lib/agent/discovery.ts for the rules).
 */
export function followAgents(
  config: Pick<ServerConfig, 'agents' | 'engines' | 'tls'>,
  core: Pick<LiveCore, 'hub' | 'setEngine' | 'removeEngine'>,
  initial: readonly AgentEngine[],
  logger: Logger,
  pollMs = POLL_MS,
): { stop(): void } {
  if (config.agents.length === 0) return { stop() {} };
  const log = logger.child({ component: 'agents' });
  const direct = config.engines.map((spec) => spec.name);
  let current = [...initial];
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let again = false;
  let stopped = false;

  const round = async () => {
    const topology = core.hub.snapshot();
    const live = (name: string) => topology.engines[name]?.reachable === true;
    const answers: AgentAnswer[] = [];
    for (const source of config.agents) {
      const addresses = await resolveSource(source, log);
      const mine = current.filter((engine) => engine.port === source.port);
      for (const engine of mine) {
        if (live(engine.name) && addresses.includes(engine.host))
          answers.push({ address: engine.host, port: engine.port, hostname: engine.name });
      }
      const ask = addressesToAsk(addresses, mine, live);
      answers.push(...(await askAgents(ask, source.port, config.tls, log)));
    }
    if (stopped) return;
    const plan = planAgents(current, answers, {
      direct,
      nodes: swarmNodes(core.hub.snapshot()),
      now: Date.now(),
    });
    for (const name of plan.drop) {
      log.info('agent gone: engine dropped', { engine: name });
      core.removeEngine(name);
    }
    for (const engine of [...plan.add, ...plan.move]) {
      log.info(plan.add.includes(engine) ? 'agent found' : 'agent moved', {
        engine: engine.name,
        address: `${engine.host}:${engine.port}`,
      });
      core.setEngine(agentSpec(engine.name, engine.host, engine.port));
    }
    current = plan.engines;
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), delayMs);
  };
  const run = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      await round();
    } catch (error) {
      log.warn('agent discovery failed', { error });
    } finally {
      busy = false;
      schedule(again ? 0 : pollMs);
      again = false;
    }
  };
  // NOTE: a node joining, leaving or going down says so on the manager's stream; its agent's
  // task follows within a few seconds, so look soon and once more a little later.
  const unsubscribe = core.hub.subscribe({
    onEvent: (event) => {
      if (event.type !== 'node') return;
      schedule(NODE_EVENT_DELAY_MS);
    },
  });
  schedule(pollMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
