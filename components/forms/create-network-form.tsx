'use client';

import { useMemo, useState } from 'react';

import { fieldErrors } from '@/lib/validation/fields';
import {
  DRIVER_OPTIONS,
  NETWORK_DRIVER_FIELDS,
  NETWORK_DRIVER_HELP,
  NETWORK_DRIVERS,
  NETWORK_FIELD_HELP,
  checkNetworkAgainstTopology,
  chooseNetworkEngine,
  createNetworkSchema,
  swarmNetworkProblem,
  type NetworkDriver,
} from '@/lib/validation/network';

import { useLive } from '../realtime/live-store';
import { FlagField } from './fields/flag-field';
import { SelectField } from './fields/select-field';
import { TextAreaField } from './fields/text-area-field';
import { TextField } from './fields/text-field';
import { keyedErrorUnder } from './field-errors';
import { FormFooter } from './form-footer';
import { parseKeyValues } from './text-lists';
import { useCreateForm, type Created } from './use-create-form';

interface Draft {
  engine: string;
  name: string;
  driver: NetworkDriver;
  subnet: string;
  gateway: string;
  ipRange: string;
  internal: boolean;
  attachable: boolean;
  encrypted: boolean;
  parent: string;
  labels: string;
  options: string;
}

const EMPTY: Draft = {
  engine: '',
  name: '',
  driver: 'bridge',
  subnet: '',
  gateway: '',
  ipRange: '',
  internal: false,
  attachable: false,
  encrypted: false,
  parent: '',
  labels: '',
  options: '',
};

/** The request a draft stands for: blank texts left out, flags only for their driver. */
function toRequest(draft: Draft) {
  const fields = NETWORK_DRIVER_FIELDS[draft.driver];
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    name: draft.name.trim(),
    driver: draft.driver,
    subnet: text(draft.subnet),
    gateway: text(draft.gateway),
    ipRange: text(draft.ipRange),
    internal: draft.internal || undefined,
    attachable: fields.attachable && draft.attachable ? true : undefined,
    encrypted: fields.encrypted && draft.encrypted ? true : undefined,
    parent: fields.parent ? text(draft.parent) : undefined,
    labels: parseKeyValues(draft.labels),
    options: parseKeyValues(draft.options),
    engine: text(draft.engine),
  };
}

/**
 * "New network": the same schema and topology rules as the server, checked before sending, with
 * each refusal beside its field; the server's answer (400 fields, 409, 503) shown the same way.
 * The new network then appears on the map through the engine's own event.
 */
export function CreateNetworkForm({ onDone }: { onDone: (created: Created) => void }) {
  const topology = useLive('topology');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { errors, problem, busy, submit } = useCreateForm('/api/networks', onDone);
  const engines = useMemo(() => Object.values(topology?.engines ?? {}), [topology]);
  const hasSwarm = engines.some((engine) => engine.swarm?.manager && engine.reachable);
  // NOTE: a standalone engine (no swarm) cannot hold an overlay: say so where the driver is chosen.
  const standalone = topology && draft.engine ? swarmNetworkProblem(topology, draft.engine) : null;
  const fields = NETWORK_DRIVER_FIELDS[draft.driver];
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft({ ...draft, [key]: value });

  const check = (request: ReturnType<typeof toRequest>): Record<string, string> => {
    const parsed = createNetworkSchema.safeParse(request);
    if (!parsed.success) return fieldErrors(parsed.error);
    if (!topology) return {};
    const chosen = chooseNetworkEngine(parsed.data, topology);
    if (!chosen.ok) return chosen.fields;
    return checkNetworkAgainstTopology(parsed.data, topology, chosen.engine).fields;
  };

  return (
    <form
      onSubmit={(event) => void submit(event, toRequest(draft), check)}
      noValidate
      className="space-y-4"
      aria-label="New network"
    >
      {engines.length > 1 && (
        <SelectField
          id="network-engine"
          label="Engine"
          help={NETWORK_FIELD_HELP.engine}
          error={errors.engine}
          value={draft.engine}
          onChange={(value) => set('engine', value)}
        >
          <option value="">{draft.driver === 'overlay' ? 'a swarm manager' : 'choose…'}</option>
          {engines.map((engine) => (
            <option key={engine.name} value={engine.name} disabled={!engine.reachable}>
              {engine.name}
              {engine.swarm?.manager
                ? ' (manager)'
                : engine.swarm
                  ? ' (worker)'
                  : ' (standalone, no swarm)'}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        id="network-name"
        label="Name"
        help={NETWORK_FIELD_HELP.name}
        error={errors.name}
        value={draft.name}
        onChange={(value) => set('name', value)}
        autoComplete="off"
        required
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Driver</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {NETWORK_DRIVERS.map((driver) => {
            const unavailable = driver === 'overlay' && (!hasSwarm || standalone !== null);
            return (
              <label
                key={driver}
                className="flex cursor-pointer gap-2 rounded-md border border-border p-2 text-sm has-checked:border-accent has-disabled:opacity-50"
              >
                <input
                  type="radio"
                  name="driver"
                  value={driver}
                  checked={draft.driver === driver}
                  disabled={unavailable}
                  onChange={() => set('driver', driver)}
                />
                <span>
                  <span className="font-mono font-semibold">{driver}</span>
                  <span className="block text-xs text-muted">
                    {unavailable
                      ? (standalone ?? 'Needs swarm mode (no swarm manager connected).')
                      : NETWORK_DRIVER_HELP[driver]}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {errors.driver && (
          <p role="alert" className="text-xs text-bad" data-testid="error-network-driver">
            {errors.driver}
          </p>
        )}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          id="network-subnet"
          label="Subnet"
          help={NETWORK_FIELD_HELP.subnet}
          error={errors.subnet}
          placeholder="10.20.0.0/24"
          value={draft.subnet}
          onChange={(value) => set('subnet', value)}
        />
        <TextField
          id="network-gateway"
          label="Gateway"
          help={NETWORK_FIELD_HELP.gateway}
          error={errors.gateway}
          placeholder="10.20.0.1"
          value={draft.gateway}
          onChange={(value) => set('gateway', value)}
        />
        <TextField
          id="network-iprange"
          label="IP range"
          help={NETWORK_FIELD_HELP.ipRange}
          error={errors.ipRange}
          placeholder="10.20.0.128/25"
          value={draft.ipRange}
          onChange={(value) => set('ipRange', value)}
        />
      </div>
      {fields.parent && (
        <TextField
          id="network-parent"
          label="Parent interface"
          help={NETWORK_FIELD_HELP.parent}
          error={errors.parent}
          placeholder="eth1"
          value={draft.parent}
          onChange={(value) => set('parent', value)}
        />
      )}
      <div className="space-y-2 text-sm">
        <FlagField
          id="network-internal"
          label="Internal"
          help={NETWORK_FIELD_HELP.internal}
          checked={draft.internal}
          onChange={(value) => set('internal', value)}
          error={errors.internal}
        />
        {fields.attachable && (
          <FlagField
            id="network-attachable"
            label="Attachable"
            help={NETWORK_FIELD_HELP.attachable}
            checked={draft.attachable}
            onChange={(value) => set('attachable', value)}
            error={errors.attachable}
          />
        )}
        {fields.encrypted && (
          <FlagField
            id="network-encrypted"
            label="Encrypted"
            help={NETWORK_FIELD_HELP.encrypted}
            checked={draft.encrypted}
            onChange={(value) => set('encrypted', value)}
            error={errors.encrypted}
          />
        )}
      </div>
      <details className="rounded-md border border-border p-3">
        <summary className="cursor-pointer text-sm font-medium">Labels and driver options</summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <TextAreaField
            id="network-labels"
            label="Labels (key=value per line)"
            help={NETWORK_FIELD_HELP.labels}
            error={keyedErrorUnder(errors, 'labels')}
            rows={3}
            value={draft.labels}
            onChange={(value) => set('labels', value)}
          />
          <TextAreaField
            id="network-options"
            label="Driver options (key=value per line)"
            help={
              DRIVER_OPTIONS[draft.driver].length > 0
                ? `Allowed: ${DRIVER_OPTIONS[draft.driver].map((option) => option.key).join(', ')}`
                : 'This driver takes no options here.'
            }
            error={keyedErrorUnder(errors, 'options')}
            rows={3}
            value={draft.options}
            onChange={(value) => set('options', value)}
          />
        </div>
      </details>
      <FormFooter problem={problem} busy={busy} label="Create network" busyLabel="Creating…" />
    </form>
  );
}
