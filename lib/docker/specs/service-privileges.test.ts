import { describe, expect, it } from 'vitest';

import { privilegeRefusal, servicePrivileges, type PrivilegeSpec } from './service-privileges';

const notHost = () => false;

function withContainer(container: Record<string, unknown>): PrivilegeSpec {
  return { Name: 'svc', TaskTemplate: { ContainerSpec: { Image: 'busybox', ...container } } };
}

describe('servicePrivileges', () => {
  it('finds nothing in a plain spec, or none', () => {
    expect(servicePrivileges(withContainer({ Env: ['A=1'] }), notHost)).toEqual([]);
    expect(servicePrivileges(undefined, notHost)).toEqual([]);
    expect(
      servicePrivileges(
        withContainer({ Mounts: [{ Type: 'volume', Source: 'data', Target: '/data' }] }),
        notHost,
      ),
    ).toEqual([]);
    expect(
      servicePrivileges(withContainer({ Mounts: [{ Type: 'tmpfs', Target: '/tmp' }] }), notHost),
    ).toEqual([]);
  });

  it.each([
    [
      { Mounts: [{ Type: 'bind', Source: '/', Target: '/host', ReadOnly: true }] },
      { kind: 'bind-mount', detail: 'host / at /host (read-only)' },
    ],
    [
      {
        Mounts: [
          {
            Type: 'volume',
            Source: 'etc',
            Target: '/e',
            VolumeOptions: {
              DriverConfig: { Options: { type: 'none', o: 'bind', device: '/etc' } },
            },
          },
        ],
      },
      { kind: 'host-volume', detail: 'volume etc on host /etc at /e' },
    ],
    [
      { CapabilityAdd: ['NET_ADMIN'] },
      { kind: 'capability', detail: 'added capability NET_ADMIN' },
    ],
    [{ Devices: [{ PathOnHost: '/dev/kmsg' }] }, { kind: 'device', detail: '1 host device(s)' }],
    [
      { Sysctls: { 'net.ipv4.ip_forward': '1' } },
      { kind: 'sysctl', detail: 'kernel setting net.ipv4.ip_forward=1' },
    ],
    [
      { Privileges: { SELinuxContext: { Disable: true } } },
      { kind: 'security-option', detail: 'SELinux labelling disabled' },
    ],
    [
      { Privileges: { CredentialSpec: { Config: 'x' } } },
      { kind: 'security-option', detail: 'a credential spec' },
    ],
    [
      { Secrets: [{ SecretName: 'db-password' }] },
      { kind: 'secret', detail: 'secret db-password' },
    ],
  ])('finds %j', (container, expected) => {
    expect(servicePrivileges(withContainer(container), notHost)).toEqual([expected]);
  });

  it('finds the host network by the predicate the caller gives', () => {
    const spec: PrivilegeSpec = {
      TaskTemplate: { Networks: [{ Target: 'hostid' }, { Target: 'o' }] },
    };
    expect(servicePrivileges(spec, (target) => target === 'hostid')).toEqual([
      { kind: 'host-network', detail: 'the node’s host network' },
    ]);
  });

  it('says what the service holds and where to change it', () => {
    const message = privilegeRefusal('web', 'roll back', [
      { kind: 'bind-mount', detail: 'host / at /host' },
      { kind: 'capability', detail: 'added capability SYS_ADMIN' },
    ]);
    expect(message).toContain('does not roll back web');
    expect(message).toContain('host / at /host; added capability SYS_ADMIN');
    expect(message).toContain('docker CLI');
  });
});
