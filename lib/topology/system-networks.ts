/**
 * The networks Docker makes on its own. NOTE: an engine makes `bridge`, `host` and `none` when it
 * starts and `docker_gwbridge` when it joins a swarm; a swarm makes its ingress network, named
 * `ingress` unless someone re-created it under another name (the inspect's `Ingress` flag tells).
 */
const ENGINE_NETWORK_NAMES: readonly string[] = ['bridge', 'host', 'none', 'docker_gwbridge'];
const DEFAULT_INGRESS_NAME = 'ingress';

/** Every name Docker gives a network of its own. */
export const SYSTEM_NETWORK_NAMES: readonly string[] = [
  ...ENGINE_NETWORK_NAMES,
  DEFAULT_INGRESS_NAME,
];

/** Whether Docker gives `name` to a network of its own (so a new network may not take it). */
export function isSystemNetworkName(name: string): boolean {
  return SYSTEM_NETWORK_NAMES.includes(name);
}

/** Whether a network is Docker's own: the swarm's ingress, whatever its name, or its engine's. */
export function isSystemNetwork(network: { name: string; ingress: boolean }): boolean {
  return network.ingress || ENGINE_NETWORK_NAMES.includes(network.name);
}
