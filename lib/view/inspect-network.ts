/* The inspector's view of a network: its subnets, endpoints, services and where it exists. */
import type { Topology, TopologyNetwork, TopologyTask } from '@/lib/topology/types';
import {
  hostName,
  labelsSection,
  type InspectorModel,
  type InspectorSection,
} from './inspect-parts';
import { isTaskCurrent } from './graph';

export function describeNetwork(topology: Topology, network: TopologyNetwork): InspectorModel {
  const sections: InspectorSection[] = [];
  const fields: [string, string][] = [
    ['id', network.id],
    ['driver', network.driver === 'null' ? 'null (none)' : network.driver],
    ['scope', network.scope],
    ['internal', network.internal ? 'yes: no route to the outside' : 'no'],
    ['attachable', network.attachable ? 'yes' : 'no'],
  ];
  if (network.driver === 'overlay')
    fields.push(['encrypted', network.encrypted ? 'yes (IPsec)' : 'no']);
  if (network.ingress) fields.push(['routing mesh', 'yes: published ports enter here']);
  if (network.parent) fields.push(['parent interface', network.parent]);
  if (network.system) fields.push(['system', 'created by Docker']);
  fields.push(['IPv6', network.ipv6 ? 'enabled' : 'off']);
  fields.push(['nodes', network.nodes.map((id) => hostName(topology, id)).join(', ') || '—']);
  sections.push({ title: 'Network', fields });
  if (network.subnets.length > 0) {
    sections.push({
      title: 'IPAM',
      table: {
        columns: ['subnet', 'gateway', 'range'],
        rows: network.subnets.map((s) => [s.subnet, s.gateway ?? '—', s.ipRange ?? '—']),
      },
    });
  }

  const memberRows: string[][] = [];
  const memberLinks: (string | null)[] = [];
  const taskByContainer = new Map<string, TopologyTask>();
  for (const task of Object.values(topology.tasks)) {
    if (task.containerId) taskByContainer.set(task.containerId, task);
  }
  for (const container of Object.values(topology.containers)) {
    const endpoint = container.endpoints.find((e) => e.network === network.id);
    if (!endpoint) continue;
    const task = taskByContainer.get(container.id);
    memberRows.push([
      task?.name ?? container.name,
      endpoint.ipv4 ?? endpoint.ipv6 ?? '—',
      hostName(topology, container.node),
      container.state,
    ]);
    memberLinks.push(task?.id ?? container.id);
  }
  for (const task of Object.values(topology.tasks)) {
    if (task.containerId && topology.containers[task.containerId]) continue;
    if (!isTaskCurrent(task)) continue;
    const address = task.addresses.find((a) => a.network === network.id);
    if (!address) continue;
    memberRows.push([task.name, address.address, hostName(topology, task.node), task.state]);
    memberLinks.push(task.id);
  }
  sections.push({
    title: `Endpoints (${memberRows.length})`,
    table: memberRows.length
      ? { columns: ['member', 'address', 'node', 'state'], rows: memberRows }
      : undefined,
    note: memberRows.length ? undefined : 'No containers on this network.',
    links: memberLinks,
  });

  const services = Object.values(topology.services).filter(
    (s) => s.networks.includes(network.id) || s.vips.some((v) => v.network === network.id),
  );
  if (services.length > 0) {
    sections.push({
      title: 'Services',
      table: {
        columns: ['service', 'VIP', 'mode'],
        rows: services.map((s) => [
          s.name,
          s.vips.find((v) => v.network === network.id)?.addr ?? '—',
          s.endpointMode,
        ]),
      },
      links: services.map((s) => s.id),
    });
  }
  if (network.loadBalancers.length > 0) {
    sections.push({
      title: 'Load-balancer endpoints',
      table: {
        columns: ['node', 'IPv4', 'MAC'],
        rows: network.loadBalancers.map((lb) => [
          hostName(topology, lb.node),
          lb.ipv4 ?? '—',
          lb.mac ?? '—',
        ]),
      },
    });
  }
  const options = Object.entries(network.options);
  if (options.length > 0) sections.push({ title: 'Driver options', fields: options });
  const labels = labelsSection(network.labels);
  if (labels) sections.push(labels);
  return {
    id: network.id,
    kind: 'network',
    title: network.name,
    subtitle: `${network.driver === 'null' ? 'none' : network.driver} network${network.scope === 'swarm' ? ' spanning nodes' : ` on ${hostName(topology, network.nodes[0])}`}`,
    status: 'ok',
    sections,
    events: { ids: [network.id] },
  };
}
