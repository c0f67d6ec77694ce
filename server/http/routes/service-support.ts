import { servicePrivileges, type ServicePrivilege } from '@/lib/docker/specs/service-privileges';
import type { ServiceInspect, ServiceSpec } from '@/lib/docker/specs/service-spec';
import { isRefusal, Refusal } from '@/lib/refusal';
import type { Topology } from '@/lib/topology/types';
import type { portConflicts } from '@/lib/validation/service';
import {
  resolveServiceNetworks,
  serviceNetworkProblem,
  type ServicePort,
} from '@/lib/validation/service';

import type { RouteContext, RouteEngine } from '../route';

/**
 * Network ids for a service's attachments: the topology first, then the manager for networks it
 * does not know yet (created a moment ago); refused per field when one cannot carry a service.
 */
export async function serviceNetworkIds(
  manager: RouteEngine,
  attachments: { network: string }[] | undefined,
  topology: Topology,
): Promise<string[]> {
  const resolved = resolveServiceNetworks(attachments, topology);
  const ids = [...resolved.ids];
  const fields = { ...resolved.fields };
  for (const { index, ref } of resolved.unknown) {
    const field = `networks.${index}.network`;
    const network = await manager.networks.inspect(ref);
    if (!network) {
      fields[field] = `No network ${ref} in the swarm.`;
      continue;
    }
    const problem = serviceNetworkProblem({
      name: network.Name,
      scope: network.Scope,
      ingress: network.Ingress === true,
    });
    if (problem) fields[field] = problem;
    else ids[index] = network.Id;
  }
  if (Object.keys(fields).length > 0) {
    throw new Refusal('invalid', 'Some networks cannot carry this service.', fields);
  }
  return ids.map((id) => id ?? '');
}

/** Published ports another service or container already holds: a conflict, per port field. */
export function refusePortConflicts(conflicts: ReturnType<typeof portConflicts>): void {
  if (conflicts.length === 0) return;
  const fields: Record<string, string> = {};
  for (const conflict of conflicts) fields[conflict.field] ??= conflict.message;
  throw new Refusal('conflict', conflicts[0]?.message ?? 'A port is already published.', fields);
}

/** The engine's own port check, for what the topology had not seen yet: a conflict on that field. */
export function withPortField(error: unknown, ports: ServicePort[] | undefined): unknown {
  if (!isRefusal(error)) return error;
  const clash = /port '(\d+)' is already in use by service/i.exec(error.message);
  if (!clash) return error;
  const index = (ports ?? []).findIndex((port) => port.published === Number(clash[1]));
  return new Refusal(
    'conflict',
    error.message,
    index >= 0 ? { [`ports.${index}.published`]: error.message } : undefined,
  );
}

/** Engines of the manager's swarm that lack the image: its tasks cannot start there. */
export async function missingImageWarnings(
  context: RouteContext,
  manager: RouteEngine,
  image: string,
): Promise<string[]> {
  const { engines } = context.hub.snapshot();
  const cluster = engines[manager.name]?.swarm?.clusterId ?? null;
  const peers = context.engines.filter((engine) => {
    const state = engines[engine.name];
    return state?.reachable && state.swarm?.clusterId === cluster;
  });
  const missing = await Promise.all(
    peers.map(async (engine) =>
      (await engine.images.has(image).catch(() => true)) ? null : engine.name,
    ),
  );
  const names = missing.filter((name): name is string => name !== null);
  if (names.length === 0) return [];
  return [
    `${image} is not present on ${names.join(', ')}: tasks placed there try a registry pull and fail without one (Portolan never pulls).`,
  ];
}

/**
 * The network targets of these specs that are a `host` network. NOTE: `--network host` makes the
 * target the swarm's predefined host network, which no network list shows; targets the topology
 * does not know are read from the manager.
 */
export async function hostNetworksOf(
  manager: RouteEngine,
  specs: readonly (ServiceSpec | undefined)[],
  topology: Topology,
): Promise<Set<string>> {
  const targets = new Set(
    specs.flatMap((spec) => (spec?.TaskTemplate.Networks ?? []).map((network) => network.Target)),
  );
  const host = new Set<string>();
  for (const target of targets) {
    const known =
      topology.networks[target] ??
      Object.values(topology.networks).find((network) => network.name === target);
    const driver = known ? known.driver : (await manager.networks.inspect(target))?.Driver;
    if (driver === 'host') host.add(target);
  }
  return host;
}

/** What the service's current and previous specs hold that Portolan will not act through. */
export async function privilegesOf(
  manager: RouteEngine,
  service: ServiceInspect,
  topology: Topology,
): Promise<ServicePrivilege[]> {
  const host = await hostNetworksOf(manager, [service.Spec, service.PreviousSpec], topology);
  const isHost = (target: string) => host.has(target);
  const seen = new Set<string>();
  return [
    ...servicePrivileges(service.Spec, isHost),
    ...servicePrivileges(service.PreviousSpec, isHost),
  ].filter((privilege) => {
    const key = `${privilege.kind}:${privilege.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
