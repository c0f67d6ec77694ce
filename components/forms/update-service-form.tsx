'use client';

import { useState, type FormEvent } from 'react';

import type { TopologyService } from '@/lib/topology/types';
import { fieldErrors } from '@/lib/validation/fields';
import { updateServiceSchema } from '@/lib/validation/service';

import { buttonClass } from '../ui/button';
import { TextAreaField } from './fields/text-area-field';
import { TextField } from './fields/text-field';
import { errorUnder } from './field-errors';
import { submitJson } from './submit-json';
import { nonEmpty, parseLines } from './text-lists';

/**
 * Update a service in place (a rolling update): its image, its environment (add or remove
 * variables; values never come back from the server), published ports and networks; then follow
 * the update's progress, which the engine reports and the map shows live.
 */
export function UpdateServiceForm({ service }: { service: TopologyService }) {
  const [image, setImage] = useState(service.image.split('@')[0] ?? service.image);
  const [envAdd, setEnvAdd] = useState('');
  const [envRemove, setEnvRemove] = useState<string[]>([]);
  const [ports, setPorts] = useState(
    service.ports.map((port) => `${port.published}:${port.target}/${port.protocol}`).join('\n'),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const currentPorts = service.ports
      .map((port) => `${port.published}:${port.target}/${port.protocol}`)
      .join('\n');
    const parsedPorts = parseLines(ports).map((line) => {
      const match = /^(\d*):?(\d+)(?:\/(tcp|udp))?$/.exec(line);
      return match
        ? {
            published: match[1] ? Number(match[1]) : undefined,
            target: Number(match[2]),
            protocol: match[3] ?? 'tcp',
          }
        : { target: Number.NaN };
    });
    const body = {
      image:
        image.trim() !== (service.image.split('@')[0] ?? service.image) ? image.trim() : undefined,
      envAdd: nonEmpty(parseLines(envAdd)),
      envRemove: envRemove.length > 0 ? envRemove : undefined,
      ports: ports.trim() !== currentPorts ? parsedPorts : undefined,
    };
    const parsed = updateServiceSchema.safeParse(body);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await submitJson(
      'POST',
      `/api/services/${encodeURIComponent(service.id)}/update`,
      body,
    );
    setBusy(false);
    if (result.ok) {
      setStatus('Update sent: tasks are replaced one batch at a time.');
      setEnvAdd('');
      setEnvRemove([]);
    } else {
      setErrors(result.fields);
      setStatus(result.error);
    }
  };

  return (
    <details className="rounded-md border border-border p-2" data-testid="update-service">
      <summary className="cursor-pointer text-xs font-medium">Update (rolling)</summary>
      {service.updateStatus && (
        <p className="mt-2 text-xs" role="status" data-testid="update-status">
          Update: <span className="font-semibold">{service.updateStatus.state}</span>
          {service.updateStatus.message ? ` — ${service.updateStatus.message}` : ''} ·{' '}
          {service.replicas.running}/{service.replicas.desired} running
        </p>
      )}
      <form
        onSubmit={(event) => void submit(event)}
        className="mt-2 space-y-2"
        noValidate
        aria-label="Update service"
      >
        <TextField
          id={`update-image-${service.id}`}
          label="Image"
          error={errors.image}
          value={image}
          onChange={setImage}
        />
        <TextAreaField
          id={`update-env-${service.id}`}
          label="Add or change variables (KEY=value per line)"
          error={errorUnder(errors, 'envAdd')}
          rows={2}
          value={envAdd}
          onChange={setEnvAdd}
        />
        {service.envKeys.length > 0 && (
          <fieldset className="text-xs">
            <legend className="font-medium">Remove variables</legend>
            {service.envKeys.map((key) => (
              <label key={key} className="mr-3 inline-flex items-center gap-1 font-mono">
                <input
                  type="checkbox"
                  checked={envRemove.includes(key)}
                  onChange={(e) =>
                    setEnvRemove(
                      e.target.checked ? [...envRemove, key] : envRemove.filter((k) => k !== key),
                    )
                  }
                />
                {key}
              </label>
            ))}
          </fieldset>
        )}
        <TextAreaField
          id={`update-ports-${service.id}`}
          label="Published ports (published:target/proto per line)"
          error={errorUnder(errors, 'ports')}
          rows={2}
          value={ports}
          onChange={setPorts}
        />
        {errors._ && (
          <p role="alert" className="text-xs text-bad">
            {errors._}
          </p>
        )}
        <button type="submit" disabled={busy} className={buttonClass.submitSmall}>
          {busy ? 'Updating…' : 'Apply update'}
        </button>
        {status && (
          <p role="status" className="text-xs text-muted">
            {status}
          </p>
        )}
      </form>
    </details>
  );
}
