'use client';

import { useEffect, useState } from 'react';

import { CreateNetworkForm } from '../forms/create-network-form';
import { CreateServiceForm } from '../forms/create-service-form';
import { RunContainerForm } from '../forms/run-container-form';
import { SwarmInitForm } from '../forms/swarm-init-form';
import { useLive } from '../realtime/live-store';
import { useWhyReadOnly } from '../realtime/use-session';
import { Modal } from '../ui/dialog';

type Dialog = 'network' | 'service' | 'container' | 'swarm' | null;

/** Opens one of the "New…" dialogs from elsewhere on the page (the map's context menu). */
export const OPEN_CREATE_EVENT = 'portolan:create';
export function openCreateDialog(kind: 'network' | 'service' | 'container') {
  window.dispatchEvent(new CustomEvent(OPEN_CREATE_EVENT, { detail: kind }));
}

/**
 * The header's "New…" actions. Viewers and read-only mode see why they are off instead. Whatever
 * is created shows on the map through the engine's own events, like any other change.
 */
export function ActionMenu({ onCreated }: { onCreated: (id: string) => void }) {
  const { blocked } = useWhyReadOnly();
  const topology = useLive('topology');
  const [open, setOpen] = useState<Dialog>(null);
  const hasSwarm = Object.values(topology?.engines ?? {}).some((engine) => engine.swarm?.manager);
  const noSwarmEngine = Object.values(topology?.engines ?? {}).find(
    (engine) => engine.reachable && !engine.swarm,
  );
  useEffect(() => {
    const onOpen = (event: Event) => {
      const kind = (event as CustomEvent<Dialog>).detail;
      setOpen(kind === 'service' && !hasSwarm ? 'swarm' : kind);
    };
    window.addEventListener(OPEN_CREATE_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_CREATE_EVENT, onOpen);
  }, [hasSwarm]);
  const done = (created: { id: string }) => {
    setOpen(null);
    onCreated(created.id);
  };

  if (blocked) {
    return (
      <span className="text-xs text-muted" data-testid="read-only-note" title={blocked}>
        read-only
      </span>
    );
  }
  const button = 'rounded-md border border-border px-2.5 py-1 text-xs hover:bg-border/40';
  return (
    <div className="flex items-center gap-1.5" role="group" aria-label="Create">
      <button type="button" className={button} onClick={() => setOpen('network')}>
        + Network
      </button>
      <button
        type="button"
        className={button}
        onClick={() => setOpen(hasSwarm ? 'service' : 'swarm')}
        title={hasSwarm ? undefined : 'Services need swarm mode: initialize one first.'}
      >
        + Service
      </button>
      <button type="button" className={button} onClick={() => setOpen('container')}>
        + Container
      </button>
      <Modal open={open === 'network'} title="New network" onClose={() => setOpen(null)}>
        <CreateNetworkForm onDone={done} />
      </Modal>
      <Modal open={open === 'service'} title="New service" onClose={() => setOpen(null)}>
        <CreateServiceForm onDone={done} />
      </Modal>
      <Modal open={open === 'container'} title="Run container" onClose={() => setOpen(null)}>
        <RunContainerForm onDone={done} />
      </Modal>
      <Modal open={open === 'swarm'} title="Initialize swarm" onClose={() => setOpen(null)}>
        {noSwarmEngine ? (
          <SwarmInitForm engine={noSwarmEngine.name} onDone={() => setOpen(null)} />
        ) : (
          <p className="text-sm">No reachable engine outside swarm mode.</p>
        )}
      </Modal>
    </div>
  );
}
