import type { NetworkChoice } from '@/lib/docker/specs/container-config';
import { isRefusal, Refusal } from '@/lib/refusal';
import { isSystemNetworkName } from '@/lib/topology/system-networks';
import type { Topology } from '@/lib/topology/types';
import {
  containerNetworkProblem,
  resolveContainerNetworks,
  type CreateContainer,
} from '@/lib/validation/container';

import type { ContainerSummary } from '../../docker/mutations/containers';
import type { RouteContext, RouteEngine } from '../route';
import { engineNamed } from './engines';

const isNotFound = (error: unknown) => isRefusal(error) && error.kind === 'not-found';

/**
 * The container a per-container action is about: from the live topology (id, id prefix or
 * name; `engineName` narrows it), else by asking the engines, so one created a moment ago is found.
 */
export async function findContainerOnEngines(
  context: RouteContext,
  ref: string,
  engineName: string | null,
): Promise<{ engine: RouteEngine; container: ContainerSummary }> {
  if (engineName !== null && !engineNamed(context, engineName)) {
    throw new Refusal('not-found', `No engine named ${engineName}.`);
  }
  const topology = context.hub.snapshot();
  const inScope = Object.values(topology.containers).filter(
    (container) => engineName === null || container.engine === engineName,
  );
  const exact = inScope.filter((container) => container.id === ref || container.name === ref);
  const matches =
    exact.length > 0 ? exact : inScope.filter((container) => container.id.startsWith(ref));
  if (matches.length > 1) {
    const where = [...new Set(matches.map((container) => container.engine))].join(', ');
    throw new Refusal(
      'conflict',
      `${ref} matches ${matches.length} containers (on ${where}): give the full id, or ?engine=NAME.`,
    );
  }
  const candidates = matches[0]
    ? [matches[0].engine]
    : context.engines
        .map((engine) => engine.name)
        .filter(
          (name) =>
            (engineName === null || name === engineName) && topology.engines[name]?.reachable,
        );
  let notFound = `No such container: ${ref}`;
  for (const name of candidates) {
    const engine = engineNamed(context, name);
    if (!engine) continue;
    try {
      return { engine, container: await engine.containers.inspect(matches[0]?.id ?? ref) };
    } catch (error) {
      if (!isNotFound(error)) throw error;
      notFound = (error as Refusal).message;
    }
  }
  throw new Refusal('not-found', notFound);
}

/**
 * The networks a new container joins, named as the engine wants them (the topology first, then
 * the engine itself for one created a moment ago); refused per field when one is not usable.
 */
export async function chooseContainerNetworks(
  engine: RouteEngine,
  input: CreateContainer,
  topology: Topology,
): Promise<NetworkChoice[]> {
  const attachments = input.networks ?? [];
  const resolved = resolveContainerNetworks(attachments, topology, engine.name);
  const fields = { ...resolved.fields };
  const refs: (string | null)[] = resolved.ids.map((id) => {
    const network = id ? topology.networks[id] : undefined;
    return network?.system ? network.name : id;
  });
  for (const { index, ref } of resolved.unknown) {
    const network = await engine.networks.inspect(ref);
    if (!network) {
      fields[`networks.${index}.network`] = `No network ${ref} on ${engine.name}.`;
      continue;
    }
    const system = isSystemNetworkName(network.Name);
    const problem = containerNetworkProblem(
      {
        name: network.Name,
        driver: network.Driver,
        scope: network.Scope === 'swarm' ? 'swarm' : 'local',
        attachable: network.Attachable === true,
        ingress: network.Ingress === true,
        system,
      },
      attachments[index] ?? {},
      attachments.length,
    );
    if (problem) fields[`networks.${index}.${problem.field}`] = problem.message;
    else refs[index] = system ? network.Name : network.Id;
  }
  if (Object.keys(fields).length > 0) {
    throw new Refusal('invalid', `Some networks are not usable on ${engine.name}.`, fields);
  }
  return attachments.map((attachment, index) => ({
    ref: refs[index] ?? '',
    aliases: attachment.aliases ?? [],
  }));
}
