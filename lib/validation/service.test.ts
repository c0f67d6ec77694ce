import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import type { Topology, TopologyService } from '@/lib/topology/types';

import { fieldErrors } from './fields';
import {
  createServiceSchema,
  isUsableAdvertiseAddress,
  portConflicts,
  resolveServiceNetworks,
  scaleServiceSchema,
  swarmInitSchema,
  updateServiceSchema,
} from './service';

const lab = buildTopology(labInventories(), {}, 1);
const byName = (topology: Topology, name: string) =>
  Object.values(topology.networks).find((network) => network.name === name);

function fieldsOf(schema: { safeParse(value: unknown): unknown }, value: unknown) {
  const result = schema.safeParse(value) as
    { success: true } | { success: false; error: Parameters<typeof fieldErrors>[0] };
  return result.success ? null : fieldErrors(result.error);
}

const minimal = { name: 'api', image: 'busybox:latest' };

describe('createServiceSchema', () => {
  it('fills the defaults of the "New service" form', () => {
    expect(createServiceSchema.parse(minimal)).toEqual({
      name: 'api',
      image: 'busybox:latest',
      mode: 'replicated',
      endpointMode: 'vip',
    });
  });

  it('accepts every field the issue lists', () => {
    const input = {
      name: 'shop_front-2',
      image: 'registry.local:5000/team/app:1.2@sha256:' + 'a'.repeat(64),
      command: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'],
      mode: 'replicated',
      replicas: 1000,
      networks: [{ network: 'meta-globe', aliases: ['shop', 'shop.internal'] }, { network: 'x' }],
      ports: [
        { target: 80, published: 8080 },
        { target: 53, published: 53, protocol: 'udp', mode: 'host' },
        { target: 9000 },
      ],
      endpointMode: 'vip',
      env: ['A=1', 'EMPTY=', 'URL=http://x/?a=b=c'],
      labels: { team: 'web', 'example.com/tier': 'front' },
      constraints: ['node.role==worker', 'node.hostname != node-1', 'node.labels.zone==eu-1'],
      limits: { cpus: 0.5, memoryMb: 256 },
      restartPolicy: { condition: 'on-failure', delaySeconds: 5, maxAttempts: 3 },
      updateConfig: {
        parallelism: 2,
        delaySeconds: 1,
        failureAction: 'rollback',
        order: 'start-first',
      },
      stopGracePeriodSeconds: 1,
    };
    const parsed = createServiceSchema.parse(input);
    expect(parsed.ports?.[0]).toEqual({
      target: 80,
      published: 8080,
      protocol: 'tcp',
      mode: 'ingress',
    });
    expect(parsed.restartPolicy?.condition).toBe('on-failure');
  });

  it.each([
    ['an empty name', { ...minimal, name: '' }, 'name'],
    ['a name with a dot', { ...minimal, name: 'a.b' }, 'name'],
    ['a name ending in -', { ...minimal, name: 'api-' }, 'name'],
    ['a name of 64 characters', { ...minimal, name: 'a'.repeat(64) }, 'name'],
    ['no image', { name: 'api' }, 'image'],
    ['an image with spaces', { ...minimal, image: 'busy box' }, 'image'],
    ['an upper-case repository', { ...minimal, image: 'BusyBox' }, 'image'],
    ['replicas above 1000', { ...minimal, replicas: 1001 }, 'replicas'],
    ['negative replicas', { ...minimal, replicas: -1 }, 'replicas'],
    ['fractional replicas', { ...minimal, replicas: 1.5 }, 'replicas'],
    ['replicas on a global service', { ...minimal, mode: 'global', replicas: 2 }, 'replicas'],
    ['an unknown mode', { ...minimal, mode: 'replicated-job' }, 'mode'],
    ['port 0', { ...minimal, ports: [{ target: 0 }] }, 'ports.0.target'],
    ['port 65536', { ...minimal, ports: [{ target: 80, published: 65536 }] }, 'ports.0.published'],
    ['sctp', { ...minimal, ports: [{ target: 80, protocol: 'sctp' }] }, 'ports.0.protocol'],
    ['a port as text', { ...minimal, ports: [{ target: '80' }] }, 'ports.0.target'],
    [
      'the same published port twice',
      {
        ...minimal,
        ports: [
          { target: 80, published: 81 },
          { target: 90, published: 81 },
        ],
      },
      'ports.1.published',
    ],
    [
      'dnsrr with an ingress port',
      { ...minimal, endpointMode: 'dnsrr', ports: [{ target: 80, published: 81 }] },
      'ports.0.mode',
    ],
    ['env without =', { ...minimal, env: ['JUSTKEY'] }, 'env.0'],
    ['env with a bad key', { ...minimal, env: ['1A=x'] }, 'env.0'],
    ['env set twice', { ...minimal, env: ['A=1', 'A=2'] }, 'env.1'],
    [
      'a reserved label',
      { ...minimal, labels: { 'com.docker.stack.namespace': 'x' } },
      'labels.com.docker.stack.namespace',
    ],
    [
      'a portolan label',
      { ...minimal, labels: { 'com.portolan.managed': 'false' } },
      'labels.com.portolan.managed',
    ],
    ['a label value not text', { ...minimal, labels: { a: 1 } }, 'labels.a'],
    ['a constraint without operator', { ...minimal, constraints: ['node.role'] }, 'constraints.0'],
    ['an unknown constraint key', { ...minimal, constraints: ['node.zone==a'] }, 'constraints.0'],
    ['a bad role', { ...minimal, constraints: ['node.role==boss'] }, 'constraints.0'],
    [
      'an alias with spaces',
      { ...minimal, networks: [{ network: 'n', aliases: ['a b'] }] },
      'networks.0.aliases.0',
    ],
    [
      'a network twice',
      { ...minimal, networks: [{ network: 'n' }, { network: 'n' }] },
      'networks.1.network',
    ],
    ['an empty command', { ...minimal, command: [] }, 'command'],
    ['cpus of 0', { ...minimal, limits: { cpus: 0 } }, 'limits.cpus'],
    ['1 MiB of memory', { ...minimal, limits: { memoryMb: 1 } }, 'limits.memoryMb'],
    [
      'a bad restart condition',
      { ...minimal, restartPolicy: { condition: 'always' } },
      'restartPolicy.condition',
    ],
    ['a long grace period', { ...minimal, stopGracePeriodSeconds: 301 }, 'stopGracePeriodSeconds'],
  ])('refuses %s', (_what, input, field) => {
    const fields = fieldsOf(createServiceSchema, input);
    expect(fields).not.toBeNull();
    expect(Object.keys(fields ?? {})).toContain(field);
  });

  it.each([
    ['privileged', { ...minimal, privileged: true }],
    ['mounts', { ...minimal, Mounts: [{ Source: '/', Target: '/host' }] }],
    ['capabilities', { ...minimal, capAdd: ['SYS_ADMIN'] }],
    ['secrets', { ...minimal, secrets: ['db'] }],
    ['a raw TaskTemplate', { ...minimal, TaskTemplate: { ContainerSpec: { Privileges: {} } } }],
  ])('refuses unknown fields: %s', (_what, input) => {
    const fields = fieldsOf(createServiceSchema, input);
    expect(Object.values(fields ?? {}).join(' ')).toMatch(/^Unknown field/);
  });

  it('refuses unknown fields inside ports, networks, limits', () => {
    expect(
      fieldsOf(createServiceSchema, { ...minimal, ports: [{ target: 80, hostIp: '0.0.0.0' }] }),
    ).toEqual({
      'ports.0.hostIp': 'Unknown field: hostIp',
    });
    expect(
      Object.keys(
        fieldsOf(createServiceSchema, {
          ...minimal,
          networks: [{ network: 'n', driverOpts: {} }],
          limits: { pids: 5 },
        }) ?? {},
      ).sort(),
    ).toEqual(['limits.pids', 'networks.0.driverOpts']);
  });

  it('never echoes an env value in its messages', () => {
    const secret = 'hunter2-very-secret';
    const fields = fieldsOf(createServiceSchema, {
      ...minimal,
      env: [`1BAD=${secret}`, `A=${secret}`, `A=${secret}`, `B=${secret}\0`],
    });
    expect(Object.keys(fields ?? {}).sort()).toEqual(['env.0', 'env.2', 'env.3']);
    expect(JSON.stringify(fields)).not.toContain(secret);
  });
});

describe('scale and update schemas', () => {
  it('scales 0–1000', () => {
    expect(scaleServiceSchema.parse({ replicas: 0 })).toEqual({ replicas: 0 });
    expect(fieldsOf(scaleServiceSchema, { replicas: 1001 })).toHaveProperty('replicas');
    expect(fieldsOf(scaleServiceSchema, {})).toHaveProperty('replicas');
    expect(fieldsOf(scaleServiceSchema, { replicas: 2, mode: 'global' })).toEqual({
      mode: 'Unknown field: mode',
    });
  });

  it('updates image, env, ports, networks, replicas; refuses nothing to do', () => {
    expect(
      updateServiceSchema.parse({
        image: 'busybox:1.36',
        envAdd: ['STAGE=2'],
        envRemove: ['OLD'],
        ports: [{ target: 80, published: 8080 }],
        networks: [{ network: 'meta-globe' }],
        replicas: 3,
        command: null,
        force: true,
      }),
    ).toMatchObject({ replicas: 3, command: null, ports: [{ protocol: 'tcp', mode: 'ingress' }] });
    expect(fieldsOf(updateServiceSchema, {})).toEqual({
      _: 'Nothing to update: give at least one field.',
    });
  });

  it('refuses env replaced and changed at once, and a key both added and removed', () => {
    expect(fieldsOf(updateServiceSchema, { env: ['A=1'], envRemove: ['B'] })).toHaveProperty('env');
    expect(fieldsOf(updateServiceSchema, { envAdd: ['A=1'], envRemove: ['A'] })).toHaveProperty(
      'envRemove.0',
    );
    expect(fieldsOf(updateServiceSchema, { envRemove: ['A=1'] })).toHaveProperty('envRemove.0');
    expect(fieldsOf(updateServiceSchema, { name: 'renamed' })).toHaveProperty('_');
  });
});

describe('portConflicts', () => {
  const web = Object.values(lab.services).find(
    (service) => service.name === 'web',
  ) as TopologyService;

  it('names the service that already publishes the port', () => {
    expect(
      portConflicts(
        {
          ports: [
            { target: 80, published: 8089 },
            { target: 80, published: 5000 },
          ],
        },
        lab,
      ),
    ).toEqual([
      {
        field: 'ports.1.published',
        published: 5000,
        protocol: 'tcp',
        holder: { kind: 'service', id: web.id, name: 'web' },
        message: 'Port 5000/tcp is already published by service web.',
      },
    ]);
  });

  it('tells protocols apart, ignores unset ports and the service being updated', () => {
    expect(
      portConflicts({ ports: [{ target: 80, published: 5000, protocol: 'udp' }] }, lab),
    ).toEqual([]);
    expect(portConflicts({ ports: [{ target: 80 }] }, lab)).toEqual([]);
    expect(portConflicts({ ports: [{ target: 80, published: 5000 }] }, lab, web.id)).toEqual([]);
  });

  it('lets host-mode ports share a number, not with an ingress port', () => {
    const hostWeb: Topology = {
      ...lab,
      services: {
        ...lab.services,
        [web.id]: {
          ...web,
          ports: [{ target: 80, published: 5000, protocol: 'tcp', mode: 'host' }],
        },
      },
    };
    expect(
      portConflicts({ ports: [{ target: 80, published: 5000, mode: 'host' }] }, hostWeb),
    ).toEqual([]);
    expect(portConflicts({ ports: [{ target: 80, published: 5000 }] }, hostWeb)).toHaveLength(1);
    expect(
      portConflicts({ ports: [{ target: 80, published: 5000, mode: 'host' }] }, lab),
    ).toHaveLength(1);
  });

  it('finds a standalone container mapping the port on a swarm node', () => {
    const [container] = Object.values(lab.containers).filter(
      (candidate) => candidate.task === null,
    );
    if (!container) throw new Error('the lab fixture has standalone containers');
    const withMapping: Topology = {
      ...lab,
      containers: {
        ...lab.containers,
        [container.id]: {
          ...container,
          ports: [{ hostIp: '0.0.0.0', hostPort: 8081, containerPort: 80, protocol: 'tcp' }],
        },
      },
    };
    const [conflict] = portConflicts({ ports: [{ target: 80, published: 8081 }] }, withMapping);
    expect(conflict?.holder).toEqual({ kind: 'container', id: container.id, name: container.name });
  });
});

describe('resolveServiceNetworks', () => {
  it('resolves overlays by name or id and refuses ingress and local networks', () => {
    const metaGlobe = byName(lab, 'meta-globe');
    const resolved = resolveServiceNetworks(
      [
        { network: 'meta-globe' },
        { network: metaGlobe?.id ?? '' },
        { network: 'ingress' },
        { network: 'appnet' },
        { network: 'brand-new' },
      ],
      lab,
    );
    expect(resolved.ids).toEqual([metaGlobe?.id, metaGlobe?.id, null, null, null]);
    expect(Object.keys(resolved.fields)).toEqual(['networks.2.network', 'networks.3.network']);
    expect(resolved.fields['networks.3.network']).toMatch(/local to one engine/);
    expect(resolved.unknown).toEqual([{ index: 4, ref: 'brand-new' }]);
  });
});

describe('swarmInitSchema', () => {
  it('takes an engine and a reachable IP', () => {
    expect(swarmInitSchema.parse({ engine: 'node-1', advertiseAddr: ' 10.0.0.5 ' })).toEqual({
      engine: 'node-1',
      advertiseAddr: '10.0.0.5',
    });
    expect(swarmInitSchema.parse({ engine: 'e', advertiseAddr: 'fd00::2' }).advertiseAddr).toBe(
      'fd00::2',
    );
  });

  it.each([
    'eth0',
    '10.0.0.256',
    '10.0.0.5:2377',
    '127.0.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    '224.0.0.1',
    '169.254.1.1',
  ])('refuses %s', (advertiseAddr) => {
    expect(fieldsOf(swarmInitSchema, { engine: 'node-1', advertiseAddr })).toHaveProperty(
      'advertiseAddr',
    );
  });

  it('refuses a missing engine and unknown fields', () => {
    expect(fieldsOf(swarmInitSchema, { advertiseAddr: '10.0.0.5' })).toHaveProperty('engine');
    expect(
      fieldsOf(swarmInitSchema, { engine: 'e', advertiseAddr: '10.0.0.5', forceNewCluster: true }),
    ).toEqual({ forceNewCluster: 'Unknown field: forceNewCluster' });
  });

  it('isUsableAdvertiseAddress', () => {
    expect(isUsableAdvertiseAddress('192.0.2.2')).toBe(true);
    expect(isUsableAdvertiseAddress('2001:db8::1')).toBe(true);
    expect(isUsableAdvertiseAddress('127.0.0.2')).toBe(false);
    expect(isUsableAdvertiseAddress('ff02::1')).toBe(false);
  });
});
