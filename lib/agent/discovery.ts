/**
 * The rules of agent discovery beyond start-up (server/agent/discovery.ts runs them): which
 * agents to connect to, which engine to move to a restarted agent's new address, and which to
 * drop, from what `tasks.<agent service>` answers now and what the swarm says of its nodes.
 */

/** An engine the dashboard reads through an agent, named by the agent's node host name. */
export interface AgentEngine {
  name: string;
  host: string;
  port: number;
  /** When an address last answered with this host name (ms). */
  lastSeen: number;
}

/** One address `tasks.<agent service>` resolved to, and the host name its agent gave. */
export interface AgentAnswer {
  address: string;
  port: number;
  hostname: string;
}

/** A swarm node as the manager lists it. */
export interface SwarmNodeSeen {
  hostname: string;
  /** The engine's word: `ready`, `down`, `unknown`, `disconnected`. */
  state: string;
}

export interface AgentPlan {
  /** Agents for nodes not read yet: new engines. */
  add: AgentEngine[];
  /** Engines whose agent answers at another address now (the swarm restarted it). */
  move: AgentEngine[];
  /** Engine names whose agent task is gone. */
  drop: string[];
  /** The agent engines after the plan is applied. */
  engines: AgentEngine[];
}

/**
 * How long an engine whose agent stopped answering is kept (shown stale) while its node is still
 * in the swarm and not down: the swarm restarts a failed agent within seconds, and the node
 * should stay on the map, marked stale, rather than vanish and come back.
 */
export const AGENT_GRACE_MS = 60_000;

/** Is this node gone from the swarm, or down (a node that left is listed down until removed)? */
function nodeGone(hostname: string, nodes: readonly SwarmNodeSeen[] | null): boolean {
  if (nodes === null) return false;
  const node = nodes.find((candidate) => candidate.hostname === hostname);
  return !node || node.state === 'down';
}

/**
 * One discovery round. Agents answering for a node read directly (the manager's own socket) are
 * ignored; of several addresses answering one host name, the engine keeps the one it has, else
 * the lowest. `nodes` is null when no manager is read (then only the grace drops an engine).
 */
export function planAgents(
  current: readonly AgentEngine[],
  answers: readonly AgentAnswer[],
  context: {
    direct: readonly string[];
    nodes: readonly SwarmNodeSeen[] | null;
    now: number;
    graceMs?: number;
  },
): AgentPlan {
  const { direct, nodes, now, graceMs = AGENT_GRACE_MS } = context;
  const byName = new Map(current.map((engine) => [engine.name, engine]));
  const answered = new Map<string, AgentAnswer>();
  const ordered = [...answers].sort(
    (a, b) => a.hostname.localeCompare(b.hostname) || a.address.localeCompare(b.address),
  );
  for (const answer of ordered) {
    if (direct.includes(answer.hostname)) continue;
    const had = byName.get(answer.hostname);
    const chosen = answered.get(answer.hostname);
    if (!chosen || (had && had.host === answer.address && had.port === answer.port)) {
      answered.set(answer.hostname, answer);
    }
  }
  const plan: AgentPlan = { add: [], move: [], drop: [], engines: [] };
  for (const [name, answer] of answered) {
    const engine = { name, host: answer.address, port: answer.port, lastSeen: now };
    const had = byName.get(name);
    if (!had) plan.add.push(engine);
    else if (had.host !== engine.host || had.port !== engine.port) plan.move.push(engine);
    plan.engines.push(engine);
  }
  for (const engine of current) {
    if (answered.has(engine.name)) continue;
    if (nodeGone(engine.name, nodes) || now - engine.lastSeen > graceMs)
      plan.drop.push(engine.name);
    else plan.engines.push(engine);
  }
  plan.engines.sort((a, b) => a.name.localeCompare(b.name));
  return plan;
}

/**
 * The addresses worth asking who they are: those no engine holds, and those of engines that are
 * not live (a restarted agent's address may now belong to another node's agent).
 */
export function addressesToAsk(
  addresses: readonly string[],
  current: readonly AgentEngine[],
  live: (name: string) => boolean,
): string[] {
  const known = new Set(current.filter((engine) => live(engine.name)).map((engine) => engine.host));
  return [...new Set(addresses)].filter((address) => !known.has(address));
}

/**
 * Why a swarm node's own containers are not on the map, when no engine of it is read: the
 * manager shows its swarm tasks, nothing shows its other containers.
 */
export function unreadNodeReason(agents: readonly { name: string; port: number }[]): string {
  if (agents.length === 0) {
    return (
      'Portolan reads no engine on this node (it is not in PORTOLAN_ENGINES and PORTOLAN_AGENTS ' +
      'is not set): its swarm tasks show from the manager, its own containers are not visible.'
    );
  }
  const where = agents.map((agent) => `${agent.name}:${agent.port}`).join(', ');
  return (
    `No agent answers for this node at ${where}: its swarm tasks show from the manager, its own ` +
    'containers are not visible. Is the agent service global, and its task on this node running?'
  );
}
