import type { DockerEvent } from '@/lib/docker/events';
import { invalidationsFor, type Invalidation } from '@/lib/docker/invalidations';
import { toEngineHealth, type EngineHealth } from '@/lib/engines/health';
import { connectingLink, toEngineState, type EngineLink } from '@/lib/engines/link';
import { createCollectionOwner } from '@/lib/topology/collection-owner';
import { applyPatch, type TopologyPatch } from '@/lib/topology/diff';
import {
  impliedState,
  impliedStatePatch,
  withImpliedStatus,
  type ImpliedState,
} from '@/lib/topology/event-state';
import {
  createInventory,
  runningProcesses,
  withContainer,
  withTaskUpdated,
  type EngineInventory,
  type InventoryLists,
} from '@/lib/topology/inventory';
import { isSwarmEvent, withEventFacts } from '@/lib/topology/event-facts';
import { createTopologyBuilder } from '@/lib/topology/incremental';
import { nodeEventConcernsEngine } from '@/lib/topology/swarm-membership';
import {
  asStarted,
  servicesWithUnlistedTasks,
  vanishedTasks,
  taskStartedBy,
} from '@/lib/topology/task-events';
import { emptyTopology, type EngineState, type Topology } from '@/lib/topology/types';

import type { EngineReader } from '../docker/engine-reader';
import { createReadApplier, followNetworks, rereadNetworkLater } from './apply-read';
import { createReadBatches } from './read-batches';
import { createReadRetries } from './read-retries';
import { createHeldStarts, createStartedTasks } from './started-tasks';
import { createTaskFollower } from './task-follower';
import { isSwarmManager } from '../docker/engine-reader';
import type { Logger } from '../logger';

export interface HubEngine {
  name: string;
  address: string;
  reader: EngineReader;
}

export interface TopologyHubListeners {
  onPatch?(patch: TopologyPatch): void;
  onEvent?(event: DockerEvent): void;
  onHealth?(health: EngineHealth[]): void;
}

interface Options {
  engines: readonly HubEngine[];
  logger: Logger;
  /** At most one patch per this many ms during a burst. */
  batchWindowMs?: number;
  /** A lone change waits this long for the other events of the same command. */
  gatherMs?: number;
  /** A batch shows what its reads brought after this long, without its slowest reads. */
  stragglerMs?: number;
  /** While a service's tasks are still moving, re-read them this often (API 1.41 has no task events). */
  taskFollowMs?: number;
  /** Give up following a service's tasks after this long. */
  taskFollowLimitMs?: number;
  /** How long to follow the tasks a node's change may move, whether or not they look settled. */
  nodeChangeFollowMs?: number;
  /** Why a swarm node no engine of which is read shows only its tasks (buildTopology's words). */
  unreadReason?: string;
  now?: () => number;
}

/**
 * Holds the truth: each engine's raw inventory, the topology built from all of them, and its
 * version. Events become invalidations; invalidations become reads (at most one per object per
 * batch); reads update the inventories; the rebuilt topology is diffed into one patch. A batch
 * whose reads changed no inventory costs no rebuild. The rules (what an event invalidates or
 * implies, when tasks have settled, what health to report) live in lib/; this only orchestrates.
 */
/** The longest pause a costly full build imposes before the next batch. */
const MAX_SPACING_MS = 2_000;

export function createTopologyHub({
  engines: initialEngines,
  logger,
  batchWindowMs = 30,
  gatherMs = 3,
  stragglerMs = 1_000,
  taskFollowMs = 250,
  taskFollowLimitMs = 120_000,
  nodeChangeFollowMs = 3_000,
  unreadReason,
  now = Date.now,
}: Options) {
  const log = logger.child({ component: 'hub' });
  // NOTE: agents found after start join (and leave) this list: see `setEngine`.
  const engines: HubEngine[] = [...initialEngines];
  const inventories = new Map<string, EngineInventory>();
  const links = new Map<string, EngineLink>(
    engines.map((engine) => [engine.name, connectingLink()]),
  );
  const byName = new Map(engines.map((engine) => [engine.name, engine]));
  const listeners = new Set<TopologyHubListeners>();
  let topology: Topology = emptyTopology(0);
  /** The topology's collections are written in place until `snapshot` hands them out. */
  const owner = createCollectionOwner();
  /** Builds only what the inventories' changes touch (lib/topology/incremental.ts). */
  const builder = createTopologyBuilder(owner);
  let health: EngineHealth[] = [];

  const followedSince = new Map<string, number>();
  /** The least time between two batches: the batch window, longer after a costly full build. */
  let spacingMs = batchWindowMs;
  let stopped = false;
  const counters = { events: 0, reads: 0, patches: 0, rebuilds: 0 };

  const engineStates = (): Record<string, EngineState> => {
    const states: Record<string, EngineState> = {};
    for (const [name, link] of links) states[name] = toEngineState(link);
    return states;
  };

  const orderedInventories = () =>
    engines.flatMap((engine) => {
      const inventory = inventories.get(engine.name);
      return inventory ? [inventory] : [];
    });

  const publishHealth = () => {
    const next = engines.map((engine) =>
      toEngineHealth(
        engine.name,
        engine.address,
        links.get(engine.name),
        inventories.get(engine.name),
      ),
    );
    if (JSON.stringify(next) === JSON.stringify(health)) return;
    health = next;
    for (const listener of listeners) listener.onHealth?.(health);
  };

  /**
   * Whether an inventory changed since the topology was last built. While it is false the
   * topology is what a rebuild would make: a rebuild can be skipped, and an event's implied state
   * patched in without one.
   */
  let unbuilt = false;
  /** States container events implied that are not shown yet (see `applyEventState`). */
  const impliedStates: ImpliedState[] = [];
  const setInventory = (engine: string, next: EngineInventory) => {
    if (inventories.get(engine) === next) return;
    inventories.set(engine, next);
    unbuilt = true;
  };

  const publish = (patch: TopologyPatch, next: Topology) => {
    topology = next;
    counters.patches += 1;
    for (const listener of listeners) listener.onPatch?.(patch);
  };

  /** Rebuilds from the inventories and publishes the difference, if any. */
  const rebuild = () => {
    counters.rebuilds += 1;
    unbuilt = false;
    // NOTE: the rebuild shows every implied state still queued, or what a read has since said.
    impliedStates.length = 0;
    const t0 = performance.now();
    const inputs = [orderedInventories(), engineStates()] as const;
    const version = topology.version + 1;
    const { topology: next, ops, full } = builder.build(...inputs, topology, version, unreadReason);
    const ms = performance.now() - t0;
    // NOTE: what a change costs the server; `npm run bench:scale` reads it (LOG_LEVEL=debug).
    log.debug('rebuilt', { ms, full, ops: ops.length });
    // NOTE: at 100 engines each engine read at start (and each link change) used to cost a full
    // build of everything read so far, back to back: O(engines × containers) with the event loop
    // blocked, until pings and reads timed out on a loaded machine and the reads began again. A
    // full build now leaves the loop free for twice its own time before the next batch.
    spacingMs = full ? Math.max(batchWindowMs, Math.min(MAX_SPACING_MS, 2 * ms)) : batchWindowMs;
    publishHealth();
    if (ops.length > 0) publish({ from: topology.version, to: next.version, ops }, next);
  };

  /**
   * What a container event says by itself (start → running, die → exited, pause, unpause) goes
   * out at once; the inspect queued for the same event then confirms or corrects it.
   * NOTE: measured here, an inspect right after start or die can wait ~100 ms on the engine's own
   * container lock; the state change should not. Nor should it cost a rebuild: when nothing else
   * is waiting to be built, it is patched in, and the inspect's rebuild is the only one.
   */
  let impliedQueued = false;
  const applyEventState = (event: DockerEvent) => {
    const implied = impliedState(event);
    if (!implied) return;
    const inventory = inventories.get(implied.engine);
    const current = inventory?.containers[implied.id];
    if (!inventory || !current) return;
    const next = withImpliedStatus(current, implied.status);
    if (next === current) return;
    inventories.set(implied.engine, withContainer(inventory, implied.id, next));
    impliedStates.push(implied);
    if (impliedQueued) return;
    impliedQueued = true;
    setImmediate(showImpliedStates);
  };

  const showImpliedStates = () => {
    impliedQueued = false;
    if (stopped || impliedStates.length === 0) return;
    const t0 = performance.now();
    const patch = unbuilt ? null : impliedStatePatch(topology, impliedStates.splice(0));
    if (!patch) return rebuild();
    const next = patch.ops.length > 0 ? applyPatch(topology, patch, owner) : null;
    log.debug('event state', { ms: performance.now() - t0, ops: patch.ops.length });
    if (!next) return;
    builder.applied(patch.ops, topology, next);
    publish(patch, next);
  };

  /**
   * What an event says by itself (an object gone, a container off a network, a service's
   * replicas, a node's availability) is shown at once, like a container's state; the read queued
   * for the same event confirms it (lib/topology/event-facts.ts).
   */
  /** What following a container's networks needs: shared with the read applier. */
  const followContext = { invalidate: (i: Invalidation) => invalidate(i), stopped: () => stopped };
  const applyEventFacts = (event: DockerEvent) => {
    let changed = false;
    for (const [name, inventory] of inventories) {
      if (isSwarmEvent(event) ? !inventory.swarm : name !== event.engine) continue;
      const next = withEventFacts(inventory, event);
      if (next === inventory) continue;
      // NOTE: the read of a destroyed container finds nothing to follow its networks from.
      if (event.type === 'container')
        followNetworks(followContext, name, inventory, inventory.containers[event.id], null);
      setInventory(name, next);
      changed = true;
    }
    if (changed) rebuildSoon();
  };

  /** Shows what changed without waiting for a batch (its reads may be slow). */
  let rebuildQueued = false;
  const rebuildSoon = () => {
    if (rebuildQueued || !unbuilt) return;
    rebuildQueued = true;
    setImmediate(() => {
      rebuildQueued = false;
      if (!stopped && unbuilt) rebuild();
    });
  };

  /** See started-tasks.ts; shown by `applyTaskStart`, confirmed by the task listings. */
  const startedTasks = createStartedTasks(now);
  const heldStarts = createHeldStarts();
  const applyTaskStart = (event: DockerEvent, inspected = false) => {
    const container = inventories.get(event.engine)?.containers[event.id];
    if (!container && !inspected && heldStarts.hold(event)) return;
    const taskId = taskStartedBy(event, container);
    if (!taskId) return;
    startedTasks.mark(taskId);
    updateManagers((inventory) => withTaskUpdated(inventory, taskId, asStarted));
    scheduleTaskFollow();
    rebuildSoon();
  };

  /** The live engine that can answer for the swarm (a manager), if any. */
  const managerReader = (): EngineReader | null => {
    for (const engine of engines) {
      const inventory = inventories.get(engine.name);
      if (inventory && links.get(engine.name)?.state === 'live' && isSwarmManager(inventory.info)) {
        return engine.reader;
      }
    }
    return null;
  };

  const applyRead = createReadApplier({
    engine: (name) => byName.get(name),
    inventory: (name) => inventories.get(name),
    setInventory,
    updateManagers: (update) => updateManagers(update),
    managerReader,
    ...followContext,
    startedTasks,
    followedSince,
    counters,
    now,
  });

  /** Swarm objects are held by every manager inventory (see apply-read.ts). */
  const updateManagers = (update: (inventory: EngineInventory) => EngineInventory) => {
    for (const [name, inventory] of inventories) {
      if (inventory.swarm) setInventory(name, update(inventory));
    }
  };

  const retries = createReadRetries(log, (invalidation) => !stopped && invalidate(invalidation));

  const batches = createReadBatches({
    gatherMs,
    spacingMs: () => spacingMs,
    stragglerMs,
    now,
    read: (invalidation) =>
      applyRead(invalidation).then(
        () => {
          retries.succeeded(invalidation);
          const start =
            invalidation.kind === 'container' &&
            heldStarts.take(invalidation.engine, invalidation.id);
          if (start) applyTaskStart(start, true);
        },
        (error: unknown) => retries.failed(invalidation, error),
      ),
    afterBatch: () => {
      if (unbuilt) rebuild();
      scheduleTaskFollow();
    },
    needsBuild: () => unbuilt,
  });
  const invalidate = (invalidation: Invalidation) => batches.invalidate(invalidation);

  const taskFollower = createTaskFollower({
    managers: () =>
      engines.flatMap(({ name }) => {
        const inventory = inventories.get(name);
        return inventory?.swarm ? [{ name, inventory }] : [];
      }),
    startedTasks,
    followedSince,
    invalidate,
    now,
    followMs: taskFollowMs,
    limitMs: taskFollowLimitMs,
    nodeChangeMs: nodeChangeFollowMs,
  });
  const scheduleTaskFollow = () => taskFollower.schedule();
  return {
    /**
     * The current topology, never changed afterwards (the same object until the next patch). Its
     * collections are copied before the hub's next write to them: a listener called for each
     * patch should keep what it needs from the patch instead (see history/recorder.ts).
     */
    snapshot: () => owner.share(topology),
    /** The current topology's version (costs no copy). */
    version: () => topology.version,
    health: () => health,
    /** Each running container's host pid, per engine (see `runningProcesses`). */
    containerProcesses: () => runningProcesses(orderedInventories()),
    counters: () => ({ ...counters }),
    subscribe(listener: TopologyHubListeners) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * A full read of one engine; shown with the next batch (with the link and held events).
     * What the events seen during the read name is read again, as the read may predate them.
     */
    handleInventory(
      engine: string,
      lists: InventoryLists,
      eventsDuringRead: readonly DockerEvent[] = [],
    ) {
      setInventory(engine, createInventory(lists, inventories.get(engine)));
      for (const event of eventsDuringRead)
        for (const invalidation of invalidationsFor(event)) invalidate(invalidation);
      if (unbuilt) batches.schedule();
      const managers = orderedInventories().filter((inventory) => inventory.swarm);
      const listed = (id: string) => managers.some((inventory) => inventory.swarm?.tasks[id]);
      const inventory = inventories.get(engine);
      const containers = inventory?.containers ?? {};
      const tasks = managers.flatMap((manager) => Object.values(manager.swarm?.tasks ?? {}));
      const vanished = vanishedTasks(inventory?.info.Swarm?.NodeID, containers, tasks);
      const contradicted = new Set([
        ...servicesWithUnlistedTasks(containers, listed),
        ...vanished.map((task) => task.ServiceID),
      ]);
      for (const serviceId of managers.length > 0 ? contradicted : [])
        invalidate({ kind: 'tasks', engine, serviceId });
      // NOTE: the worker drops the overlays of those tasks a moment later, without an event.
      for (const task of vanished)
        for (const { Network } of task.NetworksAttachments ?? [])
          rereadNetworkLater(followContext, engine, Network.ID);
      scheduleTaskFollow();
    },
    handleEvent(event: DockerEvent) {
      counters.events += 1;
      for (const listener of listeners) listener.onEvent?.(event);
      applyEventState(event);
      applyEventFacts(event);
      applyTaskStart(event);
      for (const invalidation of invalidationsFor(event)) invalidate(invalidation);
      if (event.type === 'node') taskFollower.followMovedBy(event);
      // NOTE: a worker says nothing when its own swarm membership changes (joined, left,
      // promoted); the manager's node event is the cue to read that worker's /info again.
      for (const [name, inventory] of inventories) {
        if (nodeEventConcernsEngine(event, inventory.info))
          invalidate({ kind: 'info', engine: name });
      }
    },
    /**
     * An engine found after start (an agent), or moved to a new address (its agent restarted): a
     * known name keeps what it held, shown stale, until the new connection reads it again.
     */
    setEngine(engine: HubEngine) {
      const index = engines.findIndex((candidate) => candidate.name === engine.name);
      if (index === -1) engines.push(engine);
      else engines[index] = engine;
      byName.set(engine.name, engine);
      links.set(engine.name, connectingLink());
      rebuild();
    },
    /** An engine no longer read (its agent's task is gone): it and what it held leave the map. */
    removeEngine(name: string) {
      const index = engines.findIndex((candidate) => candidate.name === name);
      if (index === -1) return;
      engines.splice(index, 1);
      byName.delete(name);
      links.delete(name);
      inventories.delete(name);
      rebuild();
    },
    /**
     * Shown with the next batch, so an engine's read, its held events and `live` make one patch.
     * A link lost is shown at once: no read can join it, and a batch may be waiting on that engine.
     */
    handleLink(engine: string, link: EngineLink) {
      links.set(engine, link);
      unbuilt = true;
      if (link.state === 'down') rebuildSoon();
      else batches.schedule();
    },
    stop() {
      stopped = true;
      batches.stop();
      taskFollower.stop();
    },
  };
}

export type TopologyHub = ReturnType<typeof createTopologyHub>;
