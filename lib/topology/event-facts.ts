/*
 * What an event says by itself about an engine's inventory, beyond a container's state (see
 * event-state.ts): objects that are gone, a running container that left a network, a service's new
 * replica count, a node's new availability or state. The hub shows these as soon as the event
 * comes, without the batch's wait and its read; the read queued for the same event (if any) then
 * confirms or corrects them.
 * NOTE: measured on the lab (npm run bench, "where the time goes"): the read and the batch's
 * gathering made most of the 10–35 ms between such an event and its patch; the page's own share
 * was about half a frame.
 */
import type { NodeAvailability, NodeState } from '@/lib/docker/engine-api';
import type { DockerEvent } from '@/lib/docker/events';

import {
  withContainer,
  withNetwork,
  withNode,
  withService,
  type EngineInventory,
} from './inventory';

const AVAILABILITIES: ReadonlySet<string> = new Set<NodeAvailability>(['active', 'pause', 'drain']);
const NODE_STATES: ReadonlySet<string> = new Set<NodeState>([
  'unknown',
  'down',
  'ready',
  'disconnected',
]);

/** Swarm objects (services, nodes) are held by every manager's inventory, not the sender's alone. */
export function isSwarmEvent(event: DockerEvent): boolean {
  return event.type === 'service' || event.type === 'node';
}

/**
 * `inventory` as `event` says it is now; the same object when the event says nothing it does not
 * already hold. For a swarm event, apply it to each manager's inventory; otherwise to the
 * inventory of the engine that sent it.
 */
export function withEventFacts(inventory: EngineInventory, event: DockerEvent): EngineInventory {
  if (event.id === '') return inventory;
  switch (event.type) {
    case 'container':
      return event.action === 'destroy' ? withContainer(inventory, event.id, null) : inventory;
    case 'network':
      return withNetworkFacts(inventory, event);
    case 'service':
      return withServiceFacts(inventory, event);
    case 'node':
      return withNodeFacts(inventory, event);
    default:
      return inventory;
  }
}

function withNetworkFacts(inventory: EngineInventory, event: DockerEvent): EngineInventory {
  switch (event.action) {
    // NOTE: a swarm network removed on a manager says `remove`: it is gone everywhere. `destroy`
    // is final only for a local network; an overlay's says this node's instance went away.
    case 'remove':
      return withNetwork(inventory, event.id, null);
    case 'destroy':
      return inventory.networks[event.id]?.Scope === 'local'
        ? withNetwork(inventory, event.id, null)
        : inventory;
    case 'disconnect':
      return withoutEndpoint(inventory, event.attributes.container, event.id);
    default:
      return inventory;
  }
}

/**
 * A running container as no longer on network `networkId` (its endpoint there is gone).
 * NOTE: seen on the lab: stopping a container sends `die`, then a `disconnect` for each of its
 * networks, yet the stopped container's inspect still names them (it joins them again when it
 * starts). Only a running container's `disconnect` says it left; `die` has already marked it
 * stopped by the time its own disconnects come (event-state.ts).
 */
function withoutEndpoint(
  inventory: EngineInventory,
  containerId: string | undefined,
  networkId: string,
): EngineInventory {
  const container = containerId ? inventory.containers[containerId] : undefined;
  const endpoints = container?.NetworkSettings.Networks ?? {};
  const left = Object.keys(endpoints).filter((name) => endpoints[name]?.NetworkID === networkId);
  if (!container?.State.Running || !containerId || left.length === 0) return inventory;
  const kept = Object.fromEntries(
    Object.entries(endpoints).filter(([name]) => !left.includes(name)),
  );
  return withContainer(inventory, containerId, {
    ...container,
    NetworkSettings: { ...container.NetworkSettings, Networks: kept },
  });
}

function withServiceFacts(inventory: EngineInventory, event: DockerEvent): EngineInventory {
  const service = inventory.swarm?.services[event.id];
  if (event.action === 'remove') return withService(inventory, event.id, null);
  const replicas = Number(event.attributes['replicas.new']);
  const replicated = service?.Spec.Mode?.Replicated;
  if (event.action !== 'update' || !service || !replicated || !Number.isInteger(replicas))
    return inventory;
  if (replicated.Replicas === replicas) return inventory;
  return withService(inventory, event.id, {
    ...service,
    Spec: { ...service.Spec, Mode: { ...service.Spec.Mode, Replicated: { Replicas: replicas } } },
  });
}

function withNodeFacts(inventory: EngineInventory, event: DockerEvent): EngineInventory {
  const node = inventory.swarm?.nodes[event.id];
  if (event.action === 'remove') return withNode(inventory, event.id, null);
  if (event.action !== 'update' || !node) return inventory;
  const availability = event.attributes['availability.new'];
  const state = event.attributes['state.new'];
  const spec =
    availability && AVAILABILITIES.has(availability) && availability !== node.Spec.Availability
      ? { ...node.Spec, Availability: availability as NodeAvailability }
      : node.Spec;
  const status =
    state && NODE_STATES.has(state) && state !== node.Status.State
      ? { ...node.Status, State: state as NodeState }
      : node.Status;
  if (spec === node.Spec && status === node.Status) return inventory;
  return withNode(inventory, event.id, { ...node, Spec: spec, Status: status });
}
