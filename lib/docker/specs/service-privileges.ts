/**
 * What in a swarm service's spec reaches past its container: host folders, added capabilities,
 * devices, kernel settings, host networking, secrets, security options.
 *
 * NOTE: Portolan's update and rollback start from a spec someone else wrote. If that spec mounts
 * `/` from the host and Portolan swaps the command, Portolan has run any command as root on the
 * node. So a service holding any of these is shown with them and not changed by Portolan.
 */

/** The parts of an Engine API 1.41 `ServiceSpec` that can grant privilege; others pass through. */
export interface PrivilegeSpec {
  TaskTemplate?: {
    ContainerSpec?: {
      Mounts?:
        | readonly {
            Type?: string;
            Source?: string;
            Target?: string;
            ReadOnly?: boolean;
            VolumeOptions?: { DriverConfig?: { Name?: string; Options?: Record<string, string> } };
          }[]
        | null;
      CapabilityAdd?: readonly string[] | null;
      Sysctls?: Record<string, string> | null;
      Privileges?: {
        CredentialSpec?: unknown;
        SELinuxContext?: {
          Disable?: boolean;
          User?: string;
          Role?: string;
          Type?: string;
          Level?: string;
        } | null;
      } | null;
      Secrets?: readonly { SecretName?: string; SecretID?: string }[] | null;
      [key: string]: unknown;
    };
    Networks?: readonly { Target?: string }[] | null;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export type PrivilegeKind =
  | 'bind-mount'
  | 'host-volume'
  | 'capability'
  | 'device'
  | 'sysctl'
  | 'host-network'
  | 'secret'
  | 'security-option';

/** One privilege, in words a person can check against the CLI's `docker service inspect`. */
export interface ServicePrivilege {
  kind: PrivilegeKind;
  detail: string;
}

function mountPrivileges(spec: PrivilegeSpec): ServicePrivilege[] {
  const found: ServicePrivilege[] = [];
  for (const mount of spec.TaskTemplate?.ContainerSpec?.Mounts ?? []) {
    const access = mount.ReadOnly ? ' (read-only)' : '';
    if (mount.Type === 'bind' || mount.Type === 'npipe') {
      found.push({
        kind: 'bind-mount',
        detail: `host ${mount.Source ?? '?'} at ${mount.Target ?? '?'}${access}`,
      });
      continue;
    }
    // NOTE: a local volume with `device`/`o=bind` options is a bind mount under another name.
    const options = mount.VolumeOptions?.DriverConfig?.Options ?? {};
    if (
      mount.Type === 'volume' &&
      (options.device !== undefined || /\bbind\b/.test(options.o ?? ''))
    ) {
      found.push({
        kind: 'host-volume',
        detail: `volume ${mount.Source ?? '(anonymous)'} on host ${options.device ?? '?'} at ${mount.Target ?? '?'}${access}`,
      });
    }
  }
  return found;
}

function securityPrivileges(spec: PrivilegeSpec): ServicePrivilege[] {
  const container = spec.TaskTemplate?.ContainerSpec;
  const found: ServicePrivilege[] = [];
  for (const capability of container?.CapabilityAdd ?? []) {
    found.push({ kind: 'capability', detail: `added capability ${capability}` });
  }
  const devices = container?.Devices;
  if (Array.isArray(devices) && devices.length > 0) {
    found.push({ kind: 'device', detail: `${devices.length} host device(s)` });
  }
  for (const [key, value] of Object.entries(container?.Sysctls ?? {})) {
    found.push({ kind: 'sysctl', detail: `kernel setting ${key}=${value}` });
  }
  const privileges = container?.Privileges;
  if (privileges?.CredentialSpec) {
    found.push({ kind: 'security-option', detail: 'a credential spec' });
  }
  const selinux = privileges?.SELinuxContext;
  if (
    selinux &&
    (selinux.Disable || selinux.User || selinux.Role || selinux.Type || selinux.Level)
  ) {
    found.push({
      kind: 'security-option',
      detail: selinux.Disable ? 'SELinux labelling disabled' : 'a custom SELinux context',
    });
  }
  for (const secret of container?.Secrets ?? []) {
    found.push({ kind: 'secret', detail: `secret ${secret.SecretName ?? secret.SecretID ?? '?'}` });
  }
  return found;
}

/**
 * Every privilege a service spec holds. `isHostNetwork` tells which network ids are a node's
 * `host` network (a service on it shares the node's network stack).
 */
export function servicePrivileges(
  spec: PrivilegeSpec | null | undefined,
  isHostNetwork: (target: string) => boolean,
): ServicePrivilege[] {
  if (!spec) return [];
  const found = [...mountPrivileges(spec), ...securityPrivileges(spec)];
  for (const network of spec.TaskTemplate?.Networks ?? []) {
    if (network.Target !== undefined && isHostNetwork(network.Target)) {
      found.push({ kind: 'host-network', detail: 'the node’s host network' });
    }
  }
  return found;
}

/** The sentence a refusal gives: what the service holds, and where to change it instead. */
export function privilegeRefusal(
  service: string,
  action: 'update' | 'roll back',
  privileges: readonly ServicePrivilege[],
): string {
  const listed = privileges.map((privilege) => privilege.detail).join('; ');
  return (
    `Portolan does not ${action} ${service}: its spec reaches past its containers (${listed}), ` +
    'and a change from here would run with that access. Change it with the docker CLI, ' +
    'where the whole spec is in view.'
  );
}
