import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology, TopologyContainer } from '@/lib/topology/types';

import { withManagedLabel } from './common';
import {
  containerPortConflicts,
  containerStopSchema,
  createContainerSchema,
  resolveContainerNetworks,
} from './container';
import { fieldErrors } from './fields';

const lab = buildTopology(labInventories(), {}, 1);

function fieldsOf(value: unknown) {
  const result = createContainerSchema.safeParse(value);
  return result.success ? null : fieldErrors(result.error);
}

const minimal = { image: 'busybox:latest' };

describe('createContainerSchema', () => {
  it('needs only an image, and starts by default', () => {
    expect(createContainerSchema.parse(minimal)).toEqual({ image: 'busybox:latest', start: true });
  });

  it('accepts the "Run container" form', () => {
    const parsed = createContainerSchema.parse({
      engine: 'node-2',
      name: 'web.1_a-b',
      image: 'busybox',
      command: ['httpd', '-f', '-p', '80'],
      env: ['A=1'],
      labels: { app: 'demo' },
      networks: [{ network: 'appnet', aliases: ['www'] }, { network: 'backend' }],
      ports: [
        { target: 80, published: 8080 },
        { target: 53, protocol: 'udp', hostIp: '10.0.0.1' },
      ],
      restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
      limits: { cpus: 1, memoryMb: 64 },
      stopGracePeriodSeconds: 1,
      start: false,
    });
    expect(parsed.ports?.[0]).toEqual({ target: 80, published: 8080, protocol: 'tcp' });
  });

  it.each([
    ['a one-character name', { ...minimal, name: 'a' }, 'name'],
    ['a name with a slash', { ...minimal, name: 'a/b' }, 'name'],
    ['no image', {}, 'image'],
    ['an empty engine', { ...minimal, engine: '' }, 'engine'],
    [
      'a host IP that is not one',
      { ...minimal, ports: [{ target: 80, hostIp: 'localhost' }] },
      'ports.0.hostIp',
    ],
    ['port 70000', { ...minimal, ports: [{ target: 70000 }] }, 'ports.0.target'],
    [
      'the same host port twice',
      {
        ...minimal,
        ports: [
          { target: 80, published: 8080 },
          { target: 81, published: 8080 },
        ],
      },
      'ports.1.published',
    ],
    [
      'retries without on-failure',
      { ...minimal, restartPolicy: { condition: 'always', maxAttempts: 2 } },
      'restartPolicy.maxAttempts',
    ],
    [
      'a swarm restart condition',
      { ...minimal, restartPolicy: { condition: 'any' } },
      'restartPolicy.condition',
    ],
    ['env without =', { ...minimal, env: ['X'] }, 'env.0'],
    ['start as text', { ...minimal, start: 'yes' }, 'start'],
  ])('refuses %s', (_what, input, field) => {
    expect(Object.keys(fieldsOf(input) ?? {})).toContain(field);
  });

  it.each([
    ['privileged', { ...minimal, privileged: true }],
    ['HostConfig', { ...minimal, HostConfig: { Binds: ['/:/host'] } }],
    ['a PID namespace', { ...minimal, pid: 'host' }],
    ['devices', { ...minimal, devices: ['/dev/sda'] }],
    ['sysctls', { ...minimal, sysctls: { 'net.ipv4.ip_forward': '1' } }],
    ['a network mode', { ...minimal, networkMode: 'host' }],
  ])('refuses unknown fields: %s', (_what, input) => {
    expect(Object.values(fieldsOf(input) ?? {}).join(' ')).toMatch(/^Unknown field/);
  });

  it('stop takes an optional timeout', () => {
    expect(containerStopSchema.parse({})).toEqual({});
    expect(containerStopSchema.parse({ timeoutSeconds: 1 })).toEqual({ timeoutSeconds: 1 });
    expect(containerStopSchema.safeParse({ timeoutSeconds: -1 }).success).toBe(false);
    expect(containerStopSchema.safeParse({ signal: 'KILL' }).success).toBe(false);
  });
});

function withContainer(topology: Topology, patch: Partial<TopologyContainer>): Topology {
  const base = Object.values(topology.containers).find((container) => container.name === 'client');
  if (!base) throw new Error('the lab fixture has the standalone container client on node-1');
  return {
    ...topology,
    containers: { ...topology.containers, [base.id]: { ...base, state: 'running', ...patch } },
  };
}

describe('containerPortConflicts', () => {
  it('sees the swarm ingress port on every swarm node', () => {
    const [conflict] = containerPortConflicts(
      { ports: [{ target: 80, published: 5000 }] },
      lab,
      'node-3',
    );
    expect(conflict?.holder.name).toBe('web');
    expect(conflict?.field).toBe('ports.0.published');
  });

  it("sees another container's mapping on the same engine only, and not when it is stopped", () => {
    const mapped = withContainer(lab, {
      name: 'mapper',
      ports: [{ hostIp: '0.0.0.0', hostPort: 8090, containerPort: 80, protocol: 'tcp' }],
    });
    const wanted = { ports: [{ target: 80, published: 8090 }] };
    expect(containerPortConflicts(wanted, mapped, 'node-1')[0]?.message).toMatch(/mapper/);
    expect(containerPortConflicts(wanted, mapped, 'node-2')).toEqual([]);
    expect(
      containerPortConflicts(
        { ports: [{ target: 80, published: 8090, protocol: 'udp' }] },
        mapped,
        'node-1',
      ),
    ).toEqual([]);
    const stopped = withContainer(lab, {
      state: 'exited',
      ports: [{ hostIp: '0.0.0.0', hostPort: 8090, containerPort: 80, protocol: 'tcp' }],
    });
    expect(containerPortConflicts(wanted, stopped, 'node-1')).toEqual([]);
  });

  it('sees the recorded -p mapping of legacy (8080/tcp on node-1)', () => {
    const [conflict] = containerPortConflicts(
      { ports: [{ target: 80, published: 8080 }] },
      lab,
      'node-1',
    );
    expect(conflict?.holder.name).toBe('legacy');
  });

  it('lets two specific host addresses share a port', () => {
    const mapped = withContainer(lab, {
      ports: [{ hostIp: '10.0.0.1', hostPort: 8090, containerPort: 80, protocol: 'tcp' }],
    });
    expect(
      containerPortConflicts(
        { ports: [{ target: 80, published: 8090, hostIp: '10.0.0.2' }] },
        mapped,
        'node-1',
      ),
    ).toEqual([]);
    expect(
      containerPortConflicts({ ports: [{ target: 80, published: 8090 }] }, mapped, 'node-1'),
    ).toHaveLength(1);
  });
});

describe('resolveContainerNetworks', () => {
  const node1 = (name: string) =>
    Object.values(lab.networks).find(
      (network) =>
        network.name === name && network.nodes.includes(lab.engines['node-1']?.node ?? ''),
    );

  it("resolves the engine's own networks and attachable overlays", () => {
    const resolved = resolveContainerNetworks(
      [{ network: 'appnet', aliases: ['www'] }, { network: 'meta-globe' }, { network: 'bridge' }],
      lab,
      'node-1',
    );
    expect(resolved.ids).toEqual([
      node1('appnet')?.id,
      node1('meta-globe')?.id,
      node1('bridge')?.id,
    ]);
    expect(resolved.fields).toEqual({});
  });

  it('refuses host networking, ingress, non-attachable overlays, aliases on bridge', () => {
    const resolved = resolveContainerNetworks(
      [
        { network: 'host' },
        { network: 'ingress' },
        { network: 'secure' },
        { network: 'bridge', aliases: ['x'] },
        { network: 'none' },
      ],
      lab,
      'node-1',
    );
    expect(Object.keys(resolved.fields)).toEqual([
      'networks.0.network',
      'networks.1.network',
      'networks.2.network',
      'networks.3.aliases',
      'networks.4.network',
    ]);
  });

  it("does not take another engine's local network; leaves unknown ones to the engine", () => {
    const resolved = resolveContainerNetworks([{ network: 'appnet' }], lab, 'node-2');
    expect(resolved.unknown).toEqual([{ index: 0, ref: 'appnet' }]);
  });

  it('labels what Portolan creates', () => {
    expect(withManagedLabel({ a: 'b' })).toEqual({ a: 'b', 'com.portolan.managed': 'true' });
  });
});
