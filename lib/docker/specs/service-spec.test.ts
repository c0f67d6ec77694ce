import { describe, expect, it } from 'vitest';

import { createServiceSchema, updateServiceSchema } from '@/lib/validation/service';

import { applyServiceUpdate, toServiceSpec } from './service-spec';

describe('toServiceSpec', () => {
  it('builds the engine request from the validated fields only, labelled as Portolan’s', () => {
    const input = createServiceSchema.parse({
      name: 'shop',
      image: 'busybox:latest',
      command: ['sh', '-c', 'sleep 1'],
      replicas: 3,
      networks: [{ network: 'front', aliases: ['shop'] }, { network: 'back' }],
      ports: [
        { target: 80, published: 8080 },
        { target: 53, protocol: 'udp', mode: 'host' },
      ],
      env: ['A=1'],
      labels: { team: 'web' },
      constraints: ['node.role==worker'],
      limits: { cpus: 0.5, memoryMb: 64 },
      restartPolicy: { condition: 'on-failure', delaySeconds: 2, maxAttempts: 3 },
      updateConfig: { parallelism: 1, order: 'start-first' },
      stopGracePeriodSeconds: 1,
    });
    expect(toServiceSpec(input, ['id-front', 'id-back'])).toEqual({
      Name: 'shop',
      Labels: { team: 'web', 'com.portolan.managed': 'true' },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox:latest',
          Labels: { 'com.portolan.managed': 'true' },
          Command: ['sh', '-c', 'sleep 1'],
          Env: ['A=1'],
          StopGracePeriod: 1e9,
        },
        Resources: { Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024 } },
        RestartPolicy: { Condition: 'on-failure', Delay: 2e9, MaxAttempts: 3 },
        Placement: { Constraints: ['node.role==worker'] },
        Networks: [{ Target: 'id-front', Aliases: ['shop'] }, { Target: 'id-back' }],
      },
      Mode: { Replicated: { Replicas: 3 } },
      UpdateConfig: { Parallelism: 1, Order: 'start-first' },
      EndpointSpec: {
        Mode: 'vip',
        Ports: [
          { Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' },
          { Protocol: 'udp', TargetPort: 53, PublishMode: 'host' },
        ],
      },
    });
  });

  it('defaults to one replica, or global with no count', () => {
    const minimal = { name: 'a', image: 'busybox' };
    expect(toServiceSpec(createServiceSchema.parse(minimal), []).Mode).toEqual({
      Replicated: { Replicas: 1 },
    });
    expect(
      toServiceSpec(createServiceSchema.parse({ ...minimal, mode: 'global' }), []).Mode,
    ).toEqual({ Global: {} });
  });
});

describe('applyServiceUpdate', () => {
  const current = {
    Name: 'shop',
    Labels: { team: 'web' },
    TaskTemplate: {
      ContainerSpec: {
        Image: 'busybox:1',
        Env: ['A=1', 'B=2', 'C=3'],
        Mounts: [{ Source: 'data', Target: '/data' }],
      },
      ForceUpdate: 2,
    },
    Mode: { Replicated: { Replicas: 2 } },
    Networks: [{ Target: 'legacy' }],
    EndpointSpec: { Mode: 'vip' as const, Ports: [{ TargetPort: 80, PublishedPort: 80 }] },
  };

  it('changes single variables, keeps the rest of the spec as the engine has it', () => {
    const input = updateServiceSchema.parse({
      image: 'busybox:2',
      envAdd: ['B=20', 'D=4'],
      envRemove: ['A'],
      force: true,
    });
    const next = applyServiceUpdate(current, input, []);
    expect(next.TaskTemplate.ContainerSpec).toEqual({
      Image: 'busybox:2',
      Env: ['C=3', 'B=20', 'D=4'],
      Mounts: [{ Source: 'data', Target: '/data' }],
    });
    expect(next.TaskTemplate.ForceUpdate).toBe(3);
    expect(next.Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(next.EndpointSpec).toEqual(current.EndpointSpec);
    expect(current.TaskTemplate.ContainerSpec.Env).toEqual(['A=1', 'B=2', 'C=3']);
  });

  it('replaces networks (dropping the deprecated top-level list), ports and replicas', () => {
    const input = updateServiceSchema.parse({
      networks: [{ network: 'front', aliases: ['x'] }],
      ports: [{ target: 80, published: 8080 }],
      replicas: 5,
      command: null,
    });
    const next = applyServiceUpdate(current, input, ['id-front']);
    expect(next.TaskTemplate.Networks).toEqual([{ Target: 'id-front', Aliases: ['x'] }]);
    expect(next.Networks).toBeUndefined();
    expect(next.EndpointSpec).toEqual({
      Mode: 'vip',
      Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }],
    });
    expect(next.Mode).toEqual({ Replicated: { Replicas: 5 } });
  });
});
