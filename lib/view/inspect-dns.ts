/*
 * The inspector's "DNS names" sections, read from the same records the DNS rules answer from
 * (lib/discovery/dns-names), so the inspector, /explain and /api/resolve never disagree.
 */
import { dnsRecordsByName, type DnsName } from '@/lib/discovery/dns-names';
import {
  dnsKey,
  isDefaultBridge,
  networkDnsKind,
  serviceAliasesOn,
  sharedNamespaceOwner,
} from '@/lib/discovery/model';
import { taskPhase } from '@/lib/topology/tasks';
import type {
  Topology,
  TopologyContainer,
  TopologyNetwork,
  TopologyService,
  TopologyTask,
} from '@/lib/topology/types';

import type { InspectorSection } from './inspect';

/** What a record says about its name, for one element: `web`, `web → VIP`, `tasks.web`. */
function nameText(record: DnsName, service: TopologyService | undefined): string {
  if (record.kind !== 'service') return record.name;
  return `${record.name} → ${service?.endpointMode === 'dnsrr' ? 'task IPs' : 'VIP'}`;
}

/** The names on one network that reach this container (or task), or its service. */
function namesOn(
  records: Map<string, DnsName>,
  ids: ReadonlySet<string>,
  service: TopologyService | undefined,
): string[] {
  const names: string[] = [];
  for (const record of records.values()) {
    const mine = record.sources.some(
      (source) =>
        source.kind !== 'short-id' &&
        (ids.has(source.id) || (service !== undefined && source.id === service.id)),
    );
    if (mine) names.push(nameText(record, service));
  }
  return names;
}

/**
 * Names other containers can resolve to reach this one, per network. A container sharing
 * another's network namespace has that container's names; a task not running has none.
 */
export function containerDnsSection(
  topology: Topology,
  container: TopologyContainer | undefined,
  task: TopologyTask | undefined,
  service: TopologyService | undefined,
): InspectorSection {
  const owner = container ? sharedNamespaceOwner(topology, container) : null;
  const holder = owner ?? container;
  const phase = task ? taskPhase(task) : 'running';
  // NOTE: the service's names reach a task only while it runs and is meant to.
  const reachedBy = owner || phase !== 'running' ? undefined : service;
  const ids = new Set([holder?.id, task?.id].filter((id): id is string => Boolean(id)));
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const endpoint of holder?.endpoints ?? []) {
    const network = topology.networks[endpoint.network];
    if (!network) continue;
    if (isDefaultBridge(network)) {
      notes.push(
        'The default bridge has no embedded DNS: other containers reach this one by IP (or legacy --link).',
      );
      continue;
    }
    const names = namesOn(dnsRecordsByName(topology, network), ids, reachedBy);
    if (names.length > 0) rows.push([network.name, names.join(', ')]);
  }
  if (owner && container) {
    notes.push(
      `${container.name} shares ${owner.name}'s network namespace: these are ${owner.name}'s names, and they reach ${container.name} too (one set of addresses and ports).`,
    );
  }
  if (phase === 'stopping')
    notes.push(
      'Told to stop: Docker took this task out of DNS at once (its container name too); the service’s VIP answers until its last container is gone.',
    );
  if (phase === 'starting')
    notes.push('Not running yet: Docker registers a task’s names once it runs (and is healthy).');
  if (rows.length === 0 && notes.length === 0)
    notes.push('No names: not on a network with embedded DNS.');
  return {
    title: 'DNS names',
    table: rows.length > 0 ? { columns: ['network', 'resolvable as'], rows } : undefined,
    note: notes.length > 0 ? notes.join(' ') : undefined,
  };
}

/** Per network: the service's name and aliases, and their `tasks.` forms, with what they answer. */
export function serviceDnsSection(
  topology: Topology,
  service: TopologyService,
  networkIds: readonly string[],
): InspectorSection {
  const rows: string[][] = [];
  for (const id of networkIds) {
    const network: TopologyNetwork | undefined = topology.networks[id];
    if (!network || networkDnsKind(network) !== 'embedded') continue;
    const records = dnsRecordsByName(topology, network);
    for (const name of new Set([service.name, ...serviceAliasesOn(service, network)])) {
      for (const asked of [name, `tasks.${name}`]) {
        const answers = records.get(dnsKey(asked))?.answers ?? [];
        rows.push([network.name, asked, answers.join(', ') || '— (no running task here)']);
      }
    }
  }
  return {
    title: 'DNS names',
    table: rows.length ? { columns: ['network', 'name', 'answers'], rows } : undefined,
    note: rows.length ? undefined : 'Not on any network with service discovery.',
  };
}
