/**
 * The changes the scale bench makes to its world, each as the events the engines announce for it,
 * with the state changed to match (what a real engine would then answer to an inspect).
 */
import type { WEvent, World } from './world';

/** `docker stop`: disconnect from every network, die, stop. */
export function stop(world: World, containerId: string): WEvent[] {
  const container = world.containers.get(containerId);
  if (!container?.running) return [];
  world.touch(container, container.networks);
  const events = container.endpoints.map((e) =>
    world.networkEvent(container, e.network, 'disconnect'),
  );
  container.running = false;
  container.endpoints = [];
  container.finishedAt = world.now();
  const attributes = world.containerAttributes(container);
  events.push(
    world.event(container.node, 'container', 'kill', container.id, {
      ...attributes,
      signal: '15',
    }),
    world.event(container.node, 'container', 'die', container.id, {
      ...attributes,
      exitCode: '0',
    }),
    world.event(container.node, 'container', 'stop', container.id, attributes),
  );
  return events;
}

/** `docker start`: connect to its networks again (new addresses), start. */
export function start(world: World, containerId: string): WEvent[] {
  const container = world.containers.get(containerId);
  if (!container || container.running) return [];
  world.touch(container, container.networks);
  container.running = true;
  container.startedAt = world.now();
  container.pid += 100_000;
  container.endpoints = container.networks.map((network) =>
    world.endpoint(network, container.task ? [container.id.slice(0, 12)] : [container.name]),
  );
  const events = container.networks.map((n) => world.networkEvent(container, n, 'connect'));
  events.push(
    world.event(
      container.node,
      'container',
      'start',
      container.id,
      world.containerAttributes(container),
    ),
  );
  return events;
}

/** `docker network connect`. */
export function connect(world: World, containerId: string, networkId: string): WEvent[] {
  const container = world.containers.get(containerId);
  if (!container?.running || container.networks.includes(networkId)) return [];
  world.touch(container, [networkId]);
  container.networks = [...container.networks, networkId];
  container.endpoints = [...container.endpoints, world.endpoint(networkId, [container.name])];
  return [world.networkEvent(container, networkId, 'connect')];
}

/** `docker network disconnect`. */
export function disconnect(world: World, containerId: string, networkId: string): WEvent[] {
  const container = world.containers.get(containerId);
  if (!container?.running || !container.networks.includes(networkId)) return [];
  world.touch(container, [networkId]);
  container.networks = container.networks.filter((n) => n !== networkId);
  container.endpoints = container.endpoints.filter((e) => e.network !== networkId);
  return [world.networkEvent(container, networkId, 'disconnect')];
}

/** `docker service scale S=n+1`: the manager's service update, then the new task's container. */
export function scaleUp(world: World, serviceId: string): WEvent[] {
  const service = world.services.get(serviceId);
  if (!service) return [];
  const before = service.replicas;
  service.version += 1;
  const node = (before * 17 + service.version) % world.nodes.length;
  const { container } = world.addTask(service, node);
  world.touch(container, container.networks);
  const attributes = world.containerAttributes(container);
  return [
    world.event(
      0,
      'service',
      'update',
      service.id,
      {
        name: service.name,
        'replicas.new': String(service.replicas),
        'replicas.old': String(before),
      },
      'swarm',
    ),
    world.event(node, 'container', 'create', container.id, attributes),
    ...container.networks.map((n) => world.networkEvent(container, n, 'connect')),
    world.event(node, 'container', 'start', container.id, attributes),
  ];
}
