/*
 * A container's resolver as Docker sets it up, and where its queries go:
 * - on a user-defined network (bridge, overlay, macvlan…) resolv.conf says `nameserver 127.0.0.11`
 *   with `options ndots:0`: the embedded DNS answers Docker's names and forwards the rest to the
 *   servers of the host's resolv.conf (or the daemon's --dns), asked from the host side when they
 *   are loopback addresses, from the container's namespace otherwise;
 * - on the default bridge Docker writes the host's servers into the container's resolv.conf
 *   (loopback ones dropped, Google's public DNS if none are left, unless --dns says otherwise);
 * - on the host network the container reads the node's own resolv.conf;
 * - with network none it gets the host's file, but nothing outside loopback is reachable.
 */
import type { Topology } from '@/lib/topology/types';

import { attachedEndpoints, isLive, namespaceOwner, networkDnsKind } from './model';

export const EMBEDDED_DNS = '127.0.0.11';

export type ResolverKind = 'embedded' | 'host-copy' | 'host' | 'none' | 'not-running';

export interface ResolverSetup {
  container: { id: string; name: string };
  kind: ResolverKind;
  /** The nameserver line Docker writes, when it is Docker's own (127.0.0.11). */
  nameserver: string | null;
  /** resolv.conf options Docker adds (`ndots:0` with the embedded DNS). */
  options: string[];
  /** What answers queries, in one sentence. */
  answers: string;
  /** Where names the embedded DNS does not know go. */
  forwardsTo: string;
  /** The container whose namespace (and resolver) this one shares, for `container:<id>`. */
  sharedWith: { id: string; name: string } | null;
}

export function resolverOf(topology: Topology, containerId: string): ResolverSetup | null {
  const container = topology.containers[containerId];
  if (!container) return null;
  const owner = namespaceOwner(topology, container);
  const base = {
    container: { id: container.id, name: container.name },
    sharedWith: owner.id === container.id ? null : { id: owner.id, name: owner.name },
  };
  if (!isLive(container)) {
    return {
      ...base,
      kind: 'not-running',
      nameserver: null,
      options: [],
      answers: 'Nothing: a container that is not running has no resolver.',
      forwardsTo: 'nowhere',
    };
  }
  const kinds = attachedEndpoints(topology, owner).map(({ network }) => networkDnsKind(network));
  if (owner.networkMode === 'host' || kinds.includes('host')) {
    return {
      ...base,
      kind: 'host',
      nameserver: null,
      options: [],
      answers: 'The node’s own resolv.conf: the same servers as the host, no Docker names.',
      forwardsTo: 'the node’s resolvers directly',
    };
  }
  if (kinds.some((kind) => kind === 'embedded' || kind === 'ingress')) {
    return {
      ...base,
      kind: 'embedded',
      nameserver: EMBEDDED_DNS,
      options: ['ndots:0'],
      answers:
        'Docker’s embedded DNS at 127.0.0.11 (served from inside the container’s namespace): container names, aliases and services of the networks it is attached to.',
      forwardsTo:
        'the servers of the host’s resolv.conf, or the daemon’s --dns (loopback servers are asked from the host side)',
    };
  }
  if (kinds.length === 0 || kinds.every((kind) => kind === 'none')) {
    return {
      ...base,
      kind: 'none',
      nameserver: null,
      options: [],
      answers: 'Nothing reachable: only loopback exists in the container.',
      forwardsTo: 'nowhere',
    };
  }
  return {
    ...base,
    kind: 'host-copy',
    nameserver: null,
    options: [],
    answers:
      'The default bridge has no embedded DNS: resolv.conf is a copy of the host’s (or the daemon’s --dns servers), so only outside names resolve.',
    forwardsTo: 'the host’s resolvers, asked directly from the container',
  };
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  options: string[];
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [keyword, ...values] = line.split(/\s+/);
    if (keyword === 'nameserver' && values[0]) conf.nameservers.push(values[0]);
    else if (keyword === 'search' || keyword === 'domain') conf.search.push(...values);
    else if (keyword === 'options') conf.options.push(...values);
  }
  return conf;
}

/** Does the live resolv.conf match what Docker should have written? */
export function resolvConfAgrees(setup: ResolverSetup, conf: ResolvConf): boolean {
  switch (setup.kind) {
    case 'embedded':
      return conf.nameservers.length === 1 && conf.nameservers[0] === EMBEDDED_DNS;
    case 'host-copy':
    case 'host':
    case 'none':
      return !conf.nameservers.includes(EMBEDDED_DNS);
    case 'not-running':
      return false;
  }
}
