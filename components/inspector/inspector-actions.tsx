'use client';

import { useState } from 'react';

import { ConnectedContainerNetworks } from './inspector-networks';
import { containerRemoval, networkRemoval, serviceRemoval, type RemovalQuestion } from './removal';
import { noteRemoved } from './removed-elements';
import { ServicePrivileges, useServicePrivileges } from './service-privileges';
import { ScaleControl } from '../forms/scale-control';
import { UpdateServiceForm } from '../forms/update-service-form';
import { submitJson } from '../forms/submit-json';
import { useLive } from '../realtime/live-store';
import { useWhyReadOnly } from '../realtime/use-session';
import { ActionButton } from '../ui/button';
import { useConfirm } from '../ui/dialog';

/** The container verbs the inspector offers: the button, and what it says once done. */
const CONTAINER_VERBS = {
  start: { label: 'Start', done: 'Started.' },
  stop: { label: 'Stop', done: 'Stopped.' },
  restart: { label: 'Restart', done: 'Restarted.' },
} as const;
/**
 * What can be done to the selected element: a container's networks, start/stop/remove; a
 * service's scale and removal; a network's removal (refused while endpoints remain, unless the
 * person chooses to disconnect them first).
 */
export function InspectorActions({ id }: { id: string }) {
  const topology = useLive('topology');
  const { blocked } = useWhyReadOnly();
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { confirm, confirmDialog } = useConfirm();
  const service = topology?.services[id];
  // NOTE: the spec's privileges are not in the topology; they are read when the service changes.
  const privileges = useServicePrivileges(
    service ? id : null,
    service ? `${service.image}|${service.updateStatus?.state ?? ''}` : 'none',
  );
  if (!topology) return null;
  const container = topology.containers[id];
  const network = topology.networks[id];
  if (!container && !service && !network) return null;

  const act = async (method: 'POST' | 'DELETE', path: string, done: string, body?: unknown) => {
    setBusy(true);
    const result = await submitJson(method, path, body);
    setBusy(false);
    setStatus(result.ok ? done : result.error);
    return result.ok;
  };
  /**
   * Every removal asks first, naming what goes and what it affects; acts only on yes, and on
   * success leaves the name for the inspector's "<name> removed" (components/inspector/removed-elements).
   */
  const removeIfConfirmed = async (
    asked: RemovalQuestion | null,
    name: string,
    path: string,
    done: string,
  ) => {
    if (!asked || !(await confirm(asked.question, asked.confirmLabel, asked.details))) return;
    if (await act('DELETE', path, done)) noteRemoved(id, name);
  };

  // NOTE: the confirm dialog sits beside the section, not in it: a closed <dialog> is still a
  // child, and the section's spacing would count it.
  return (
    <>
      <section
        aria-labelledby="inspector-actions"
        className="space-y-3 border-t border-border px-4 py-3"
        data-testid="inspector-actions"
      >
        <h3 id="inspector-actions" className="text-xs font-semibold text-muted uppercase">
          Actions
        </h3>
        {blocked ? (
          <p className="text-xs text-muted">{blocked}</p>
        ) : (
          <>
            {container && !container.service && (
              <>
                <ConnectedContainerNetworks container={container} />
                <div className="flex flex-wrap gap-2">
                  {(container.state === 'running'
                    ? (['stop', 'restart'] as const)
                    : (['start', 'restart'] as const)
                  ).map((verb) => (
                    <ActionButton
                      key={verb}
                      disabled={busy}
                      onClick={() =>
                        void act(
                          'POST',
                          `/api/containers/${container.id}/${verb}`,
                          CONTAINER_VERBS[verb].done,
                          {},
                        )
                      }
                    >
                      {CONTAINER_VERBS[verb].label}
                    </ActionButton>
                  ))}
                  <ActionButton
                    danger
                    disabled={busy}
                    onClick={() =>
                      void removeIfConfirmed(
                        containerRemoval(topology, container.id),
                        container.name,
                        `/api/containers/${container.id}?force=true`,
                        `${container.name} removed`,
                      )
                    }
                  >
                    Remove
                  </ActionButton>
                </div>
              </>
            )}
            {container?.service && (
              <p className="text-xs text-muted">
                A swarm task: the swarm manages this container; scale or update its service instead.
              </p>
            )}
            {service && (
              <>
                <ScaleControl
                  service={service}
                  tasks={Object.values(topology.tasks).filter(
                    (task) => task.service === service.id,
                  )}
                />
                <ServicePrivileges privileges={privileges ?? []} />
                {privileges?.length === 0 && <UpdateServiceForm service={service} />}
                <div className="flex gap-2">
                  <ActionButton
                    disabled={busy || privileges?.length !== 0}
                    title={
                      privileges?.length
                        ? 'This service holds host privileges (see above).'
                        : undefined
                    }
                    onClick={() =>
                      void act(
                        'POST',
                        `/api/services/${service.id}/rollback`,
                        'Rolling back to the previous version.',
                        {},
                      )
                    }
                  >
                    Roll back
                  </ActionButton>
                  <ActionButton
                    danger
                    disabled={busy}
                    onClick={() =>
                      void removeIfConfirmed(
                        serviceRemoval(topology, service.id),
                        service.name,
                        `/api/services/${service.id}`,
                        `${service.name} removed`,
                      )
                    }
                  >
                    Remove service
                  </ActionButton>
                </div>
              </>
            )}
            {network && !network.system && (
              <div className="flex flex-wrap gap-2">
                <ActionButton
                  danger
                  disabled={busy}
                  onClick={() =>
                    void removeIfConfirmed(
                      networkRemoval(topology, network.id, false),
                      network.name,
                      `/api/networks/${network.id}`,
                      `${network.name} removed`,
                    )
                  }
                >
                  Remove network
                </ActionButton>
                <ActionButton
                  danger
                  disabled={busy}
                  onClick={() =>
                    void removeIfConfirmed(
                      networkRemoval(topology, network.id, true),
                      network.name,
                      `/api/networks/${network.id}?disconnect=1`,
                      `${network.name} removed`,
                    )
                  }
                >
                  Disconnect all and remove
                </ActionButton>
              </div>
            )}
          </>
        )}
        {status && (
          <p role="status" className="text-xs" data-testid="action-status">
            {status}
          </p>
        )}
      </section>
      {confirmDialog}
    </>
  );
}
