/*
 * Plain containers (not a swarm task's): one element each, linked to each of its networks.
 */
import type { TopologyContainer } from '@/lib/topology/types';

import type { FilterFacts } from '../filter';
import type { ViewNode } from '../model';
import {
  addEndpointLinks,
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

function containerNode(builder: Builder, container: TopologyContainer): ViewNode {
  const defaultBridge = container.endpoints.some(
    (e) => builder.topology.networks[e.network]?.driver === 'bridge' && e.networkName === 'bridge',
  );
  return {
    id: container.id,
    kind: 'container',
    ref: container.id,
    name: container.name,
    lines: containerLines(container, defaultBridge),
    host: container.node,
    cluster: null,
    status: containerStatus(container),
    stale: builder.staleNodes.has(container.node),
    context: false,
    style: null,
    tags: defaultBridge ? ['default-bridge'] : [],
    service: null,
    project: projectOf(container.composeProject, container.stack),
    refs: [container.id],
    r: 9,
  };
}

function containerFacts(builder: Builder, container: TopologyContainer): FilterFacts {
  return {
    id: container.id,
    kind: 'container',
    name: container.name,
    image: container.image,
    labels: container.labels,
    networks: endpointNetworks(builder.topology, container.endpoints),
    nodes: [hostName(builder.topology, container.node) ?? container.node],
    service: container.labels[COMPOSE_SERVICE_LABEL] ?? null,
    project: container.composeProject,
    stack: container.stack,
    state: container.state,
    addresses: endpointAddresses(container.endpoints),
  };
}

export function addContainer(builder: Builder, container: TopologyContainer) {
  addNode(builder, containerNode(builder, container), containerFacts(builder, container));
  addEndpointLinks(builder, container.id, container.name, container.endpoints);
}
