import type { DockerEvent } from '@/lib/docker/events';
import type { Invalidation } from '@/lib/docker/invalidations';
import type { EngineInventory } from '@/lib/topology/inventory';
import { servicesANodeEventMoves } from '@/lib/topology/task-events';
import { unsettledServices } from '@/lib/topology/task-settling';

import type { createStartedTasks } from './started-tasks';

interface Options {
  /** The manager inventories, in the hub's engine order, with their engine names. */
  managers(): { name: string; inventory: EngineInventory }[];
  startedTasks: ReturnType<typeof createStartedTasks>;
  /** Services whose tasks are followed, since when (shared with the reads that start it). */
  followedSince: Map<string, number>;
  invalidate(invalidation: Invalidation): void;
  now(): number;
  /** Delay between two listings while things move, and how long a service is followed at most. */
  followMs: number;
  limitMs: number;
  /** How long to follow the tasks a node's change may move, whether or not they look settled. */
  nodeChangeMs: number;
}

/**
 * Keeps re-reading the tasks of services whose tasks are still starting or stopping (API 1.41
 * has no task events).
 */
export function createTaskFollower(options: Options) {
  const { followedSince, now } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** Services followed until a time whether or not they look settled, as `followFor` asked. */
  const pinned = new Map<string, number>();

  const schedule = () => {
    clearTimeout(timer);
    const managers = options.managers();
    const moving = new Set(managers.flatMap(({ inventory }) => unsettledServices(inventory)));
    // NOTE: a task shown running from its container's start is still unsettled for the manager:
    // follow its service until the listing says so too (then `startedTasks` lets it go).
    for (const taskId of options.startedTasks.ids()) {
      const task = managers.map(({ inventory }) => inventory.swarm?.tasks[taskId]).find(Boolean);
      if (task) moving.add(task.ServiceID);
    }
    for (const [serviceId, until] of pinned) {
      if (now() < until) moving.add(serviceId);
      else pinned.delete(serviceId);
    }
    for (const serviceId of followedSince.keys()) {
      const since = followedSince.get(serviceId) ?? 0;
      if (!moving.has(serviceId) || now() - since > options.limitMs)
        followedSince.delete(serviceId);
    }
    for (const serviceId of moving)
      if (!followedSince.has(serviceId)) followedSince.set(serviceId, now());
    const engine = managers[0]?.name;
    if (followedSince.size === 0 || stopped || !engine) return;
    // NOTE: follow fast while things move, then ease off (a task pending on an impossible
    // constraint can wait forever; the limit ends the chase).
    const longest = Math.max(...[...followedSince.values()].map((since) => now() - since));
    const delay = longest < 5_000 ? options.followMs : longest < 20_000 ? 1_000 : 3_000;
    timer = setTimeout(() => {
      for (const serviceId of followedSince.keys())
        options.invalidate({ kind: 'tasks', engine, serviceId });
    }, delay);
  };

  /**
   * Follows these services for `ms` even while their listing looks settled: the swarm acts a
   * moment after some events (a drain marks the node's tasks for shutdown ~0.2 s after the
   * node's `update`, longer on a busy manager), and nothing tells when.
   */
  const followFor = (serviceIds: readonly string[], ms: number) => {
    if (serviceIds.length === 0) return;
    const until = now() + ms;
    for (const serviceId of serviceIds)
      pinned.set(serviceId, Math.max(until, pinned.get(serviceId) ?? 0));
    schedule();
  };

  return {
    schedule,
    followFor,
    /** After a node left or changed, its services' tasks move without events: follow them. */
    followMovedBy(event: DockerEvent) {
      // NOTE: only a node event needs every task (10,000 at scale): not walked for the others.
      const swarms = options.managers().flatMap(({ inventory }) => inventory.swarm ?? []);
      const tasks = swarms.flatMap((swarm) => Object.values(swarm.tasks));
      const global = swarms.flatMap((swarm) =>
        Object.values(swarm.services).flatMap((service) =>
          service.Spec.Mode?.Global ? [service.ID] : [],
        ),
      );
      const moved = servicesANodeEventMoves(event, tasks, global);
      for (const serviceId of moved)
        options.invalidate({ kind: 'tasks', engine: event.engine, serviceId });
      followFor(moved, options.nodeChangeMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
