/*
 * Plain containers (not a swarm task's): one element each, linked to each of its networks.
 */
import { sharedNamespaceOwner } from '@/lib/discovery/model';
import type { TopologyContainer } from '@/lib/topology/types';

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
import { portText } from './labels';
import { containerStatus } from './status';

const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** The image (with the state when not running); on the default bridge, its port mappings too. */
function containerLines(container: TopologyContainer, defaultBridge: boolean): string[] {
  const lines = [
    container.state === 'running' ? container.image : `${container.state} · ${container.image}`,
  ];
  if (container.ports.length > 0 && (defaultBridge || container.endpoints.length === 0)) {
    lines.push(
      container.ports
        .map((port) => portText(port.hostPort, port.containerPort, port.protocol))
        .join(' '),
    );
  }
  return lines;
}

/** The graph id a container is drawn as: its task's, when it runs a task the map knows. */
function drawnAs(builder: Builder, container: TopologyContainer): string {
  return container.task && builder.topology.tasks[container.task] ? container.task : container.id;
}

function containerNode(
  builder: Builder,
  container: TopologyContainer,
  owner: TopologyContainer | null,
): ViewNode {
  const defaultBridge = container.endpoints.some(
    (e) => builder.topology.networks[e.network]?.driver === 'bridge' && e.networkName === 'bridge',
  );
  return {
    id: container.id,
    kind: 'container',
    ref: container.id,
    name: container.name,
    lines: owner
      ? [...containerLines(container, defaultBridge), `network of ${owner.name}`]
      : containerLines(container, defaultBridge),
    host: container.node,
    cluster: null,
    status: containerStatus(container),
    stale: builder.staleNodes.has(container.node),
    context: false,
    style: null,
    tags: owner ? ['shared-namespace'] : defaultBridge ? ['default-bridge'] : [],
    service: null,
    project: projectOf(container.composeProject, container.stack),
    refs: [container.id],
    r: 9,
  };
}

function containerFacts(
  builder: Builder,
  container: TopologyContainer,
  owner: TopologyContainer | null,
): FilterFacts {
  // NOTE: sharing a namespace, it is on its owner's networks, at its owner's addresses.
  const endpoints = (owner ?? container).endpoints;
  return {
    id: container.id,
    kind: 'container',
    name: container.name,
    image: container.image,
    labels: container.labels,
    networks: endpointNetworks(builder.topology, endpoints),
    nodes: [hostName(builder.topology, container.node) ?? container.node],
    service: container.labels[COMPOSE_SERVICE_LABEL] ?? null,
    project: container.composeProject,
    stack: container.stack,
    state: container.state,
    addresses: endpointAddresses(endpoints),
  };
}

/**
 * A container, linked to each of its networks. One started with `--network container:X` has no
 * endpoints of its own: it is linked to X instead (and drawn beside it), X's addresses being its.
 */
export function addContainer(builder: Builder, container: TopologyContainer) {
  const owner = sharedNamespaceOwner(builder.topology, container);
  addNode(
    builder,
    containerNode(builder, container, owner),
    containerFacts(builder, container, owner),
  );
  if (owner) {
    addLink(builder, drawnAs(builder, owner), container.id, 'member', 'network namespace', null);
    return;
  }
  addEndpointLinks(builder, container.id, container.name, container.endpoints);
}
