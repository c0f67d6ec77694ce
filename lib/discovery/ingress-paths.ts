/*
 * Each published port as the whole path a connection takes:
 * - swarm ingress: client → any node:port → that node's ingress sandbox on the ingress overlay →
 *   the service's VIP on ingress → one of the tasks, wherever it runs (IPVS picks);
 * - swarm host mode: client → the task's node:port → the task, on that node only;
 * - bridge port mapping: client → host ip:port on the container's node → DNAT → container:port.
 */
import type { IngressPath, Topology } from '@/lib/topology/types';

export type HopKind = 'client' | 'node' | 'ingress-sandbox' | 'vip' | 'task' | 'container';

export interface Hop {
  kind: HopKind;
  /** Short label ("node-1", "VIP"). */
  label: string;
  /** Addresses or address:port pairs at this hop. */
  addresses: string[];
  detail: string;
}

export interface IngressExplanation {
  id: string;
  mode: IngressPath['mode'];
  /** The service or container behind the port. */
  target: { kind: 'service' | 'container'; id: string; name: string };
  published: number;
  targetPort: number;
  protocol: string;
  hops: Hop[][];
  summary: string;
}

function nodeName(topology: Topology, id: string | null): string {
  if (!id) return '?';
  return topology.nodes[id]?.name ?? id.slice(0, 12);
}

function nodeEntry(topology: Topology, id: string, port: number): string {
  const node = topology.nodes[id];
  return `${node?.address ?? node?.name ?? id}:${port}`;
}

function byNodeName(topology: Topology, nodes: readonly string[]): string[] {
  return [...nodes].sort((a, b) => nodeName(topology, a).localeCompare(nodeName(topology, b)));
}

function explainOne(topology: Topology, path: IngressPath): IngressExplanation {
  const client: Hop = {
    kind: 'client',
    label: 'client',
    addresses: [],
    detail: 'Anything that can reach a node address.',
  };
  if (path.kind === 'bridge') {
    const container = topology.containers[path.container];
    const endpoint = container?.endpoints.find((candidate) => candidate.ipv4);
    return {
      id: path.id,
      mode: path.mode,
      target: { kind: 'container', id: path.container, name: container?.name ?? path.container },
      published: path.published,
      targetPort: path.target,
      protocol: path.protocol,
      hops: [
        [client],
        [
          {
            kind: 'node',
            label: nodeName(topology, path.nodes[0] ?? null),
            addresses: path.nodes.map((node) => nodeEntry(topology, node, path.published)),
            detail: `Bound on ${path.hostIps.join(', ')}; only this node has the port. iptables DNAT rewrites the destination.`,
          },
        ],
        [
          {
            kind: 'container',
            label: container?.name ?? path.container.slice(0, 12),
            addresses: endpoint?.ipv4 ? [`${endpoint.ipv4}:${path.target}`] : [],
            detail: `On ${endpoint?.networkName ?? 'its bridge'}: the container's own port ${path.target}.`,
          },
        ],
      ],
      summary: `${nodeEntry(topology, path.nodes[0] ?? '', path.published)} → ${container?.name ?? '?'}:${path.target} (port mapping on ${nodeName(topology, path.nodes[0] ?? null)} only)`,
    };
  }
  const service = topology.services[path.service];
  const target = {
    kind: 'service' as const,
    id: path.service,
    name: service?.name ?? path.service,
  };
  const tasks: Hop[] = [...path.tasks]
    .sort((a, b) =>
      (topology.tasks[a.task]?.name ?? a.task).localeCompare(
        topology.tasks[b.task]?.name ?? b.task,
      ),
    )
    .map((backend) => {
      const task = topology.tasks[backend.task];
      return {
        kind: 'task',
        label: task?.name ?? backend.task.slice(0, 12),
        addresses: backend.address ? [`${backend.address}:${path.target}`] : [],
        detail: `on ${nodeName(topology, backend.node)}`,
      };
    });
  if (path.kind === 'host') {
    return {
      id: path.id,
      mode: path.mode,
      target,
      published: path.published,
      targetPort: path.target,
      protocol: path.protocol,
      hops: [
        [client],
        path.nodes.map((node) => ({
          kind: 'node' as const,
          label: nodeName(topology, node),
          addresses: [nodeEntry(topology, node, path.published)],
          detail: 'Host mode: open only on this node, straight into the task; no mesh, no VIP.',
        })),
        tasks,
      ],
      summary: `${path.nodes.map((node) => nodeEntry(topology, node, path.published)).join(', ')} → ${tasks[0]?.label ?? '?'}:${path.target} (host mode, that node only)`,
    };
  }
  const ingressNetwork = path.network ? topology.networks[path.network] : undefined;
  const sandboxes = ingressNetwork?.loadBalancers ?? [];
  return {
    id: path.id,
    mode: path.mode,
    target,
    published: path.published,
    targetPort: path.target,
    protocol: path.protocol,
    hops: [
      [client],
      byNodeName(topology, path.nodes).map((node) => ({
        kind: 'node' as const,
        label: nodeName(topology, node),
        addresses: [nodeEntry(topology, node, path.published)],
        detail: 'Open on every swarm node, whether or not it runs a task.',
      })),
      [
        {
          kind: 'ingress-sandbox',
          label: 'ingress-sbox',
          addresses: sandboxes.flatMap((sandbox) =>
            sandbox.ipv4 ? [`${sandbox.ipv4} on ${nodeName(topology, sandbox.node)}`] : [],
          ),
          detail: `Each node's ingress sandbox on the ${ingressNetwork?.name ?? 'ingress'} overlay${
            ingressNetwork?.subnets[0] ? ` (${ingressNetwork.subnets[0].subnet})` : ''
          } receives the connection.`,
        },
      ],
      [
        {
          kind: 'vip',
          label: 'VIP',
          addresses: path.vip ? [`${path.vip}:${path.target}`] : [],
          detail: `${target.name}'s virtual IP on ingress: IPVS balances across every running task.`,
        },
      ],
      tasks,
    ],
    summary: `any node:${path.published} → ingress → VIP ${path.vip ?? '?'} → ${tasks.length} task(s) of ${target.name}:${path.target}`,
  };
}

export function explainIngress(topology: Topology): IngressExplanation[] {
  return Object.values(topology.ingress)
    .map((path) => explainOne(topology, path))
    .sort(
      (a, b) =>
        a.published - b.published ||
        a.target.name.localeCompare(b.target.name) ||
        a.id.localeCompare(b.id),
    );
}
