/*
 * How a container reaches the outside world. libnetwork gives a container one default route: the
 * gateway of its first non-internal network that has one (bridge: the bridge's address on the
 * node, with masquerading NAT; macvlan/ipvlan: the LAN's router, no NAT). Overlays have no gateway
 * of their own: when a container has only overlays (swarm tasks), Docker adds a hidden leg on the
 * node's docker_gwbridge and NATs through it. Internal networks have no way out at all.
 */
import type { Topology, TopologyNetwork } from '@/lib/topology/types';

import {
  attachedEndpoints,
  isLive,
  namespaceOwner,
  networkDnsKind,
  networkLabel,
  searchOrder,
  type AttachedEndpoint,
} from './model';

export type EgressVia =
  /** NAT (masquerade) through a bridge's gateway on the node. */
  | 'bridge-nat'
  /** Routed through a bridge's gateway without NAT (masquerade turned off). */
  | 'bridge-routed'
  /** Overlay-only: NAT through the node's docker_gwbridge. */
  | 'gwbridge-nat'
  /** Directly on the parent interface's segment (macvlan/ipvlan), through its router. */
  | 'lan'
  /** The node's own stack (network host). */
  | 'host'
  /** No way out: only internal networks, or none. */
  | 'blocked'
  | 'not-running';

export interface NetworkExit {
  network: { id: string; name: string; driver: string };
  /** What this attachment offers for going out. */
  via: EgressVia | 'via-gwbridge' | 'mesh-only';
  gateway: string | null;
  explanation: string;
}

export interface Egress {
  container: { id: string; name: string };
  /** The default route's way out. */
  via: EgressVia;
  /** The network of the default route, when it is one of the container's own. */
  network: { id: string; name: string } | null;
  gateway: string | null;
  /** The node whose address outside traffic appears to come from (NAT). */
  node: { id: string; name: string } | null;
  explanation: string;
  /** Per attached network: what it offers, and what an internal one forbids. */
  networks: NetworkExit[];
}

const masquerades = (network: TopologyNetwork) =>
  network.options['com.docker.network.bridge.enable_ip_masquerade'] !== 'false';

const gatewayOf = (network: TopologyNetwork) => network.subnets[0]?.gateway ?? null;

function exitOf(topology: Topology, { network }: AttachedEndpoint): NetworkExit {
  const ref = { id: network.id, name: networkLabel(topology, network), driver: network.driver };
  const gateway = gatewayOf(network);
  if (network.internal) {
    return {
      network: ref,
      via: 'blocked',
      gateway: null,
      explanation: `${ref.name} is internal: no gateway, no NAT, no published ports. Traffic stays between its members.`,
    };
  }
  if (network.ingress) {
    return {
      network: ref,
      via: 'mesh-only',
      gateway: null,
      explanation: 'ingress carries the routing mesh into tasks; it is not a way out.',
    };
  }
  switch (network.driver) {
    case 'bridge':
      return {
        network: ref,
        via: masquerades(network) ? 'bridge-nat' : 'bridge-routed',
        gateway,
        explanation: masquerades(network)
          ? `Out through the bridge's gateway ${gateway ?? '?'} on the node, masqueraded to the node's address.`
          : `Out through the bridge's gateway ${gateway ?? '?'}, routed without NAT (masquerade is off).`,
      };
    case 'macvlan':
    case 'ipvlan':
      return {
        network: ref,
        via: 'lan',
        gateway,
        explanation: `Directly on ${network.parent ?? 'the parent interface'}'s segment with its own address, through the router ${gateway ?? '?'}; no NAT. The node itself cannot reach it through that interface.`,
      };
    case 'overlay':
      return {
        network: ref,
        via: 'via-gwbridge',
        gateway: null,
        explanation:
          'An overlay has no gateway of its own: outside traffic leaves through docker_gwbridge on the node running the container.',
      };
    default:
      return {
        network: ref,
        via: 'blocked',
        gateway: null,
        explanation: `${network.driver} offers no way out that Portolan knows.`,
      };
  }
}

export function egressOf(topology: Topology, containerId: string): Egress | null {
  const container = topology.containers[containerId];
  if (!container) return null;
  const owner = namespaceOwner(topology, container);
  const node = topology.nodes[owner.node];
  const nodeRef = node ? { id: node.id, name: node.name } : null;
  const base = { container: { id: container.id, name: container.name } };
  if (!isLive(container)) {
    return {
      ...base,
      via: 'not-running',
      network: null,
      gateway: null,
      node: null,
      explanation: `${container.name} is not running.`,
      networks: [],
    };
  }
  const attached = attachedEndpoints(topology, owner);
  const kinds = attached.map(({ network }) => networkDnsKind(network));
  if (owner.networkMode === 'host' || kinds.includes('host')) {
    return {
      ...base,
      via: 'host',
      network: null,
      gateway: null,
      node: nodeRef,
      explanation: `${container.name} uses ${node?.name ?? 'the node'}'s own interfaces and routes: no NAT, no isolation.`,
      networks: [],
    };
  }
  const exits = searchOrder(topology, owner)
    .filter(({ network }) => network.driver !== 'null')
    .map((endpoint) => exitOf(topology, endpoint));
  const withGateway = exits.find((exit) =>
    ['bridge-nat', 'bridge-routed', 'lan'].includes(exit.via),
  );
  if (withGateway) {
    return {
      ...base,
      via: withGateway.via as EgressVia,
      network: { id: withGateway.network.id, name: withGateway.network.name },
      gateway: withGateway.gateway,
      node: withGateway.via === 'lan' ? null : nodeRef,
      explanation: withGateway.explanation,
      networks: exits,
    };
  }
  if (exits.some((exit) => exit.via === 'via-gwbridge' || exit.via === 'mesh-only')) {
    const gwbridge = Object.values(topology.networks).find(
      (network) => network.name === 'docker_gwbridge' && network.nodes.includes(owner.node),
    );
    return {
      ...base,
      via: 'gwbridge-nat',
      network: gwbridge ? { id: gwbridge.id, name: networkLabel(topology, gwbridge) } : null,
      gateway: gwbridge ? gatewayOf(gwbridge) : null,
      node: nodeRef,
      explanation: `Only overlays: Docker gives ${container.name} a hidden leg on docker_gwbridge of ${node?.name ?? 'its node'}${
        gwbridge ? ` (gateway ${gatewayOf(gwbridge) ?? '?'})` : ''
      } and masquerades to the node's address.`,
      networks: exits,
    };
  }
  return {
    ...base,
    via: 'blocked',
    network: null,
    gateway: null,
    node: null,
    explanation:
      exits.length === 0
        ? `${container.name} has network none: no way out.`
        : `${container.name} is only on internal networks: there is no way out, and nothing can be published.`,
    networks: exits,
  };
}
