/**
 * The drivers a new network may use, what each means and which fields it takes: the words of the
 * "New network" form, and what the schemas check against.
 */

export const NETWORK_DRIVERS = ['bridge', 'overlay', 'macvlan', 'ipvlan'] as const;
export type NetworkDriver = (typeof NETWORK_DRIVERS)[number];

/** What each driver means, for the form's help text. */
export const NETWORK_DRIVER_HELP: Record<NetworkDriver, string> = {
  bridge:
    'Single host: containers on this engine reach each other by name. From outside the host they ' +
    'are reachable only through published ports (-p host:container).',
  overlay:
    'Spans every node of a swarm: containers and services on different hosts share one network ' +
    '(VXLAN between nodes). Needs swarm mode.',
  macvlan:
    'Puts containers directly on the external network, each with its own MAC and IP address. ' +
    'Needs a parent interface that accepts several MAC addresses (promiscuous mode); the host ' +
    'itself cannot reach the containers through that interface.',
  ipvlan:
    'Like macvlan, but containers share the parent interface’s MAC address (L2 mode), or the host ' +
    'routes to them (L3 mode). Needs a parent interface and the kernel’s ipvlan module.',
};

/** Which optional fields make sense for each driver (the form shows only these). */
export const NETWORK_DRIVER_FIELDS: Record<
  NetworkDriver,
  { parent: boolean; attachable: boolean; encrypted: boolean; swarm: boolean }
> = {
  bridge: { parent: false, attachable: false, encrypted: false, swarm: false },
  overlay: { parent: false, attachable: true, encrypted: true, swarm: true },
  macvlan: { parent: true, attachable: false, encrypted: false, swarm: false },
  ipvlan: { parent: true, attachable: false, encrypted: false, swarm: false },
};

/** Help text beside each field of the form. */
export const NETWORK_FIELD_HELP = {
  name: 'Letters, digits, "_", "." and "-", starting with a letter or digit.',
  driver: 'How containers on the network are connected (see each driver).',
  subnet: 'IPv4 prefix in CIDR notation, e.g. 10.20.0.0/24. Empty: the engine picks a free one.',
  gateway: 'The network’s router address inside the subnet. Empty: the first address.',
  ipRange:
    'Hand out container addresses only from this part of the subnet, e.g. 10.20.0.128/25. ' +
    'Static addresses may still use the rest.',
  ipv6Subnet: 'Optional IPv6 prefix, e.g. fd00:20::/64; turns IPv6 on for the network.',
  ipv6Gateway: 'The IPv6 router address inside the IPv6 subnet. Empty: the first address.',
  internal: 'No route to the outside: containers reach only each other.',
  attachable:
    'Overlay only: standalone containers (docker run, the inspector’s Connect) may join, not ' +
    'only swarm services.',
  encrypted:
    'Overlay only: traffic between nodes is encrypted with IPsec (costs CPU; traffic between ' +
    'containers on the same node is not encrypted).',
  parent:
    'macvlan and ipvlan: the host interface the network sits on, e.g. eth1 (eth1.50 for VLAN 50).',
  labels: 'Your own key: value tags. Portolan adds com.portolan.managed=true.',
  options: 'Driver options; only the ones listed for the chosen driver are accepted.',
  engine: 'Which engine creates the network. Overlay networks are created by a swarm manager.',
} as const;
