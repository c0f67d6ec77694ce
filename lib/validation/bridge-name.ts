/**
 * Which Linux bridge a new bridge network may ask for (`com.docker.network.bridge.name`).
 *
 * NOTE: dockerd 20.10 does not refuse a bridge name that already exists on the host: it adopts the
 * interface, gives it the new network's gateway address and, on removal, leaves it broken. Naming
 * `docker0` cuts every container on the default bridge off until dockerd restarts; naming a host
 * NIC readdresses it. So a name is refused when it is an interface the engine already uses (a
 * bridge of one of its networks, a macvlan/ipvlan parent) or belongs to a family of interfaces
 * that hosts, Docker and other network software create by themselves.
 */

/** One existing network, as far as its host interfaces go. */
export interface NetworkInterfaces {
  id: string;
  name: string;
  driver: string;
  options: Readonly<Record<string, string>>;
  parent: string | null;
}

export const BRIDGE_NAME_OPTION = 'com.docker.network.bridge.name';

/**
 * Interface families a host has or other software makes, so a custom bridge must not take their
 * names: the host's own NICs, Docker's interfaces, virtualisation, CNI and tunnel software.
 */
const RESERVED_FAMILIES: readonly { pattern: RegExp; family: string }[] = [
  { pattern: /^lo\d*$/, family: 'the loopback interface' },
  { pattern: /^(eth|en[opsxb]|wl|ww|ib|bond|team|vlan)/, family: 'the host’s network interfaces' },
  { pattern: /^(docker|br-|veth|vx-|ov-|vxlan)/, family: 'Docker’s own interfaces' },
  {
    pattern: /^(virbr|lxc|lxd|cni|flannel|cali|cilium|kube|weave)/,
    family: 'other network software',
  },
  {
    pattern: /^(tun|tap|wg|tailscale|zt|dummy|sit|ip6|gre|erspan)/,
    family: 'tunnels and virtual links',
  },
];

/** The Linux bridge a bridge network uses: its option, `docker0` for the default one, else br-<id>. */
export function bridgeInterfaceOf(network: NetworkInterfaces): string | null {
  if (network.driver !== 'bridge') return null;
  const named = network.options[BRIDGE_NAME_OPTION];
  if (named) return named;
  if (network.name === 'bridge') return 'docker0';
  return `br-${network.id.slice(0, 12)}`;
}

/** Every host interface the engine's networks are known to use, with the network that uses it. */
export function interfacesInUse(networks: readonly NetworkInterfaces[]): Map<string, string> {
  const used = new Map<string, string>();
  for (const network of networks) {
    const bridge = bridgeInterfaceOf(network);
    if (bridge) used.set(bridge.toLowerCase(), `the bridge of network ${network.name}`);
    if (network.parent) {
      used.set(network.parent.toLowerCase(), `the parent interface of network ${network.name}`);
    }
  }
  return used;
}

/**
 * Why `name` may not be the bridge of a new network on an engine whose networks are `networks`,
 * or null when it may.
 */
export function bridgeNameProblem(
  name: string,
  networks: readonly NetworkInterfaces[],
  engine: string,
): string | null {
  const lower = name.toLowerCase();
  const owner = interfacesInUse(networks).get(lower);
  if (owner) {
    return `${name} already exists on ${engine} (${owner}): a new network would take it over. Choose a new name.`;
  }
  const reserved = RESERVED_FAMILIES.find(({ pattern }) => pattern.test(lower));
  if (reserved) {
    return `${name} looks like one of ${reserved.family}, which a new network would take over; choose a name of your own (e.g. portolan0).`;
  }
  return null;
}
