/*
 * The short text the map writes under a node or along a link.
 */
import { serviceAliasesOn } from '@/lib/discovery/model';
import { countTaskPhases, taskPhase, type TaskPhase } from '@/lib/topology/tasks';
import type {
  ContainerEndpoint,
  TopologyNetwork,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';

/** `5000→80/tcp` */
export function portText(published: number, target: number, protocol: string): string {
  return `${published || '*'}→${target}/${protocol}`;
}

/** The IPv4 subnet if there is one (what people look for first), else the first. */
function firstSubnet(network: Pick<TopologyNetwork, 'subnets'>) {
  return network.subnets.find((subnet) => !subnet.subnet.includes(':')) ?? network.subnets[0];
}

/** What kind of network it is, then its subnet and gateway (or what stands for them). */
export function networkLines(network: TopologyNetwork): string[] {
  const driver = network.driver === 'null' ? 'none' : network.driver;
  const kind = [driver];
  if (network.ingress) kind.push('routing mesh');
  if (network.encrypted) kind.push('encrypted');
  if (network.internal) kind.push('internal');
  if (network.parent) kind.push(`parent ${network.parent}`);
  // NOTE: `host` and `none` are named after their driver: do not say it twice.
  const lines = kind.length === 1 && kind[0] === network.name ? [] : [kind.join(' · ')];
  const subnet = firstSubnet(network);
  if (subnet) {
    lines.push(subnet.gateway ? `${subnet.subnet} gw ${subnet.gateway}` : subnet.subnet);
  } else if (network.driver === 'host') {
    lines.push("the host's own stack");
  } else if (network.driver === 'null') {
    lines.push('loopback only');
  }
  return lines;
}

export function networkTags(network: TopologyNetwork): string[] {
  const tags: string[] = [];
  if (network.system) tags.push('system');
  if (network.ingress) tags.push('ingress');
  if (network.encrypted) tags.push('encrypted');
  if (network.internal) tags.push('internal');
  if (network.attachable) tags.push('attachable');
  if (network.scope === 'swarm') tags.push('swarm');
  return tags;
}

/** An endpoint link's label: address and the aliases other than the element's own name. */
export function endpointLabel(
  endpoint: Pick<ContainerEndpoint, 'ipv4' | 'ipv6' | 'aliases'>,
  name: string,
  driver: string,
): string {
  const address = endpoint.ipv4 ?? endpoint.ipv6;
  const aliases = endpoint.aliases.filter((alias) => alias !== name);
  if (!address) {
    if (driver === 'host') return 'host stack';
    if (driver === 'null') return 'no network';
    return aliases.join(', ');
  }
  return aliases.length > 0 ? `${address} · ${aliases.join(', ')}` : address;
}

/** A service's link to one network: its VIP there (or `dnsrr`), then its aliases there. */
export function serviceLinkLabel(service: TopologyService, network: TopologyNetwork): string {
  const vip = service.vips.find((v) => v.network === network.id);
  const how = vip ? `VIP ${vip.addr}` : service.endpointMode === 'dnsrr' ? 'dnsrr' : '';
  const aliases = serviceAliasesOn(service, network);
  if (aliases.length === 0) return how;
  return how ? `${how} · ${aliases.join(', ')}` : aliases.join(', ');
}

/** `4/4 running`, then what is on its way: `· 1 starting`, `· 3 stopping`. */
export function replicasText(replicas: TopologyService['replicas']): string {
  const moving = [
    replicas.starting > 0 ? `${replicas.starting} starting` : '',
    replicas.stopping > 0 ? `${replicas.stopping} stopping` : '',
  ].filter(Boolean);
  return [`${replicas.running}/${replicas.desired} running`, ...moving].join(' · ');
}

/** Where a task is, in words a person reads (the inspector's lifecycle field). */
export const TASK_PHASE_TEXT: Record<TaskPhase, string> = {
  starting: 'starting: meant to run, not running yet (its names join DNS once it runs)',
  running: 'running, as the swarm wants',
  stopping:
    'stopping: told to stop, its container still up inside its stop grace period; already out of DNS',
  ended: 'ended: kept by the manager as history',
};

/** A task's state in one cell: `running`, `stopping (running → remove)`, `starting (preparing)`. */
export function taskStateText(task: Pick<TopologyTask, 'state' | 'desiredState'>): string {
  const phase = taskPhase(task);
  if (phase === 'stopping') return `stopping (${task.state} → ${task.desiredState})`;
  if (phase === 'starting' && task.state !== 'starting') return `starting (${task.state})`;
  return task.state;
}

/** `4 running · 3 stopping · 2 ended (history)`: the tasks of now, then what the manager keeps. */
export function taskCountText(tasks: readonly Pick<TopologyTask, 'state' | 'desiredState'>[]) {
  const counts = countTaskPhases(tasks);
  const parts = (['running', 'starting', 'stopping'] as const)
    .filter((phase) => counts[phase] > 0)
    .map((phase) => `${counts[phase]} ${phase}`);
  if (counts.ended > 0) parts.push(`${counts.ended} ended (history)`);
  return parts.join(' · ') || 'none';
}
