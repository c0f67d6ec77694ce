'use client';

import { useEffect, useState } from 'react';

import type { ServicePrivilege } from '@/lib/docker/specs/service-privileges';

interface ServiceView {
  privileges: ServicePrivilege[];
  previousPrivileges: ServicePrivilege[];
}

/**
 * The host access a service's spec grants (bind mounts, capabilities, devices, host network…),
 * read from the manager when the service is selected or changes. `null` while unknown (or when
 * nothing is asked).
 */
export function useServicePrivileges(
  serviceId: string | null,
  revision: string,
): ServicePrivilege[] | null {
  const [privileges, setPrivileges] = useState<{ key: string; list: ServicePrivilege[] } | null>(
    null,
  );
  const key = `${serviceId}:${revision}`;
  useEffect(() => {
    if (serviceId === null) return;
    const controller = new AbortController();
    fetch(`/api/services/${encodeURIComponent(serviceId)}`, { signal: controller.signal })
      .then(async (response) => {
        // NOTE: when the spec cannot be read the server still refuses a privileged change.
        const view = response.ok
          ? ((await response.json()) as ServiceView)
          : { privileges: [], previousPrivileges: [] };
        const seen = new Set<string>();
        const list = [...view.privileges, ...view.previousPrivileges].filter((privilege) => {
          const id = `${privilege.kind}:${privilege.detail}`;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        });
        setPrivileges({ key, list });
      })
      .catch(() => undefined);
    return () => controller.abort();
  }, [serviceId, key]);
  return privileges?.key === key ? privileges.list : null;
}

/** Says what the service can reach on its nodes, and why Portolan leaves its spec alone. */
export function ServicePrivileges({ privileges }: { privileges: readonly ServicePrivilege[] }) {
  if (privileges.length === 0) return null;
  return (
    <div
      role="note"
      className="rounded-md border border-warn/60 bg-warn/10 px-3 py-2 text-xs"
      data-testid="service-privileges"
    >
      <p className="font-semibold">This service reaches past its containers</p>
      <ul className="mt-1 list-disc pl-4 font-mono">
        {privileges.map((privilege) => (
          <li key={`${privilege.kind}:${privilege.detail}`}>{privilege.detail}</li>
        ))}
      </ul>
      <p className="mt-1 text-muted">
        Portolan does not update or roll it back: a change from here would run with that access. Use
        the docker CLI, where the whole spec is in view.
      </p>
    </div>
  );
}
