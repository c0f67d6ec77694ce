import { cidrContainsIp, parseCidr, parseIp } from '@/lib/ip/cidr';
import type { TopologyContainer } from '@/lib/topology/types';

import type { InterfaceCounters, RouteEntry } from './proc-net';
import type { EndpointRate } from './types';

/** One namespace's counters at one moment. */
export interface CounterReading {
  container: TopologyContainer;
  at: number;
  interfaces: readonly InterfaceCounters[];
  routes: readonly RouteEntry[];
}

/**
 * The container endpoint an interface carries: the one whose IPv4 address lies in a network
 * route of that interface (the kernel adds one per attached subnet). Null when none matches.
 */
export function endpointOfInterface(
  container: TopologyContainer,
  name: string,
  routes: readonly RouteEntry[],
) {
  for (const route of routes) {
    if (route.interface !== name || route.prefix === 0) continue;
    const cidr = parseCidr(`${route.destination}/${route.prefix}`, { lenient: true });
    if (!cidr.ok) continue;
    const endpoint = container.endpoints.find((candidate) => {
      const ip = candidate.ipv4 ? parseIp(candidate.ipv4) : null;
      return ip !== null && cidrContainsIp(cidr.value, ip);
    });
    if (endpoint) return endpoint;
  }
  return null;
}

type Endpoint = ReturnType<typeof endpointOfInterface>;

/**
 * `endpointOfInterface`, remembered per routes list and container (both come back as the same
 * objects while unchanged: the reader keeps a namespace's routes, the topology its containers).
 */
const endpointMemo = new WeakMap<
  readonly RouteEntry[],
  WeakMap<TopologyContainer, Map<string, Endpoint>>
>();

function endpointOf(container: TopologyContainer, name: string, routes: readonly RouteEntry[]) {
  let byContainer = endpointMemo.get(routes);
  if (!byContainer) endpointMemo.set(routes, (byContainer = new WeakMap()));
  let byName = byContainer.get(container);
  if (!byName) byContainer.set(container, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, endpointOfInterface(container, name, routes));
  return byName.get(name) ?? null;
}

const perSecond = (now: number, before: number, seconds: number) =>
  now >= before ? (now - before) / seconds : 0;

/**
 * Rates per endpoint between two readings of the same namespace (loopback left out). Without a
 * previous reading, or after a counter went backwards (a new namespace), rates are 0.
 */
export function endpointRates(
  current: CounterReading,
  previous: CounterReading | undefined,
): EndpointRate[] {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  return current.interfaces
    .filter((counters) => counters.name !== 'lo')
    .map((counters) => {
      const before = previous?.interfaces.find((candidate) => candidate.name === counters.name);
      const endpoint = endpointOf(current.container, counters.name, current.routes);
      const rate = (pick: (c: InterfaceCounters) => number) =>
        before && seconds > 0 ? perSecond(pick(counters), pick(before), seconds) : 0;
      return {
        container: current.container.id,
        containerName: current.container.name,
        network: endpoint?.network ?? null,
        networkName: endpoint?.networkName ?? null,
        interface: counters.name,
        rxBytesPerSecond: rate((c) => c.rxBytes),
        txBytesPerSecond: rate((c) => c.txBytes),
        rxPacketsPerSecond: rate((c) => c.rxPackets),
        txPacketsPerSecond: rate((c) => c.txPackets),
        rxBytes: counters.rxBytes,
        txBytes: counters.txBytes,
      };
    });
}
