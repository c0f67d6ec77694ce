/**
 * The change kinds the benchmark makes on the lab, each as a loop of `n` measured changes.
 * Every object made is named `b19-…` and labelled `portolan.bench`, and removed at the end.
 */
import type Docker from 'dockerode';

import type { DockerEvent } from '@/lib/docker/events';
import type { Topology } from '@/lib/topology/types';

import { measure, type ChangeKind, type ClientView, type KindSamples } from './measure';
import type { BrowserProbe } from './browser-probe';
import { BENCH_LABELS as LABEL, SLEEP_CMD, sleep, until } from './support';

const TASK_SERVICE_LABEL = 'com.docker.swarm.service.id';

export interface KindContext {
  browser: BrowserProbe;
  client: ClientView;
  samples: Map<ChangeKind, KindSamples>;
  /** node-1: the swarm manager, where local objects are made too. */
  manager: Docker;
  /** Removed at the end of the run, whatever happens. */
  cleanup: (() => Promise<unknown>)[];
}

const pause = () => sleep(20);
const eventOf =
  (
    type: string,
    action: string,
    id: () => string,
    more: (e: DockerEvent) => boolean = () => true,
  ) =>
  (events: readonly DockerEvent[]) =>
    events.find((e) => e.type === type && e.action === action && e.id === id() && more(e));

/** A local bridge network made and removed. */
export async function networkKinds(ctx: KindContext, n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    const name = `b19-net-${tag}-${i}`;
    let id = '';
    await measure(
      ctx,
      [
        {
          kind: 'network create',
          // NOTE: the id is not known before; the row and the map node are found by name.
          target: { id: '', name, has: name, mapHas: name },
          holds: (t) => Object.values(t.networks).some((net) => net.name === name),
          event: (events) =>
            events.find((e) => e.type === 'network' && e.action === 'create' && e.name === name),
        },
      ],
      async () => {
        const network = await ctx.manager.createNetwork({ Name: name, Labels: LABEL });
        id = network.id;
      },
    );
    const network = ctx.manager.getNetwork(id);
    await pause();
    await measure(
      ctx,
      [
        {
          kind: 'network remove',
          target: { id, gone: true },
          holds: (t) => !t.networks[id],
          event: eventOf('network', 'destroy', () => id),
        },
      ],
      () => network.remove(),
    );
    await pause();
  }
}

/** A container run (create + start), stopped, removed. */
export async function containerKinds(ctx: KindContext, n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    const name = `b19-run-${tag}-${i}`;
    let id = '';
    await measure(
      ctx,
      [
        {
          kind: 'container run',
          target: { id: '', name, has: 'running', mapHas: 'status:ok' },
          holds: (t) =>
            Object.values(t.containers).some((c) => c.name === name && c.state === 'running'),
          event: (events) =>
            events.find((e) => e.type === 'container' && e.action === 'start' && e.name === name),
        },
      ],
      async () => {
        const container = await ctx.manager.createContainer({
          name,
          Image: 'busybox:latest',
          Cmd: SLEEP_CMD,
          Labels: LABEL,
        });
        id = container.id;
        ctx.cleanup.push(() => container.remove({ force: true }).catch(() => undefined));
        await container.start();
      },
    );
    const container = ctx.manager.getContainer(id);
    await pause();
    await measure(
      ctx,
      [
        {
          kind: 'container stop',
          target: { id, has: 'exited', mapHas: 'status:off' },
          holds: (t) => t.containers[id]?.state === 'exited',
          event: eventOf('container', 'die', () => id),
        },
      ],
      () => container.stop({ t: 1 }),
    );
    await pause();
    await measure(
      ctx,
      [
        {
          kind: 'container remove',
          target: { id, gone: true },
          holds: (t) => !t.containers[id],
          event: eventOf('container', 'destroy', () => id),
        },
      ],
      () => container.remove(),
    );
    await pause();
  }
}

/** A running container connected to and disconnected from a bridge network. */
export async function connectKinds(ctx: KindContext, n: number, tag: string) {
  const network = await ctx.manager.createNetwork({ Name: `b19-lat-${tag}`, Labels: LABEL });
  ctx.cleanup.push(() => network.remove().catch(() => undefined));
  const probe = await ctx.manager.createContainer({
    name: `b19-probe-${tag}`,
    Image: 'busybox:latest',
    Cmd: SLEEP_CMD,
    Labels: LABEL,
  });
  ctx.cleanup.push(() => probe.remove({ force: true }).catch(() => undefined));
  await probe.start();
  const name = `b19-lat-${tag}`;
  const on = (t: Topology) =>
    t.containers[probe.id]?.endpoints.some((e) => e.network === network.id) ?? false;
  await until('the probe on the map', () => ctx.client.topology?.containers[probe.id]);
  for (let i = 0; i < n; i++) {
    for (const connecting of [true, false]) {
      const more = (e: DockerEvent) => e.attributes.container === probe.id;
      await measure(
        ctx,
        [
          {
            kind: connecting ? 'connect' : 'disconnect',
            target: connecting
              ? { id: probe.id, has: name, mapHas: `link:${network.id}` }
              : { id: probe.id, lacks: name, mapLacks: `link:${network.id}` },
            holds: (t) => on(t) === connecting,
            event: eventOf(
              'network',
              connecting ? 'connect' : 'disconnect',
              () => network.id,
              more,
            ),
          },
        ],
        () =>
          connecting
            ? network.connect({ Container: probe.id })
            : network.disconnect({ Container: probe.id }),
      );
      await pause();
    }
  }
  await probe.remove({ force: true });
}

async function updateService(docker: Docker, id: string, replicas: number) {
  for (let attempt = 0; ; attempt++) {
    const service = docker.getService(id);
    const current = (await service.inspect()) as {
      Version: { Index: number };
      Spec: { Mode: { Replicated?: { Replicas: number } } };
    };
    try {
      await service.update({
        version: current.Version.Index,
        ...current.Spec,
        Mode: { Replicated: { Replicas: replicas } },
      });
      return;
    } catch (error) {
      // NOTE: "update out of sequence" when the swarm updated it meanwhile: read again.
      if (attempt > 3) throw error;
    }
  }
}

function serviceSpec(name: string, replicas: number, node: string) {
  return {
    Name: name,
    Labels: LABEL,
    TaskTemplate: {
      ContainerSpec: { Image: 'busybox:latest', Command: SLEEP_CMD, StopGracePeriod: 1e9 },
      Placement: { Constraints: [`node.hostname==${node}`] },
      RestartPolicy: { Condition: 'none' },
    },
    Mode: { Replicated: { Replicas: replicas } },
  };
}

/** A service (no replicas) created and removed. */
export async function serviceKinds(ctx: KindContext, n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    const name = `b19-svc-${tag}-${i}`;
    let id = '';
    await measure(
      ctx,
      [
        {
          kind: 'service create',
          target: { id: '', name, has: name, mapHas: name },
          holds: (t) => Object.values(t.services).some((s) => s.name === name),
          event: (events) =>
            events.find((e) => e.type === 'service' && e.action === 'create' && e.name === name),
        },
      ],
      async () => {
        const created = (await ctx.manager.createService(serviceSpec(name, 0, 'node-2'))) as {
          id: string;
        };
        id = created.id;
        ctx.cleanup.push(() =>
          ctx.manager
            .getService(id)
            .remove()
            .catch(() => undefined),
        );
      },
    );
    await pause();
    await measure(
      ctx,
      [
        {
          kind: 'service remove',
          target: { id, gone: true },
          holds: (t) => !t.services[id],
          event: eventOf('service', 'remove', () => id),
        },
      ],
      () => ctx.manager.getService(id).remove(),
    );
    await pause();
  }
}

const settledAt = (t: Topology | null, id: string, replicas: number) => {
  const r = t?.services[id]?.replicas;
  return r?.desired === replicas && r.running === replicas && r.starting === 0 && r.stopping === 0;
};

/**
 * One service on a streamed worker (node-2), scaled 1 → 3 → 1. Timed: the scale itself (the
 * manager's `service update` → the row reads the new desired count) and the scale-up (the later
 * of the two new task containers' `start` on node-2 → the service reads 3/3 running).
 */
export async function scaleKinds(ctx: KindContext, n: number, tag: string) {
  const name = `b19-scale-${tag}`;
  const { id } = (await ctx.manager.createService(serviceSpec(name, 1, 'node-2'))) as {
    id: string;
  };
  ctx.cleanup.push(() =>
    ctx.manager
      .getService(id)
      .remove()
      .catch(() => undefined),
  );
  await until('the scaled service settled', () => settledAt(ctx.client.topology, id, 1), 60_000);
  const scaledTo = (replicas: number) => (e: DockerEvent) =>
    e.attributes['replicas.new'] === String(replicas);
  for (let i = 0; i < n; i++) {
    await measure(
      ctx,
      [
        {
          kind: 'service scale',
          target: { id, has: '/3 running', mapHas: '/3 running' },
          holds: (t) => t.services[id]?.replicas.desired === 3,
          event: eventOf('service', 'update', () => id, scaledTo(3)),
        },
        {
          kind: 'scale-up',
          target: { id, has: '3/3 running', lacks: 'starting', mapHas: '3/3 running' },
          holds: (t) => settledAt(t, id, 3),
          event: (events) => {
            const starts = events.filter(
              (e) =>
                e.type === 'container' &&
                e.action === 'start' &&
                e.attributes[TASK_SERVICE_LABEL] === id,
            );
            if (starts.length < 2) return undefined;
            return starts.reduce((a, b) => (b.timeNano > a.timeNano ? b : a));
          },
        },
      ],
      () => updateService(ctx.manager, id, 3),
      60_000,
    );
    await pause();
    await measure(
      ctx,
      [
        {
          kind: 'service scale',
          target: { id, has: '/1 running', mapHas: '/1 running' },
          holds: (t) => t.services[id]?.replicas.desired === 1,
          event: eventOf('service', 'update', () => id, scaledTo(1)),
        },
      ],
      () => updateService(ctx.manager, id, 1),
    );
    await until('the scaled service settled', () => settledAt(ctx.client.topology, id, 1), 60_000);
    await pause();
  }
  await ctx.manager.getService(id).remove();
}

async function setAvailability(docker: Docker, nodeId: string, availability: string) {
  const node = docker.getNode(nodeId);
  const { Version, Spec } = (await node.inspect()) as {
    Version: { Index: number };
    Spec: Record<string, unknown>;
  };
  await node.update({ version: Version.Index, ...Spec, Availability: availability });
}

/**
 * A worker (node-3) drained and made active again; active again at the end whatever happens.
 * NOTE: draining moves that worker's tasks to the other nodes; the swarm does not move them back.
 */
export async function drainKinds(ctx: KindContext, n: number) {
  const nodeId = Object.values(ctx.client.topology?.nodes ?? {}).find(
    (node) => node.hostname === 'node-3',
  )?.id;
  if (!nodeId) throw new Error('node-3 is not on the map');
  try {
    for (let i = 0; i < n; i++) {
      for (const availability of ['drain', 'active'] as const) {
        await measure(
          ctx,
          [
            {
              kind: availability === 'drain' ? 'node drain' : 'node activate',
              target:
                availability === 'drain'
                  ? { id: nodeId, has: '· drain', mapHas: 'drain' }
                  : { id: nodeId, has: '· active', mapLacks: 'drain' },
              holds: (t) => {
                const node = t.nodes[nodeId];
                return node?.kind === 'swarm' && node.availability === availability;
              },
              event: eventOf(
                'node',
                'update',
                () => nodeId,
                (e) => e.attributes['availability.new'] === availability,
              ),
            },
          ],
          () => setAvailability(ctx.manager, nodeId, availability),
        );
        await pause();
      }
    }
  } finally {
    await setAvailability(ctx.manager, nodeId, 'active');
  }
}
