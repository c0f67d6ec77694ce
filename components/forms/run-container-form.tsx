'use client';

import { useMemo, useState } from 'react';

import { engineOfLocalNetwork } from '@/lib/topology/queries';
import { containerPortConflicts, createContainerSchema } from '@/lib/validation/container';
import { fieldErrors } from '@/lib/validation/fields';

import { useLive } from '../realtime/live-store';
import { AliasesField } from './fields/aliases-field';
import { CommandField } from './fields/command-field';
import { ImageField } from './fields/image-field';
import { SelectField } from './fields/select-field';
import { TextField } from './fields/text-field';
import { FormFooter } from './form-footer';
import { parseAliases, shellCommand } from './text-lists';
import { useCreateForm, type Created } from './use-create-form';

/** "Run container", on any engine: image, name, networks with aliases, port mappings. */
export function RunContainerForm({ onDone }: { onDone: (created: Created) => void }) {
  const topology = useLive('topology');
  const engines = Object.values(topology?.engines ?? {}).filter((engine) => engine.reachable);
  const [engine, setEngine] = useState(engines[0]?.name ?? '');
  const [name, setName] = useState('');
  const [image, setImage] = useState('busybox:latest');
  const [command, setCommand] = useState('');
  const [network, setNetwork] = useState('');
  const [aliases, setAliases] = useState('');
  const [port, setPort] = useState({ published: '', target: '' });
  const { errors, problem, busy, submit } = useCreateForm('/api/containers', onDone);

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
    command: shellCommand(command),
    networks: network ? [{ network, aliases: parseAliases(aliases) }] : undefined,
    ports: port.target.trim()
      ? [
          {
            target: Number(port.target),
            published: port.published.trim() ? Number(port.published) : undefined,
          },
        ]
      : undefined,
  });

  const check = (body: ReturnType<typeof request>) => {
    const parsed = createContainerSchema.safeParse(body);
    const local: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && topology && engine) {
      for (const conflict of containerPortConflicts(parsed.data, topology, engine)) {
        local[conflict.field] = conflict.message;
      }
    }
    return local;
  };

  return (
    <form
      onSubmit={(event) => void submit(event, request(), check)}
      noValidate
      className="space-y-4"
      aria-label="Run container"
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          id="run-engine"
          label="Engine"
          error={errors.engine}
          value={engine}
          onChange={setEngine}
        >
          {engines.map((candidate) => (
            <option key={candidate.name}>{candidate.name}</option>
          ))}
        </SelectField>
        <TextField
          id="run-name"
          label="Name"
          help="Optional; also its DNS name."
          error={errors.name}
          value={name}
          onChange={setName}
          autoComplete="off"
        />
        <ImageField
          id="run-image"
          listId="run-images"
          error={errors.image}
          value={image}
          onChange={setImage}
        />
      </div>
      <CommandField
        id="run-command"
        error={errors.command}
        value={command}
        onChange={setCommand}
        placeholder="sleep 3600"
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          id="run-network"
          label="Network"
          help="Empty: the default bridge (no DNS by name)."
          error={errors['networks.0.network'] ?? errors.networks}
          value={network}
          onChange={setNetwork}
        >
          <option value="">default bridge</option>
          {networks.map((candidate) => (
            <option key={candidate.id} value={candidate.name}>
              {candidate.name} ({candidate.driver})
            </option>
          ))}
        </SelectField>
        <AliasesField
          id="run-aliases"
          error={errors['networks.0.aliases']}
          value={aliases}
          onChange={setAliases}
          disabled={!network}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="run-published"
          label="Host port"
          help="Optional; empty: any free port."
          error={errors['ports.0.published']}
          value={port.published}
          onChange={(published) => setPort({ ...port, published })}
        />
        <TextField
          id="run-target"
          label="Container port"
          error={errors['ports.0.target']}
          value={port.target}
          onChange={(target) => setPort({ ...port, target })}
          placeholder="80"
        />
      </div>
      <FormFooter problem={problem} busy={busy} label="Run container" busyLabel="Starting…" />
    </form>
  );
}
