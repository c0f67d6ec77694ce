/*
 * Swarm services (linked to their networks by VIP) and their tasks (each folded with its
 * container into one element, linked to the task's networks and to its service).
 */
import { allServiceAliases } from '@/lib/discovery/model';
import { LABELS } from '@/lib/topology/elements';
import { taskPhase } from '@/lib/topology/tasks';
import type {
  ContainerEndpoint,
  Topology,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';

import type { FilterFacts } from '../filter';
import type { ViewNode } from '../model';
import {
  addEndpointLinks,
  addLink,
  addNode,
  type Builder,
  endpointAddresses,
  endpointNetworks,
  hostName,
  projectOf,
} from './builder';
import { portText, replicasText, serviceLinkLabel } from './labels';
import { serviceStatus, taskStatus } from './status';

function serviceStack(service: TopologyService | undefined): string | null {
  return service?.labels[LABELS.stackNamespace] ?? null;
}

/** `4/4 running · VIP` (with `· 3 stopping` or `· 1 starting` when so), then the published ports. */
function serviceLines(service: TopologyService): string[] {
  const mode =
    service.mode.kind === 'global' ? 'global' : service.mode.kind === 'replicated' ? '' : 'job';
  const lines = [
    `${replicasText(service.replicas)}${mode ? ` · ${mode}` : ''} · ${service.endpointMode === 'dnsrr' ? 'dnsrr' : 'VIP'}`,
  ];
  if (service.ports.length > 0) {
    lines.push(service.ports.map((p) => portText(p.published, p.target, p.protocol)).join(' '));
  }
  return lines;
}

function serviceNode(service: TopologyService): ViewNode {
  const stack = serviceStack(service);
  return {
    id: service.id,
    kind: 'service',
    ref: service.id,
    name: service.name,
    lines: serviceLines(service),
    host: null,
    cluster: null,
    status: serviceStatus(service),
    stale: false,
    context: false,
    style: null,
    tags: [service.endpointMode === 'dnsrr' ? 'dnsrr' : 'vip'],
    service: null,
    project: projectOf(null, stack),
    refs: [service.id],
    r: 14,
  };
}

function serviceFacts(
  builder: Builder,
  service: TopologyService,
  networkIds: ReadonlySet<string>,
): FilterFacts {
  const { topology } = builder;
  const { running, desired } = service.replicas;
  return {
    id: service.id,
    kind: 'service',
    name: service.name,
    image: service.image,
    labels: service.labels,
    networks: [...networkIds].map((id) => ({
      name: topology.networks[id]?.name ?? id,
      driver: topology.networks[id]?.driver ?? '',
    })),
    nodes: [...(builder.serviceHosts.get(service.id) ?? [])].map(
      (id) => hostName(topology, id) ?? id,
    ),
    service: service.name,
    project: null,
    stack: serviceStack(service),
    state: `${running}/${desired}`,
    // NOTE: a bare search for an alias (`redis`) finds the service it names.
    addresses: [...service.vips.map((vip) => vip.addr), ...allServiceAliases(service)],
  };
}

export function addService(builder: Builder, service: TopologyService) {
  const networkIds = new Set([...service.networks, ...service.vips.map((vip) => vip.network)]);
  addNode(builder, serviceNode(service), serviceFacts(builder, service, networkIds));
  for (const id of networkIds) {
    const network = builder.topology.networks[id];
    if (!builder.nodes.has(id) || !network) continue;
    addLink(builder, service.id, id, 'vip', serviceLinkLabel(service, network), id);
  }
}

/** A task's endpoints: its container's, or (no container here) what the task's addresses say. */
function taskEndpoints(topology: Topology, task: TopologyTask): ContainerEndpoint[] {
  const container = task.containerId ? topology.containers[task.containerId] : undefined;
  if (container) return container.endpoints;
  return task.addresses.map((address) => ({
    network: address.network,
    networkName: topology.networks[address.network]?.name ?? address.network,
    ipv4: address.address.includes(':') ? null : address.address,
    ipv6: address.address.includes(':') ? address.address : null,
    mac: null,
    aliases: [],
  }));
}

export function addTask(builder: Builder, task: TopologyTask) {
  const { topology } = builder;
  const service = topology.services[task.service];
  const container = task.containerId ? topology.containers[task.containerId] : undefined;
  const endpoints = taskEndpoints(topology, task);
  const stack = container?.stack ?? serviceStack(service);
  const image = container?.image ?? service?.image ?? null;
  const phase = taskPhase(task);
  // NOTE: a stopping task still runs (its state says `running`): say what it is doing.
  const line = phase === 'running' ? (image ?? '') : phase === 'stopping' ? 'stopping' : task.state;
  const node: ViewNode = {
    id: task.id,
    kind: 'task',
    ref: task.id,
    name: task.name,
    lines: [line].filter((text) => text !== ''),
    host: task.node,
    cluster: null,
    status: taskStatus(task),
    stale: task.node !== null && builder.staleNodes.has(task.node),
    context: false,
    style: null,
    tags: phase === 'stopping' ? ['stopping'] : [],
    service: service ? service.id : null,
    project: projectOf(null, stack),
    refs: container ? [task.id, container.id] : [task.id],
    r: 8,
  };
  const facts: FilterFacts = {
    id: task.id,
    kind: 'task',
    name: task.name,
    image,
    labels: { ...(service?.labels ?? {}), ...(container?.labels ?? {}) },
    networks: endpointNetworks(topology, endpoints),
    nodes: [hostName(topology, task.node) ?? ''],
    service: service?.name ?? null,
    project: container?.composeProject ?? null,
    stack,
    state: task.state,
    addresses: endpointAddresses(endpoints),
  };
  addNode(builder, node, facts);
  addEndpointLinks(builder, task.id, task.name, endpoints);
  if (service) {
    addLink(builder, service.id, task.id, 'member', task.slot ? `.${task.slot}` : '', null);
  }
}
