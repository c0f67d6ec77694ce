'use client';

import { useContext, useEffect, useMemo, useState } from 'react';

import {
  networkDns,
  type DnsName,
  type DnsNameKind,
  type DnsNameSource,
  type LegacyLink,
} from '@/lib/discovery/dns-names';
import { networkDnsKind, networkLabel } from '@/lib/discovery/model';
import type { Topology } from '@/lib/topology/types';

import { Input, Select } from '../ui/input';
import { TableHead } from '../ui/table';
import { Addresses, Badge, Empty, Field, Panel, apiError, type Tone } from './ui';
import { PastMomentContext } from './verify-off';

const KIND_TEXT: Record<DnsNameKind, { label: string; tone: Tone; title: string }> = {
  service: {
    label: 'service',
    tone: 'service',
    title: 'A service name: its VIP here, or its task addresses in dnsrr mode.',
  },
  tasks: {
    label: 'tasks.',
    tone: 'task',
    title: 'tasks.<service>: every running task address on this network.',
  },
  container: {
    label: 'container',
    tone: 'container',
    title: 'A container name (swarm tasks: <service>.<slot>.<task id>).',
  },
  alias: {
    label: 'alias',
    tone: 'accent',
    title: 'A network alias (Docker lists the hostname here too).',
  },
  'short-id': {
    label: 'short id',
    tone: 'muted',
    title: 'The 12-character container id Docker adds as an alias on user-defined networks.',
  },
};

function describeSource(topology: Topology, source: DnsNameSource): string {
  if (source.collection === 'tasks') return `task ${source.of}`;
  if (source.collection === 'containers') return `container ${source.of}`;
  if (source.kind === 'tasks') return `service ${source.of}: each running task`;
  return topology.services[source.id]?.endpointMode === 'dnsrr'
    ? `service ${source.of} (dnsrr: task addresses)`
    : `service ${source.of} (VIP)`;
}

function sortedNetworks(topology: Topology) {
  const order = {
    embedded: 0,
    'default-bridge': 1,
    ingress: 2,
    'gateway-bridge': 3,
    host: 4,
    none: 5,
  };
  return Object.values(topology.networks).sort(
    (a, b) =>
      order[networkDnsKind(a)] - order[networkDnsKind(b)] ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
}

/** Legacy links are read from the engine now: on a past moment there is nothing true to show. */
function LegacyLinks(props: { networkId: string; engineName: string | null }) {
  const past = useContext(PastMomentContext);
  if (past !== null)
    return (
      <p className="text-sm text-muted">
        Legacy links (/etc/hosts entries) are read live from the engine: not shown for a past
        moment.
      </p>
    );
  return <LiveLegacyLinks {...props} />;
}

function LiveLegacyLinks({
  networkId,
  engineName,
}: {
  networkId: string;
  engineName: string | null;
}) {
  const [state, setState] = useState<{ links: LegacyLink[] | null; error: string | null }>({
    links: null,
    error: null,
  });
  useEffect(() => {
    const controller = new AbortController();
    const query = engineName ? `?engine=${encodeURIComponent(engineName)}` : '';
    fetch(`/api/networks/${encodeURIComponent(networkId)}/dns${query}`, {
      signal: controller.signal,
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(await apiError(response));
        const body = (await response.json()) as { links: LegacyLink[] };
        setState({ links: body.links, error: null });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setState({ links: null, error: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, [networkId, engineName]);

  if (state.error)
    return <p className="text-sm text-bad">Legacy links could not be read: {state.error}</p>;
  if (!state.links) return <p className="text-sm text-muted">Reading legacy links…</p>;
  if (state.links.length === 0)
    return <p className="text-sm text-muted">No container here has a legacy --link.</p>;
  return (
    <table className="w-full text-sm">
      <caption className="mb-1 text-left text-xs font-medium text-muted">
        Legacy links: /etc/hosts entries in the linking container (not DNS)
      </caption>
      <TableHead
        look="factsTight"
        columns={['In container', 'Alias', 'Linked container', 'Address']}
      />
      <tbody>
        {state.links.map((link) => (
          <tr key={`${link.container}-${link.alias}`} className="border-t border-border">
            <td className="py-1 pr-3 font-mono">{link.container}</td>
            <td className="py-1 pr-3 font-mono">{link.alias}</td>
            <td className="py-1 pr-3 font-mono">{link.target}</td>
            <td className="py-1">
              <Addresses values={link.address ? [link.address] : []} empty="not running" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Every name the embedded DNS answers on one network, and its answer. */
export function DnsView({
  topology,
  onResolve,
}: {
  topology: Topology;
  onResolve: (name: string) => void;
}) {
  const networks = useMemo(() => sortedNetworks(topology), [topology]);
  const [selected, setSelected] = useState<string>('');
  const [filter, setFilter] = useState('');
  const networkId = selected && topology.networks[selected] ? selected : (networks[0]?.id ?? '');
  const view = useMemo(
    () => (networkId ? networkDns(topology, networkId) : null),
    [topology, networkId],
  );
  const network = topology.networks[networkId];
  const needle = filter.trim().toLowerCase();
  const names = (view?.names ?? []).filter(
    (name: DnsName) =>
      !needle ||
      name.name.toLowerCase().includes(needle) ||
      name.answers.some((answer) => answer.includes(needle)) ||
      name.sources.some((source) => source.of.toLowerCase().includes(needle)),
  );
  const engineName = network ? (topology.nodes[network.nodes[0] ?? '']?.engine ?? null) : null;

  return (
    <Panel
      title="Names per network"
      description="What Docker’s embedded DNS (127.0.0.11 in every container) answers on one network. Discovery is scoped: a container sees only the names of the networks it is attached to."
    >
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <Field label="Network" htmlFor="dns-network" className="w-72">
          <Select
            id="dns-network"
            look="tool"
            value={networkId}
            onChange={(event) => setSelected(event.target.value)}
          >
            {networks.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {networkLabel(topology, candidate)} — {candidate.driver}
                {networkDnsKind(candidate) === 'embedded' ? '' : ' (no names)'}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Filter" htmlFor="dns-filter" className="w-56">
          <Input
            id="dns-filter"
            look="tool"
            value={filter}
            placeholder="name, address or owner"
            onChange={(event) => setFilter(event.target.value)}
          />
        </Field>
        {network && (
          <div className="flex flex-wrap items-center gap-1.5 pb-1.5">
            <Badge tone="network">{network.driver}</Badge>
            <Badge>{network.scope}</Badge>
            {network.subnets.map((subnet) => (
              <Badge key={subnet.subnet}>{subnet.subnet}</Badge>
            ))}
            {network.internal && <Badge tone="warn">internal</Badge>}
            {network.encrypted && <Badge tone="ok">encrypted</Badge>}
            <Badge tone={view?.embeddedDns ? 'ok' : 'warn'}>
              {view?.embeddedDns ? 'embedded DNS' : 'no embedded DNS'}
            </Badge>
          </div>
        )}
      </div>
      {view && !view.embeddedDns && (
        <div className="mb-3 space-y-3 rounded-md border border-border bg-bg p-3">
          <p className="text-sm" data-testid="dns-reason">
            {view.reason}
          </p>
          {view.dnsKind === 'default-bridge' && (
            <LegacyLinks networkId={view.network.id} engineName={engineName} />
          )}
        </div>
      )}
      {view?.embeddedDns &&
        (names.length === 0 ? (
          <Empty>
            {needle
              ? 'No name matches the filter.'
              : 'No running container or task is attached here: no names.'}
          </Empty>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="dns-names">
              <caption className="sr-only">
                Names the embedded DNS answers on {view.network.name}
              </caption>
              <TableHead
                look="facts"
                columns={[
                  'Name',
                  'Kind',
                  'Answers',
                  'Registered by',
                  <span key="actions" className="sr-only">
                    Actions
                  </span>,
                ]}
              />
              <tbody>
                {names.map((name) => {
                  const kind = KIND_TEXT[name.kind];
                  return (
                    <tr
                      key={name.name}
                      className="border-t border-border align-top"
                      data-testid="dns-name"
                      data-name={name.name}
                    >
                      <td className="py-1.5 pr-3 font-mono break-all">{name.name}</td>
                      <td className="py-1.5 pr-3">
                        <Badge tone={kind.tone} title={kind.title}>
                          {kind.label}
                        </Badge>
                      </td>
                      <td className="py-1.5 pr-3">
                        <Addresses values={name.answers} />
                      </td>
                      <td className="py-1.5 pr-3 text-xs text-muted">
                        {[
                          ...new Set(
                            name.sources.map((source) => describeSource(topology, source)),
                          ),
                        ].join(', ')}
                      </td>
                      <td className="py-1.5 text-right">
                        <button
                          type="button"
                          className="text-xs text-accent hover:underline"
                          aria-label={`Resolve ${name.name} from a container`}
                          onClick={() => onResolve(name.name)}
                        >
                          Resolve…
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </Panel>
  );
}
