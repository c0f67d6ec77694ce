import type { Topology } from '@/lib/topology/types';

/** What a removal asks before it acts: what goes, and what else it touches. */
export interface RemovalQuestion {
  question: string;
  /** What it affects, one line each (endpoints, tasks, networks). */
  details: string[];
  confirmLabel: string;
}

const SHOWN = 8;

/** Names, the first few of them, and how many more. */
function some(names: string[]): string {
  const shown = names.slice(0, SHOWN).join(', ');
  return names.length > SHOWN ? `${shown} and ${names.length - SHOWN} more` : shown;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The containers with an endpoint on a network, by name. */
export function endpointsOf(topology: Topology, networkId: string): string[] {
  return Object.values(topology.containers)
    .filter((container) => container.endpoints.some((endpoint) => endpoint.network === networkId))
    .map((container) => container.name)
    .sort();
}

export function containerRemoval(topology: Topology, id: string): RemovalQuestion | null {
  const container = topology.containers[id];
  if (!container) return null;
  const networks = container.endpoints.map((endpoint) => endpoint.networkName);
  return {
    question: `Remove container ${container.name}?`,
    details: [
      container.state === 'running'
        ? 'It is running: it is stopped first (forced).'
        : `It is ${container.state}.`,
      networks.length > 0
        ? `Its endpoints go from ${plural(networks.length, 'network')}: ${some(networks)}.`
        : 'It has no network endpoints.',
    ],
    confirmLabel: 'Remove container',
  };
}

export function serviceRemoval(topology: Topology, id: string): RemovalQuestion | null {
  const service = topology.services[id];
  if (!service) return null;
  const tasks = Object.values(topology.tasks)
    .filter((task) => task.service === id)
    .map((task) => task.name)
    .sort();
  return {
    question: `Remove service ${service.name}?`,
    details: [
      tasks.length > 0
        ? `Its ${plural(tasks.length, 'task')} stop and go: ${some(tasks)}.`
        : 'It has no tasks.',
      ...(service.vips.length > 0 ? ['Its virtual IPs are released.'] : []),
      ...(service.ports.length > 0
        ? [
            `Its published ports close: ${service.ports.map((port) => `${port.published}/${port.protocol}`).join(', ')}.`,
          ]
        : []),
    ],
    confirmLabel: 'Remove service',
  };
}

/**
 * A network's removal; with `disconnect`, every container is disconnected first (without it,
 * Docker refuses while endpoints remain, and the question says so).
 */
export function networkRemoval(
  topology: Topology,
  id: string,
  disconnect: boolean,
): RemovalQuestion | null {
  const network = topology.networks[id];
  if (!network) return null;
  const endpoints = endpointsOf(topology, id);
  const subnets = network.subnets.map((subnet) => subnet.subnet).join(', ');
  const what = `${network.driver} network${subnets ? `, ${subnets}` : ''}`;
  if (disconnect) {
    return {
      question: `Disconnect every container from ${network.name}, then remove it?`,
      details: [
        endpoints.length > 0
          ? `${plural(endpoints.length, 'container')} ${endpoints.length === 1 ? 'loses its' : 'lose their'} endpoint on it: ${some(endpoints)}.`
          : 'No container is connected to it.',
        `The ${what} goes.`,
      ],
      confirmLabel: 'Disconnect and remove',
    };
  }
  return {
    question: `Remove network ${network.name}?`,
    details: [
      `The ${what} goes.`,
      endpoints.length > 0
        ? `${plural(endpoints.length, 'container')} still ${endpoints.length === 1 ? 'has' : 'have'} an endpoint on it (${some(endpoints)}): Docker refuses while ${endpoints.length === 1 ? 'it is' : 'they are'} connected.`
        : 'No container is connected to it.',
    ],
    confirmLabel: 'Remove network',
  };
}
