import { err, ok, type Result } from '@/lib/result';

/**
 * PORTOLAN_AGENTS: where the dashboard finds `portolan agent`s, `name:port` (a DNS name that
 * answers every agent's address, in swarm mode `tasks.<agent service>`), comma-separated.
 */
export interface AgentSource {
  name: string;
  port: number;
}

export const AGENT_PORT = 9323;
/** The name every agent's certificate carries (`npm run -s certs`); agents are dialled by IP. */
export const AGENT_SERVER_NAME = 'portolan-agent';

const DNS_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9_-]{0,62})(\.[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,62}))*$/;

export function parseAgentSources(value: string): Result<AgentSource[], string> {
  const sources: AgentSource[] = [];
  for (const item of value.split(',').map((part) => part.trim())) {
    if (!item) continue;
    const colon = item.lastIndexOf(':');
    const name = colon === -1 ? item : item.slice(0, colon);
    const port = colon === -1 ? AGENT_PORT : Number(item.slice(colon + 1));
    if (!DNS_NAME.test(name)) return err(`"${item}": expected a DNS name such as tasks.agent:9323`);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return err(`"${item}": not a port`);
    sources.push({ name, port });
  }
  if (sources.length === 0) return err('no agent address given');
  return ok(sources);
}
