import type { ContainerInspect } from '@/lib/docker/engine-api';
import type { Invalidation } from '@/lib/docker/invalidations';
import {
  createInventory,
  withContainer,
  withInfo,
  withNetwork,
  withNode,
  withService,
  withServiceTasks,
  type EngineInventory,
} from '@/lib/topology/inventory';
import { networksToFollow, REREAD_LEFT_NETWORK_MS } from '@/lib/topology/network-follow';
import { swarmMembershipChanged } from '@/lib/topology/swarm-membership';
import { withStartedTasks } from '@/lib/topology/task-events';

import type { EngineReader } from '../docker/engine-reader';
import type { createStartedTasks } from './started-tasks';

/** What the hub lends the reads it applies: its inventories, and a way to ask for more reads. */
export interface ReadContext {
  engine(name: string): { name: string; reader: EngineReader } | undefined;
  inventory(name: string): EngineInventory | undefined;
  setInventory(engine: string, next: EngineInventory): void;
  /** Swarm objects are held by every manager inventory: keep them all in step. */
  updateManagers(update: (inventory: EngineInventory) => EngineInventory): void;
  /** The live engine that can answer for the swarm (a manager), if any. */
  managerReader(): EngineReader | null;
  invalidate(invalidation: Invalidation): void;
  startedTasks: ReturnType<typeof createStartedTasks>;
  /** Services whose tasks are followed, since when. */
  followedSince: Map<string, number>;
  counters: { reads: number };
  now(): number;
  stopped(): boolean;
}

/**
 * Reads the networks a container's change concerns (see network-follow.ts); those a removed
 * container left, again a moment later.
 */
export function followNetworks(
  context: Pick<ReadContext, 'invalidate' | 'stopped'>,
  engine: string,
  inventory: EngineInventory,
  before: ContainerInspect | undefined,
  after: ContainerInspect | null,
) {
  for (const id of networksToFollow(inventory, before, after)) {
    context.invalidate({ kind: 'network', engine, id, removed: false });
    if (!after) rereadNetworkLater(context, engine, id);
  }
}

/** Reads a network again a few times over the next moments: an engine drops what left it late. */
export function rereadNetworkLater(
  context: Pick<ReadContext, 'invalidate' | 'stopped'>,
  engine: string,
  id: string,
) {
  const read = { kind: 'network', engine, id, removed: false } as const;
  for (const delay of REREAD_LEFT_NETWORK_MS)
    setTimeout(() => !context.stopped() && context.invalidate(read), delay);
}

/**
 * Reads what one invalidation names (an inspect, a listing, a fresh inventory after a swarm
 * membership change) and writes it into the hub's inventories. The hub rebuilds afterwards.
 */
export function createReadApplier(context: ReadContext) {
  return async (invalidation: Invalidation): Promise<void> => {
    const engine = context.engine(invalidation.engine);
    const inventoryOf = context.inventory;
    switch (invalidation.kind) {
      case 'container':
      case 'network':
      case 'info': {
        const inventory = engine && inventoryOf(engine.name);
        if (!engine || !inventory) return;
        context.counters.reads += invalidation.kind === 'info' || !invalidation.removed ? 1 : 0;
        if (invalidation.kind === 'info') {
          const info = await engine.reader.info();
          const current = inventoryOf(engine.name);
          if (!info || !current) return;
          if (!swarmMembershipChanged(current.info, info)) {
            context.setInventory(engine.name, withInfo(current, info));
            return;
          }
          context.counters.reads += 1;
          const lists = await engine.reader.inventory(engine.name);
          context.setInventory(engine.name, createInventory(lists, inventoryOf(engine.name)));
          return;
        }
        const payload = invalidation.removed
          ? null
          : invalidation.kind === 'container'
            ? await engine.reader.inspectContainer(invalidation.id)
            : await engine.reader.inspectNetwork(invalidation.id);
        const current = inventoryOf(engine.name);
        if (!current) return;
        if (invalidation.kind === 'container') {
          const before = current.containers[invalidation.id];
          followNetworks(context, engine.name, current, before, payload as ContainerInspect | null);
        }
        context.setInventory(
          engine.name,
          invalidation.kind === 'container'
            ? withContainer(
                current,
                invalidation.id,
                payload as Parameters<typeof withContainer>[2],
              )
            : withNetwork(current, invalidation.id, payload as Parameters<typeof withNetwork>[2]),
        );
        return;
      }
      case 'service':
      case 'node':
      case 'tasks': {
        const reader = context.managerReader();
        if (!reader) return;
        context.counters.reads += invalidation.kind !== 'tasks' && invalidation.removed ? 0 : 1;
        if (invalidation.kind === 'tasks') {
          const listed = await reader.listServiceTasks(invalidation.serviceId);
          const { tasks, settled } = withStartedTasks(listed, context.startedTasks.ids());
          context.startedTasks.settle(settled);
          context.updateManagers((inventory) =>
            withServiceTasks(inventory, invalidation.serviceId, tasks),
          );
          return;
        }
        if (invalidation.kind === 'service') {
          const service = invalidation.removed
            ? null
            : await reader.inspectService(invalidation.id);
          context.updateManagers((inventory) => withService(inventory, invalidation.id, service));
          if (service) context.followedSince.set(invalidation.id, context.now());
          return;
        }
        const node = invalidation.removed ? null : await reader.inspectNode(invalidation.id);
        context.updateManagers((inventory) => withNode(inventory, invalidation.id, node));
        return;
      }
    }
  };
}
