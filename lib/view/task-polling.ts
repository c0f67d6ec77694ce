import type { Topology } from '@/lib/topology/types';
import { compareNames } from './collate';

/**
 * What to say when tasks are polled rather than streamed: a swarm node whose engine Portolan is
 * not connected to (a manager-only setup, or a worker without an agent) sends no container events,
 * so its tasks follow the manager's `/tasks` listing, read again while they change. Null when every
 * swarm node's engine is streamed (tasks follow their containers' events) or there is no swarm.
 */
export function taskPollingNotice(topology: Pick<Topology, 'nodes'> | null): string | null {
  if (!topology) return null;
  const polled = Object.values(topology.nodes)
    .filter((node) => node.kind === 'swarm' && node.engine === null)
    .map((node) => node.hostname)
    .sort((a, b) => compareNames(a, b));
  if (polled.length === 0) return null;
  const nodes =
    polled.length === 1
      ? `node ${polled[0]}`
      : `nodes ${polled.slice(0, -1).join(', ')} and ${polled.at(-1)}`;
  return `Tasks on ${nodes} are polled from the manager (their engines are not streamed): a task's start or stop shows a few hundred milliseconds late. Add those engines (or run the node agent there) for tasks at event speed.`;
}
