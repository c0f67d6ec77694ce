/* The inspector's view of a service: replicas, VIPs, aliases, ports and tasks in words. */
import type { Topology, TopologyService } from '@/lib/topology/types';
import {
  hostName,
  networkName,
  labelsSection,
  type InspectorModel,
  type InspectorSection,
} from './inspect-parts';
import { isTaskCurrent, portText } from './graph';
import { replicasText, taskCountText, taskStateText } from './graph/labels';
import { serviceDnsSection } from './inspect-dns';
import { serviceAliasesOn } from '@/lib/discovery/model';
import { taskPhase } from '@/lib/topology/tasks';
import { compareNames } from './collate';

/** `4 running / 4 desired`, then `· 3 stopping`, `· 1 starting`. */
function replicasWords(replicas: TopologyService['replicas']): string {
  const words = [`${replicas.running} running / ${replicas.desired} desired`];
  if (replicas.starting > 0) words.push(`${replicas.starting} starting`);
  if (replicas.stopping > 0) words.push(`${replicas.stopping} stopping`);
  return words.join(' · ');
}

/** Each network with the service's VIP there, and its aliases there when it has some. */
function networksSection(
  topology: Topology,
  service: TopologyService,
  networkIds: readonly string[],
): InspectorSection {
  const aliasesOn = (id: string) => {
    const network = topology.networks[id];
    return network ? serviceAliasesOn(service, network) : [];
  };
  const withAliases = service.aliases.length > 0;
  return {
    title: withAliases ? 'Networks, VIPs and aliases' : 'Networks and VIPs',
    table: {
      columns: withAliases ? ['network', 'VIP', 'aliases'] : ['network', 'VIP'],
      rows: networkIds.map((id) => {
        const row = [
          networkName(topology, id),
          service.vips.find((v) => v.network === id)?.addr ??
            (service.endpointMode === 'dnsrr' ? 'dnsrr' : '—'),
        ];
        return withAliases ? [...row, aliasesOn(id).join(', ') || '—'] : row;
      }),
    },
    links: networkIds.map((id) => (topology.networks[id] ? id : null)),
  };
}

export function describeService(topology: Topology, service: TopologyService): InspectorModel {
  const mode =
    service.mode.kind === 'replicated'
      ? `replicated (${service.mode.replicas})`
      : service.mode.kind === 'global'
        ? 'global'
        : service.mode.kind;
  const fields: [string, string][] = [
    ['id', service.id],
    ['image', service.image],
    ['mode', mode],
    ['replicas', replicasWords(service.replicas)],
    [
      'endpoint mode',
      service.endpointMode === 'dnsrr'
        ? 'dnsrr: DNS answers with task IPs, no VIP'
        : 'vip: one virtual IP per network, load-balanced',
    ],
  ];
  if (service.updateStatus) {
    fields.push([
      'update',
      `${service.updateStatus.state}${service.updateStatus.message ? `: ${service.updateStatus.message}` : ''}`,
    ]);
  }
  const sections: InspectorSection[] = [{ title: 'Service', fields }];
  const networkIds = [...new Set([...service.networks, ...service.vips.map((v) => v.network)])];
  sections.push(networksSection(topology, service, networkIds));
  if (service.ports.length > 0) {
    sections.push({
      title: 'Published ports',
      table: {
        columns: ['port', 'mode'],
        rows: service.ports.map((p) => [portText(p.published, p.target, p.protocol), p.mode]),
      },
    });
  }
  const tasks = Object.values(topology.tasks)
    .filter((t) => t.service === service.id)
    .sort(
      (a, b) => Number(isTaskCurrent(b)) - Number(isTaskCurrent(a)) || compareNames(a.name, b.name),
    );
  sections.push({
    title: `Tasks: ${taskCountText(tasks)}`,
    table: {
      columns: ['task', 'node', 'state', 'addresses'],
      rows: tasks.map((t) => [
        t.name,
        hostName(topology, t.node),
        taskStateText(t),
        t.addresses.map((a) => a.address).join(', ') || '—',
      ]),
    },
    links: tasks.map((t) => t.id),
    note: tasks.some((t) => taskPhase(t) === 'stopping')
      ? 'Stopping: told to stop, their containers still run inside the stop grace period; they have left DNS already.'
      : undefined,
  });
  sections.push(serviceDnsSection(topology, service, networkIds));
  if (service.envKeys.length > 0) {
    sections.push({
      title: `Environment (${service.envKeys.length} keys)`,
      note: service.envKeys.join(', '),
    });
  }
  const labels = labelsSection(service.labels);
  if (labels) sections.push(labels);
  const taskIds = new Set(tasks.map((t) => t.id));
  return {
    id: service.id,
    kind: 'service',
    title: service.name,
    subtitle: `swarm service · ${replicasText(service.replicas)}`,
    status: 'ok',
    sections,
    events: { ids: [service.id, ...taskIds] },
  };
}
