'use client';

import { useMemo, useState } from 'react';

import { fieldErrors } from '@/lib/validation/fields';
import { createServiceSchema, portConflicts } from '@/lib/validation/service';

import { useLive } from '../realtime/live-store';
import { Input, Select } from '../ui/input';
import { CommandField } from './fields/command-field';
import { ImageField } from './fields/image-field';
import { SelectField } from './fields/select-field';
import { TextAreaField } from './fields/text-area-field';
import { TextField } from './fields/text-field';
import { errorUnder } from './field-errors';
import { FormFooter } from './form-footer';
import { nonEmpty, parseAliases, parseKeyValues, parseLines, shellCommand } from './text-lists';
import { useCreateForm, type Created } from './use-create-form';

interface PortDraft {
  target: string;
  published: string;
  protocol: 'tcp' | 'udp';
  mode: 'ingress' | 'host';
}

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * "New service": image from what the engines hold (never pulled), replicated or global, networks
 * with aliases, published ports (conflicts with ports already published caught before sending),
 * endpoint mode, env, labels, placement constraints, limits and restart policy.
 */
export function CreateServiceForm({ onDone }: { onDone: (created: Created) => void }) {
  const topology = useLive('topology');
  const [name, setName] = useState('');
  const [image, setImage] = useState('busybox:latest');
  const [command, setCommand] = useState('');
  const [mode, setMode] = useState<'replicated' | 'global'>('replicated');
  const [replicas, setReplicas] = useState('1');
  const [networks, setNetworks] = useState<Record<string, string>>({});
  const [ports, setPorts] = useState<PortDraft[]>([]);
  const [endpointMode, setEndpointMode] = useState<'vip' | 'dnsrr'>('vip');
  const [env, setEnv] = useState('');
  const [labels, setLabels] = useState('');
  const [constraints, setConstraints] = useState('');
  const [cpus, setCpus] = useState('');
  const [memoryMb, setMemoryMb] = useState('');
  const [restart, setRestart] = useState<'any' | 'on-failure' | 'none'>('any');
  const { errors, problem, busy, submit } = useCreateForm('/api/services', onDone);

  const overlays = useMemo(
    () =>
      Object.values(topology?.networks ?? {})
        .filter((network) => network.scope === 'swarm' && !network.ingress)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [topology],
  );
  const hasSwarm = Object.values(topology?.engines ?? {}).some(
    (engine) => engine.swarm?.manager && engine.reachable,
  );

  const request = () => ({
    name: name.trim(),
    image: image.trim(),
    command: shellCommand(command),
    mode,
    replicas: mode === 'replicated' ? numberOrUndefined(replicas) : undefined,
    networks: Object.entries(networks).map(([network, aliases]) => ({
      network,
      aliases: parseAliases(aliases),
    })),
    ports: ports.map((port) => ({
      target: numberOrUndefined(port.target),
      published: numberOrUndefined(port.published),
      protocol: port.protocol,
      mode: port.mode,
    })),
    endpointMode,
    env: nonEmpty(parseLines(env)),
    labels: parseKeyValues(labels),
    constraints: nonEmpty(parseLines(constraints)),
    limits:
      cpus.trim() || memoryMb.trim()
        ? { cpus: numberOrUndefined(cpus), memoryMb: numberOrUndefined(memoryMb) }
        : undefined,
    restartPolicy: { condition: restart },
  });

  const check = (body: ReturnType<typeof request>) => {
    const parsed = createServiceSchema.safeParse(body);
    const local: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && topology) {
      for (const conflict of portConflicts(parsed.data, topology))
        local[conflict.field] = conflict.message;
    }
    return local;
  };

  if (!hasSwarm) {
    return (
      <p className="text-sm" role="status">
        Services need swarm mode, and no connected engine is a swarm manager. Initialize a swarm
        first (Engines → Initialize swarm), or run a plain container instead.
      </p>
    );
  }

  return (
    <form
      onSubmit={(event) => void submit(event, request(), check)}
      noValidate
      className="space-y-4"
      aria-label="New service"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="service-name"
          label="Name"
          help="Also its DNS name on its networks."
          error={errors.name}
          value={name}
          onChange={setName}
          autoComplete="off"
        />
        <ImageField
          id="service-image"
          listId="service-images"
          help="One the engines already hold; nothing is pulled."
          error={errors.image}
          value={image}
          onChange={setImage}
        />
      </div>
      <CommandField
        id="service-command"
        error={errors.command ?? errors['command.0']}
        value={command}
        onChange={setCommand}
        placeholder="httpd -f -p 80"
      />
      <div className="grid gap-3 sm:grid-cols-3">
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">Mode</legend>
          {(['replicated', 'global'] as const).map((value) => (
            <label key={value} className="flex items-center gap-2">
              <input
                type="radio"
                name="service-mode"
                checked={mode === value}
                onChange={() => setMode(value)}
              />
              {value === 'replicated' ? 'Replicated' : 'Global (one task per node)'}
            </label>
          ))}
        </fieldset>
        {mode === 'replicated' && (
          <TextField
            id="service-replicas"
            label="Replicas"
            help="0–1000"
            error={errors.replicas}
            type="number"
            min={0}
            max={1000}
            value={replicas}
            onChange={setReplicas}
          />
        )}
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">Endpoint mode</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="service-endpoint"
              checked={endpointMode === 'vip'}
              onChange={() => setEndpointMode('vip')}
            />
            VIP (one virtual IP, balanced)
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="service-endpoint"
              checked={endpointMode === 'dnsrr'}
              onChange={() => setEndpointMode('dnsrr')}
            />
            DNS round-robin (task IPs)
          </label>
          {errors.endpointMode && (
            <p role="alert" className="text-xs text-bad">
              {errors.endpointMode}
            </p>
          )}
        </fieldset>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Networks</legend>
        {overlays.length === 0 && (
          <p className="text-xs text-muted">No overlay networks yet: create one first.</p>
        )}
        {overlays.map((network) => {
          const checked = network.id in networks;
          return (
            <div key={network.id} className="flex items-center gap-2 text-sm">
              <label className="flex min-w-48 items-center gap-2">
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={(e) => {
                    const next = { ...networks };
                    if (e.target.checked) next[network.id] = '';
                    else delete next[network.id];
                    setNetworks(next);
                  }}
                />
                <span className="font-mono">{network.name}</span>
                {network.encrypted && <span className="text-xs text-muted">encrypted</span>}
              </label>
              {checked && (
                <Input
                  aria-label={`Aliases on ${network.name}`}
                  placeholder="aliases (optional)"
                  value={networks[network.id]}
                  onChange={(e) => setNetworks({ ...networks, [network.id]: e.target.value })}
                />
              )}
            </div>
          );
        })}
        {Object.entries(errors)
          .filter(([key]) => key.startsWith('networks'))
          .map(([key, message]) => (
            <p key={key} role="alert" className="text-xs text-bad">
              {message}
            </p>
          ))}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Published ports</legend>
        {ports.map((port, index) => {
          const update = (change: Partial<PortDraft>) =>
            setPorts(ports.map((p, i) => (i === index ? { ...p, ...change } : p)));
          const error =
            errors[`ports.${index}.published`] ??
            errors[`ports.${index}.target`] ??
            errors[`ports.${index}`];
          return (
            <div key={index} className="space-y-1">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Input
                  aria-label={`Port ${index + 1} published`}
                  className="w-28"
                  placeholder="published"
                  value={port.published}
                  onChange={(e) => update({ published: e.target.value })}
                />
                <span aria-hidden>→</span>
                <Input
                  aria-label={`Port ${index + 1} target`}
                  className="w-24"
                  placeholder="target"
                  value={port.target}
                  onChange={(e) => update({ target: e.target.value })}
                />
                <Select
                  aria-label={`Port ${index + 1} protocol`}
                  className="w-20"
                  value={port.protocol}
                  onChange={(e) => update({ protocol: e.target.value as PortDraft['protocol'] })}
                >
                  <option>tcp</option>
                  <option>udp</option>
                </Select>
                <Select
                  aria-label={`Port ${index + 1} mode`}
                  className="w-28"
                  value={port.mode}
                  onChange={(e) => update({ mode: e.target.value as PortDraft['mode'] })}
                >
                  <option value="ingress">ingress (every node)</option>
                  <option value="host">host (its node)</option>
                </Select>
                <button
                  type="button"
                  onClick={() => setPorts(ports.filter((_, i) => i !== index))}
                  className="text-xs text-muted hover:text-bad"
                  aria-label={`Remove port ${index + 1}`}
                >
                  remove
                </button>
              </div>
              {error && (
                <p role="alert" className="text-xs text-bad" data-testid={`error-port-${index}`}>
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <button
          type="button"
          className="rounded border border-border px-2 py-0.5 text-xs"
          onClick={() =>
            setPorts([...ports, { target: '80', published: '', protocol: 'tcp', mode: 'ingress' }])
          }
        >
          + Publish a port
        </button>
      </fieldset>
      <details className="rounded-md border border-border p-3">
        <summary className="cursor-pointer text-sm font-medium">
          Environment, labels, placement, limits, restart
        </summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <TextAreaField
            id="service-env"
            label="Environment (KEY=value per line)"
            help="Values stay on the server; the map shows keys only."
            error={errorUnder(errors, 'env')}
            rows={3}
            value={env}
            onChange={setEnv}
          />
          <TextAreaField
            id="service-labels"
            label="Labels (key=value per line)"
            error={errorUnder(errors, 'labels')}
            rows={3}
            value={labels}
            onChange={setLabels}
          />
          <TextAreaField
            id="service-constraints"
            label="Placement constraints (one per line)"
            help="node.role==worker, node.hostname==node-2, node.labels.zone==a"
            error={errorUnder(errors, 'constraints')}
            rows={3}
            value={constraints}
            onChange={setConstraints}
          />
          <div className="grid grid-cols-2 gap-2">
            <TextField
              id="service-cpus"
              label="CPU limit"
              error={errors['limits.cpus']}
              value={cpus}
              onChange={setCpus}
              placeholder="0.5"
            />
            <TextField
              id="service-memory"
              label="Memory (MiB)"
              error={errors['limits.memoryMb']}
              value={memoryMb}
              onChange={setMemoryMb}
              placeholder="64"
            />
            <SelectField
              id="service-restart"
              label="Restart"
              className="col-span-2"
              value={restart}
              onChange={(value) => setRestart(value as typeof restart)}
            >
              <option value="any">always (any)</option>
              <option value="on-failure">on failure</option>
              <option value="none">never</option>
            </SelectField>
          </div>
        </div>
      </details>
      <FormFooter problem={problem} busy={busy} label="Create service" busyLabel="Creating…" />
    </form>
  );
}
