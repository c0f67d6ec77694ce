import { cidrContainsIp, formatIp, lastAddress, parseCidr, parseIp } from '@/lib/ip/cidr';
import { addressesInUse } from '@/lib/topology/queries';
import type { Topology, TopologyContainer, TopologyNetwork } from '@/lib/topology/types';

import type { ConnectNetworkRequest } from './request-schemas';

/** The rules of a connect that need the network and the container: stacks, addresses, aliases. */

/** Why a container cannot join any further network (host, none or shared stack), or null. */
export function networkModeProblem(container: TopologyContainer): string | null {
  const mode = container.networkMode ?? '';
  if (mode === 'none')
    return `${container.name} runs with --network none; it cannot join networks.`;
  if (mode === 'host') {
    return `${container.name} uses the host's network stack; it cannot join other networks.`;
  }
  if (mode.startsWith('container:')) {
    return `${container.name} shares another container's network stack; connect that one instead.`;
  }
  return null;
}

/**
 * Why a static address of `family` cannot be a container's on a user-defined network: outside
 * its subnets, the subnet's own or broadcast address, or one `used` already holds.
 */
function staticAddressProblem(
  text: string,
  family: 4 | 6,
  network: TopologyNetwork,
  used: ReadonlyMap<string, string>,
): string | null {
  const address = parseIp(text);
  if (!address || address.family !== family) return null;
  if (network.system) {
    return `Static addresses work only on user-defined networks; ${network.name} is Docker's own.`;
  }
  const subnets = network.subnets
    .map((subnet) => ({ text: subnet.subnet, cidr: parseCidr(subnet.subnet, { lenient: true }) }))
    .filter((subnet) => subnet.cidr.ok && subnet.cidr.value.family === family);
  const home = subnets.find(
    (subnet) => subnet.cidr.ok && cidrContainsIp(subnet.cidr.value, address),
  );
  if (subnets.length === 0) return `${network.name} has no IPv${family} subnet.`;
  if (!home || !home.cidr.ok) {
    return `${text} is outside ${network.name}'s subnet ${subnets.map((subnet) => subnet.text).join(', ')}.`;
  }
  if (address.value === home.cidr.value.network) {
    return `${text} is the subnet's own address; use a host address.`;
  }
  if (family === 4 && address.value === lastAddress(home.cidr.value)) {
    return `${text} is the subnet's broadcast address.`;
  }
  const by = used.get(formatIp(address));
  return by ? `${text} is already used by ${by}.` : null;
}

/**
 * The rules of a connect that need the network (and the container, when the topology has it):
 * static addresses inside one of its subnets, not its own, broadcast, gateway or another
 * endpoint's address; aliases and static addresses only on user-defined networks; a swarm overlay
 * only when attachable; a container that has a network stack of its own.
 */
export function checkConnectAgainstNetwork(
  input: ConnectNetworkRequest,
  network: TopologyNetwork,
  topology: Topology,
  container?: TopologyContainer,
): Record<string, string> {
  const fields: Record<string, string> = {};
  // NOTE: besides being refused, a failed attach of a worker's container to an overlay leaves
  // the manager holding an attachment task (dockerd 20.10), and the overlay cannot be removed.
  const mode = container ? networkModeProblem(container) : null;
  if (mode) fields.container = mode;
  if (network.scope === 'swarm' && !network.attachable) {
    fields._ = `${network.name} is not attachable: only swarm services can join it.`;
  }
  if (network.system && input.aliases && input.aliases.length > 0) {
    fields.aliases = `Aliases work only on user-defined networks; ${network.name} is Docker's own.`;
  }
  const used = addressesInUse(topology, network);
  for (const [field, family] of [
    ['ipv4', 4],
    ['ipv6', 6],
  ] as const) {
    const text = input[field];
    if (text === undefined) continue;
    const problem = staticAddressProblem(text, family, network, used);
    if (problem) fields[field] = problem;
  }
  return fields;
}
