'use client';

import { useState } from 'react';

import type { Topology } from '@/lib/topology/types';

/**
 * "Since the last deploy of service X": asks the server when the service was last created or
 * updated (`GET /api/history/deploy`) and hands back the moment just before, to compare with now.
 */
export function DeployPicker({
  topology,
  onDeploy,
}: {
  topology: Topology | null;
  onDeploy(before: number): void;
}) {
  const [note, setNote] = useState<string | null>(null);
  const services = Object.values(topology?.services ?? {}).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  if (services.length === 0) return null;
  async function choose(id: string) {
    if (!id) return;
    setNote(null);
    const response = await fetch(`/api/history/deploy?service=${encodeURIComponent(id)}`);
    const body = (await response.json().catch(() => null)) as {
      before?: string;
      error?: string;
    } | null;
    if (response.ok && body?.before) onDeploy(Date.parse(body.before));
    else setNote(body?.error ?? `The server answered ${response.status}.`);
  }
  return (
    <>
      <select
        aria-label="Compare since the last deploy of a service"
        data-testid="deploy-picker"
        value=""
        onChange={(event) => void choose(event.target.value)}
        className="max-w-44 rounded-md border border-border bg-bg px-1.5 py-1 text-xs"
      >
        <option value="">Since the last deploy of…</option>
        {services.map((service) => (
          <option key={service.id} value={service.id}>
            {service.name}
          </option>
        ))}
      </select>
      {note && (
        <span role="alert" className="text-xs text-bad">
          {note}
        </span>
      )}
    </>
  );
}
