/*
 * Published ports and the paths outside traffic takes from them: the routing mesh (a port on
 * every node → the ingress network → the service's VIP → its tasks), swarm host-mode ports (→ the
 * task) and a container's `-p` mappings (→ the container).
 */
import type {
  BridgePortPath,
  HostModePath,
  IngressPath,
  SwarmIngressPath,
} from '@/lib/topology/types';

import { addLink, addNode, type Builder, hostName } from './builder';

interface PortPlace {
  /** Graph id of the port node. */
  id: string;
  host: string;
  line: string;
  /** Name of the service the port leads to, for `service:` filters. */
  service: string | null;
}

function addPortNode(builder: Builder, path: IngressPath, { id, host, line, service }: PortPlace) {
  const name = `:${path.published}`;
  addNode(
    builder,
    {
      id,
      kind: 'port',
      ref: path.id,
      name,
      lines: [line],
      host,
      cluster: null,
      status: 'ok',
      stale: builder.staleNodes.has(host),
      context: false,
      style: null,
      tags: [path.kind],
      service: null,
      project: null,
      refs: [path.id],
      r: 9,
    },
    {
      id,
      kind: 'port',
      name,
      image: null,
      labels: {},
      networks: [],
      nodes: [hostName(builder.topology, host) ?? host],
      service,
      project: null,
      stack: null,
      state: 'running',
      addresses: [String(path.published)],
    },
  );
}

function protoOf(path: IngressPath): string {
  return `${path.published}/${path.protocol}`;
}

/** The routing mesh: the port on every node → the ingress network (or the service) → tasks. */
function addMeshPath(builder: Builder, path: SwarmIngressPath) {
  const service = builder.topology.services[path.service];
  if (!service || !builder.nodes.has(service.id)) return;
  const proto = protoOf(path);
  const network = path.network && builder.nodes.has(path.network) ? path.network : null;
  for (const host of path.nodes) {
    const id = `port:${path.id}:${host}`;
    const line = `${proto} → ${service.name}:${path.target}`;
    addPortNode(builder, path, { id, host, line, service: service.name });
    if (network) addLink(builder, id, network, 'publish', proto, network, [path.id]);
    else addLink(builder, id, service.id, 'publish', proto, null, [path.id]);
  }
  if (network) {
    const label = path.vip ? `VIP ${path.vip}` : '';
    addLink(builder, service.id, network, 'vip', label, network, [path.id]);
  }
  for (const backend of path.tasks) {
    if (builder.nodes.has(backend.task)) {
      addLink(builder, service.id, backend.task, 'member', '', null, [path.id]);
    }
  }
}

/** A swarm host-mode port: open only on the task's node, straight to the task. */
function addHostModePath(builder: Builder, path: HostModePath) {
  const host = path.nodes[0];
  const service = builder.topology.services[path.service];
  if (!host || !builder.nodes.has(path.task)) return;
  const id = `port:${path.id}:${host}`;
  const line = `host mode ${protoOf(path)} → :${path.target}`;
  addPortNode(builder, path, { id, host, line, service: service?.name ?? null });
  addLink(builder, id, path.task, 'publish', `→ :${path.target}`, null, [path.id]);
}

/** A container's `-p` mapping: host address and port → the container. */
function addBridgePath(builder: Builder, path: BridgePortPath) {
  const container = builder.topology.containers[path.container];
  const host = path.nodes[0] ?? container?.node;
  if (!host || !container || !builder.nodes.has(container.id)) return;
  const id = `port:${path.id}`;
  const bound = path.hostIps.length > 0 ? path.hostIps.join(', ') : '0.0.0.0';
  const line = `${bound}:${protoOf(path)} → :${path.target}`;
  addPortNode(builder, path, { id, host, line, service: null });
  addLink(builder, id, container.id, 'publish', `→ :${path.target}`, null, [path.id]);
}

export function addIngressPaths(builder: Builder) {
  for (const path of Object.values(builder.topology.ingress)) {
    if (path.kind === 'ingress') addMeshPath(builder, path);
    else if (path.kind === 'host') addHostModePath(builder, path);
    else addBridgePath(builder, path);
  }
}
