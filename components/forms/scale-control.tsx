'use client';

import { useState } from 'react';

import type { TopologyService, TopologyTask } from '@/lib/topology/types';

import { submitJson } from './submit-json';

const stepButton =
  'size-8 rounded-md border border-border text-lg leading-none disabled:opacity-50';

/**
 * Scale a replicated service with − / + or a number; shows "4/6 running" as the swarm converges,
 * and the error of tasks that cannot run (an impossible constraint, a missing image).
 */
export function ScaleControl({
  service,
  tasks,
}: {
  service: TopologyService;
  tasks: TopologyTask[];
}) {
  const [value, setValue] = useState(String(service.replicas.desired));
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stuck = tasks.filter(
    (task) =>
      task.desiredState === 'running' && task.state !== 'running' && (task.error || task.message),
  );

  const scale = async (replicas: number) => {
    if (!Number.isInteger(replicas) || replicas < 0 || replicas > 1000) {
      setStatus('Replicas are a whole number from 0 to 1000.');
      return;
    }
    setBusy(true);
    setValue(String(replicas));
    const result = await submitJson(
      'POST',
      `/api/services/${encodeURIComponent(service.id)}/scale`,
      { replicas },
    );
    setBusy(false);
    setStatus(result.ok ? null : (Object.values(result.fields)[0] ?? result.error));
  };

  if (service.mode.kind === 'global') {
    return (
      <p className="text-sm" data-testid="scale-global">
        Global: one task per node ({service.replicas.running}/{service.replicas.desired} running).
      </p>
    );
  }

  const desired = service.replicas.desired;
  return (
    <div className="space-y-2" data-testid="scale-control">
      <div className="flex items-center gap-2">
        <button
          type="button"
          aria-label="Scale down"
          disabled={busy || desired === 0}
          onClick={() => void scale(desired - 1)}
          className={stepButton}
        >
          −
        </button>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void scale(Number(value));
          }}
        >
          <label htmlFor={`replicas-${service.id}`} className="sr-only">
            Replicas
          </label>
          <input
            id={`replicas-${service.id}`}
            type="number"
            min={0}
            max={1000}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            className="w-20 rounded-md border border-border bg-bg px-2 py-1 text-center text-sm"
          />
        </form>
        <button
          type="button"
          aria-label="Scale up"
          disabled={busy || desired >= 1000}
          onClick={() => void scale(desired + 1)}
          className={stepButton}
        >
          +
        </button>
        <span className="text-sm tabular-nums" data-testid="replicas-progress" role="status">
          {service.replicas.running}/{desired} running
        </span>
      </div>
      {status && (
        <p role="alert" className="text-xs text-bad">
          {status}
        </p>
      )}
      {stuck.slice(0, 3).map((task) => (
        <p key={task.id} className="text-xs text-warn" data-testid="task-problem">
          {task.name}: {task.state} — {task.error ?? task.message}
        </p>
      ))}
    </div>
  );
}
