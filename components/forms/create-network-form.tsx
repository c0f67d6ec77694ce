'use client';

import { useMemo, useState, type FormEvent } from 'react';

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
  type NetworkDriver,
} from '@/lib/validation/network';

import { useLive } from '../realtime/live-store';
import { FormFooter } from './form-footer';
import { FormField, describedBy, inputClass } from './form-field';
import { parseKeyValues } from './key-values';
import { submitJson } from './submit-json';

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
export function CreateNetworkForm({
  onDone,
}: {
  onDone: (created: { id: string; name: string }) => void;
}) {
  const topology = useLive('topology');
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const engines = useMemo(() => Object.values(topology?.engines ?? {}), [topology]);
  const hasSwarm = engines.some((engine) => engine.swarm?.manager && engine.reachable);
  const fields = NETWORK_DRIVER_FIELDS[draft.driver];
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft({ ...draft, [key]: value });

  const validate = (): Record<string, string> => {
    const parsed = createNetworkSchema.safeParse(toRequest(draft));
    if (!parsed.success) return fieldErrors(parsed.error);
    if (!topology) return {};
    const chosen = chooseNetworkEngine(parsed.data, topology);
    if (!chosen.ok) return chosen.fields;
    return checkNetworkAgainstTopology(parsed.data, topology, chosen.engine).fields;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const result = await submitJson<{ id: string; name: string }>(
      'POST',
      '/api/networks',
      toRequest(draft),
    );
    setBusy(false);
    if (result.ok) {
      onDone(result.data);
      return;
    }
    setErrors(result.fields);
    setProblem(result.error);
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      className="space-y-4"
      aria-label="New network"
    >
      {engines.length > 1 && (
        <FormField
          id="network-engine"
          label="Engine"
          help={NETWORK_FIELD_HELP.engine}
          error={errors.engine}
        >
          <select
            {...describedBy('network-engine', errors.engine)}
            className={inputClass}
            value={draft.engine}
            onChange={(e) => set('engine', e.target.value)}
          >
            <option value="">{draft.driver === 'overlay' ? 'a swarm manager' : 'choose…'}</option>
            {engines.map((engine) => (
              <option key={engine.name} value={engine.name} disabled={!engine.reachable}>
                {engine.name}
                {engine.swarm?.manager ? ' (manager)' : engine.swarm ? ' (worker)' : ''}
              </option>
            ))}
          </select>
        </FormField>
      )}
      <FormField id="network-name" label="Name" help={NETWORK_FIELD_HELP.name} error={errors.name}>
        <input
          {...describedBy('network-name', errors.name)}
          className={inputClass}
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
          autoComplete="off"
          required
        />
      </FormField>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Driver</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {NETWORK_DRIVERS.map((driver) => {
            const unavailable = driver === 'overlay' && !hasSwarm;
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
                      ? 'Needs swarm mode (no swarm manager connected).'
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
        <FormField
          id="network-subnet"
          label="Subnet"
          help={NETWORK_FIELD_HELP.subnet}
          error={errors.subnet}
        >
          <input
            {...describedBy('network-subnet', errors.subnet)}
            className={inputClass}
            placeholder="10.20.0.0/24"
            value={draft.subnet}
            onChange={(e) => set('subnet', e.target.value)}
          />
        </FormField>
        <FormField
          id="network-gateway"
          label="Gateway"
          help={NETWORK_FIELD_HELP.gateway}
          error={errors.gateway}
        >
          <input
            {...describedBy('network-gateway', errors.gateway)}
            className={inputClass}
            placeholder="10.20.0.1"
            value={draft.gateway}
            onChange={(e) => set('gateway', e.target.value)}
          />
        </FormField>
        <FormField
          id="network-iprange"
          label="IP range"
          help={NETWORK_FIELD_HELP.ipRange}
          error={errors.ipRange}
        >
          <input
            {...describedBy('network-iprange', errors.ipRange)}
            className={inputClass}
            placeholder="10.20.0.128/25"
            value={draft.ipRange}
            onChange={(e) => set('ipRange', e.target.value)}
          />
        </FormField>
      </div>
      {fields.parent && (
        <FormField
          id="network-parent"
          label="Parent interface"
          help={NETWORK_FIELD_HELP.parent}
          error={errors.parent}
        >
          <input
            {...describedBy('network-parent', errors.parent)}
            className={inputClass}
            placeholder="eth1"
            value={draft.parent}
            onChange={(e) => set('parent', e.target.value)}
          />
        </FormField>
      )}
      <div className="space-y-2 text-sm">
        <Flag
          id="network-internal"
          label="Internal"
          help={NETWORK_FIELD_HELP.internal}
          checked={draft.internal}
          onChange={(value) => set('internal', value)}
          error={errors.internal}
        />
        {fields.attachable && (
          <Flag
            id="network-attachable"
            label="Attachable"
            help={NETWORK_FIELD_HELP.attachable}
            checked={draft.attachable}
            onChange={(value) => set('attachable', value)}
            error={errors.attachable}
          />
        )}
        {fields.encrypted && (
          <Flag
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
          <FormField
            id="network-labels"
            label="Labels (key=value per line)"
            help={NETWORK_FIELD_HELP.labels}
            error={firstUnder(errors, 'labels')}
          >
            <textarea
              {...describedBy('network-labels', firstUnder(errors, 'labels'))}
              className={inputClass}
              rows={3}
              value={draft.labels}
              onChange={(e) => set('labels', e.target.value)}
            />
          </FormField>
          <FormField
            id="network-options"
            label="Driver options (key=value per line)"
            help={
              DRIVER_OPTIONS[draft.driver].length > 0
                ? `Allowed: ${DRIVER_OPTIONS[draft.driver].map((option) => option.key).join(', ')}`
                : 'This driver takes no options here.'
            }
            error={firstUnder(errors, 'options')}
          >
            <textarea
              {...describedBy('network-options', firstUnder(errors, 'options'))}
              className={inputClass}
              rows={3}
              value={draft.options}
              onChange={(e) => set('options', e.target.value)}
            />
          </FormField>
        </div>
      </details>
      <FormFooter problem={problem} busy={busy} label="Create network" busyLabel="Creating…" />
    </form>
  );
}

/** The first message for a map field (`labels.x`, `options.y`) or the map itself. */
function firstUnder(errors: Record<string, string>, prefix: string): string | undefined {
  const key = Object.keys(errors).find(
    (candidate) => candidate === prefix || candidate.startsWith(`${prefix}.`),
  );
  return key === undefined
    ? undefined
    : key === prefix
      ? errors[key]
      : `${key.slice(prefix.length + 1)}: ${errors[key]}`;
}

function Flag({
  id,
  label,
  help,
  checked,
  onChange,
  error,
}: {
  id: string;
  label: string;
  help: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  error?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="flex items-start gap-2">
        <input
          {...describedBy(id, error)}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          className="mt-1"
        />
        <span>
          <span className="font-medium">{label}</span>
          <span id={`${id}-help`} className="block text-xs text-muted">
            {help}
          </span>
        </span>
      </label>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-bad">
          {error}
        </p>
      )}
    </div>
  );
}
