'use client';

import { useMemo, useState, type FormEvent } from 'react';

import { engineOfLocalNetwork } from '@/lib/topology/queries';
import type { TopologyContainer } from '@/lib/topology/types';
import { fieldErrors } from '@/lib/validation/fields';
import {
  checkConnectAgainstNetwork,
  connectNetworkSchema,
  networkModeProblem,
  swarmNetworkProblem,
} from '@/lib/validation/network';

import { useLive } from '../realtime/live-store';
import { buttonClass } from '../ui/button';
import { AliasesField } from './fields/aliases-field';
import { SelectField } from './fields/select-field';
import { TextField } from './fields/text-field';
import { submitJson } from './submit-json';
import { parseAliases } from './text-lists';

/**
 * Connect a container to a network (with aliases and a static address checked against the
 * subnet), and disconnect it from the ones it is on. Changes show on the map through the
 * engine's connect/disconnect events.
 */
export function ContainerNetworksForm({ container }: { container: TopologyContainer }) {
  const topology = useLive('topology');
  const [network, setNetwork] = useState('');
  const [aliases, setAliases] = useState('');
  const [ipv4, setIpv4] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const candidates = useMemo(() => {
    const joined = new Set(container.endpoints.map((endpoint) => endpoint.network));
    return Object.values(topology?.networks ?? {})
      .filter((candidate) => !joined.has(candidate.id))
      .filter((candidate) =>
        candidate.scope === 'swarm'
          ? candidate.attachable && !candidate.ingress
          : topology !== null && engineOfLocalNetwork(topology, candidate) === container.engine,
      )
      .filter(
        (candidate) =>
          !['host', 'none'].includes(candidate.driver === 'null' ? 'none' : candidate.name),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [topology, container]);
  const blocked = networkModeProblem(container);
  // NOTE: overlays stay listed on a standalone engine, greyed, with the reason beside them.
  const noSwarm = topology ? swarmNetworkProblem(topology, container.engine) : null;

  const connect = async (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    const target = candidates.find((candidate) => candidate.id === network);
    const body = {
      container: container.id,
      aliases: parseAliases(aliases),
      ipv4: ipv4.trim() || undefined,
      engine: container.engine,
    };
    const parsed = connectNetworkSchema.safeParse(body);
    const local = !target
      ? { network: 'Choose a network.' }
      : !parsed.success
        ? fieldErrors(parsed.error)
        : topology
          ? checkConnectAgainstNetwork(parsed.data, target, topology, container)
          : {};
    setErrors(local);
    if (!target || Object.keys(local).length > 0) return;
    setBusy(true);
    const result = await submitJson(
      'POST',
      `/api/networks/${encodeURIComponent(target.id)}/connect`,
      body,
    );
    setBusy(false);
    if (result.ok) {
      setStatus(`Connected to ${target.name}.`);
      setNetwork('');
      setAliases('');
      setIpv4('');
    } else {
      setErrors(result.fields);
      setStatus(result.error);
    }
  };

  const disconnect = async (networkId: string, name: string) => {
    setBusy(true);
    const result = await submitJson(
      'POST',
      `/api/networks/${encodeURIComponent(networkId)}/disconnect`,
      {
        container: container.id,
        engine: container.engine,
      },
    );
    setBusy(false);
    setStatus(result.ok ? `Disconnected from ${name}.` : result.error);
  };

  return (
    <div className="space-y-3" data-testid="container-networks-form">
      <ul className="space-y-1">
        {container.endpoints.map((endpoint) => (
          <li key={endpoint.network} className="flex items-center justify-between gap-2 text-sm">
            <span className="font-mono">
              {endpoint.networkName} <span className="text-muted">{endpoint.ipv4 ?? ''}</span>
            </span>
            <button
              type="button"
              disabled={busy}
              onClick={() => void disconnect(endpoint.network, endpoint.networkName)}
              className="rounded border border-border px-2 py-0.5 text-xs hover:bg-border/40"
              aria-label={`Disconnect from ${endpoint.networkName}`}
            >
              Disconnect
            </button>
          </li>
        ))}
      </ul>
      {blocked ? (
        <p className="text-xs text-muted">{blocked}</p>
      ) : (
        <form
          onSubmit={(event) => void connect(event)}
          className="space-y-2"
          aria-label="Connect to a network"
          noValidate
        >
          <SelectField
            id="connect-network"
            label="Connect to"
            error={errors.network ?? errors._}
            value={network}
            onChange={setNetwork}
          >
            <option value="">choose a network…</option>
            {candidates.map((candidate) => {
              const greyed = candidate.scope === 'swarm' && noSwarm !== null;
              return (
                <option key={candidate.id} value={candidate.id} disabled={greyed}>
                  {candidate.name} ({candidate.driver}
                  {candidate.subnets[0] ? ` ${candidate.subnets[0].subnet}` : ''})
                  {greyed ? ' — needs swarm mode' : ''}
                </option>
              );
            })}
          </SelectField>
          {noSwarm && candidates.some((candidate) => candidate.scope === 'swarm') && (
            <p className="text-xs text-muted" data-testid="connect-overlay-note">
              Overlays are greyed: {noSwarm}
            </p>
          )}
          <div className="grid grid-cols-2 gap-2">
            <AliasesField
              id="connect-aliases"
              error={errors.aliases}
              value={aliases}
              onChange={setAliases}
              placeholder="api, db"
            />
            <TextField
              id="connect-ipv4"
              label="Static IPv4"
              help="Inside the network's subnet."
              error={errors.ipv4}
              value={ipv4}
              onChange={setIpv4}
              placeholder="automatic"
            />
          </div>
          <button type="submit" disabled={busy} className={buttonClass.submitCompact}>
            Connect
          </button>
        </form>
      )}
      {status && (
        <p role="status" className="text-xs text-muted">
          {status}
        </p>
      )}
    </div>
  );
}
