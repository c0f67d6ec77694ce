'use client';

import { useMemo, useState, type FormEvent } from 'react';

import { containerPortConflicts, createContainerSchema } from '@/lib/validation/container';
import { fieldErrors } from '@/lib/validation/fields';
import { engineOfLocalNetwork } from '@/lib/validation/network';

import { useLive } from '../realtime/live-store';
import { FormFooter } from './form-footer';
import { FormField, describedBy, inputClass } from './form-field';
import { submitJson } from './submit-json';
import { useImages } from './use-images';

/** "Run container", on any engine: image, name, networks with aliases, port mappings. */
export function RunContainerForm({
  onDone,
}: {
  onDone: (created: { id: string; name: string }) => void;
}) {
  const topology = useLive('topology');
  const images = useImages();
  const engines = Object.values(topology?.engines ?? {}).filter((engine) => engine.reachable);
  const [engine, setEngine] = useState(engines[0]?.name ?? '');
  const [name, setName] = useState('');
  const [image, setImage] = useState('busybox:latest');
  const [command, setCommand] = useState('');
  const [network, setNetwork] = useState('');
  const [aliases, setAliases] = useState('');
  const [port, setPort] = useState({ published: '', target: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const networks = useMemo(
    () =>
      Object.values(topology?.networks ?? {})
        .filter((candidate) =>
          candidate.scope === 'swarm'
            ? candidate.attachable
            : topology !== null && engineOfLocalNetwork(topology, candidate) === engine,
        )
        .filter((candidate) => candidate.driver !== 'null')
        .sort((a, b) => a.name.localeCompare(b.name)),
    [topology, engine],
  );

  const request = () => ({
    engine: engine || undefined,
    name: name.trim() || undefined,
    image: image.trim(),
    command: command.trim() ? ['sh', '-c', command.trim()] : undefined,
    networks: network
      ? [{ network, aliases: aliases.trim() ? aliases.split(/[\s,]+/).filter(Boolean) : undefined }]
      : undefined,
    ports: port.target.trim()
      ? [
          {
            target: Number(port.target),
            published: port.published.trim() ? Number(port.published) : undefined,
          },
        ]
      : undefined,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const body = request();
    const parsed = createContainerSchema.safeParse(body);
    const local: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && topology && engine) {
      for (const conflict of containerPortConflicts(parsed.data, topology, engine)) {
        local[conflict.field] = conflict.message;
      }
    }
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const result = await submitJson<{ id: string; name: string }>('POST', '/api/containers', body);
    setBusy(false);
    if (result.ok) onDone(result.data);
    else {
      setErrors(result.fields);
      setProblem(result.error);
    }
  };

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      className="space-y-4"
      aria-label="Run container"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField id="run-engine" label="Engine" error={errors.engine}>
          <select
            {...describedBy('run-engine', errors.engine)}
            className={inputClass}
            value={engine}
            onChange={(e) => setEngine(e.target.value)}
          >
            {engines.map((candidate) => (
              <option key={candidate.name}>{candidate.name}</option>
            ))}
          </select>
        </FormField>
        <FormField
          id="run-name"
          label="Name"
          help="Optional; also its DNS name."
          error={errors.name}
        >
          <input
            {...describedBy('run-name', errors.name)}
            className={inputClass}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
        </FormField>
        <FormField id="run-image" label="Image" error={errors.image}>
          <input
            {...describedBy('run-image', errors.image)}
            className={inputClass}
            value={image}
            onChange={(e) => setImage(e.target.value)}
            list="run-images"
          />
          <datalist id="run-images">
            {images.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </FormField>
      </div>
      <FormField
        id="run-command"
        label="Command"
        help="Run with sh -c; empty: the image's own."
        error={errors.command}
      >
        <input
          {...describedBy('run-command', errors.command)}
          className={inputClass}
          value={command}
          onChange={(e) => setCommand(e.target.value)}
          placeholder="sleep 3600"
        />
      </FormField>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField
          id="run-network"
          label="Network"
          help="Empty: the default bridge (no DNS by name)."
          error={errors['networks.0.network'] ?? errors.networks}
        >
          <select
            {...describedBy('run-network', errors['networks.0.network'])}
            className={inputClass}
            value={network}
            onChange={(e) => setNetwork(e.target.value)}
          >
            <option value="">default bridge</option>
            {networks.map((candidate) => (
              <option key={candidate.id} value={candidate.name}>
                {candidate.name} ({candidate.driver})
              </option>
            ))}
          </select>
        </FormField>
        <FormField
          id="run-aliases"
          label="Aliases"
          help="Extra DNS names on that network."
          error={errors['networks.0.aliases']}
        >
          <input
            {...describedBy('run-aliases', errors['networks.0.aliases'])}
            className={inputClass}
            value={aliases}
            onChange={(e) => setAliases(e.target.value)}
            disabled={!network}
          />
        </FormField>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField
          id="run-published"
          label="Host port"
          help="Optional; empty: any free port."
          error={errors['ports.0.published']}
        >
          <input
            {...describedBy('run-published', errors['ports.0.published'])}
            className={inputClass}
            value={port.published}
            onChange={(e) => setPort({ ...port, published: e.target.value })}
          />
        </FormField>
        <FormField id="run-target" label="Container port" error={errors['ports.0.target']}>
          <input
            {...describedBy('run-target', errors['ports.0.target'])}
            className={inputClass}
            value={port.target}
            onChange={(e) => setPort({ ...port, target: e.target.value })}
            placeholder="80"
          />
        </FormField>
      </div>
      <FormFooter problem={problem} busy={busy} label="Run container" busyLabel="Starting…" />
    </form>
  );
}
