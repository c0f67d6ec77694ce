/**
 * Fake Docker engines for the scale bench: one HTTP server per node of the world, each on its own
 * unix socket, all in this process. They answer the Engine API reads Portolan makes (`/_ping`,
 * `/version`, `/info`, `/containers/json`, `/containers/{id}/json`, `/networks`,
 * `/networks/{id}`, and on the manager `/nodes`, `/services`, `/tasks`) from the world's state,
 * and stream `/events`. Node 1 is the swarm manager, the others workers: like the lab, where every
 * node's engine is read directly, since containers are reported only by the engine that runs them.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import {
  containerPayload,
  containerSummary,
  infoPayload,
  networkPayload,
  networkSummary,
  nodePayload,
  servicePayload,
  taskPayload,
  versionPayload,
} from './payloads';
import type { WEvent, WNode, World } from './world';

type Json = Record<string, unknown>;

export interface FakeEngines {
  /** `name=unix:///path` for PORTOLAN_ENGINES. */
  engines: string;
  sockets: string[];
  /** Serialises every inspect in advance, so the first inventory measures the reader. */
  warm(): void;
  /** Writes each event on its engine's open /events streams. */
  emit(events: readonly WEvent[]): void;
  requests(): number;
  close(): Promise<void>;
}

/** Per world generation: where overlays live and what services they carry (costly to derive). */
function derivedViews(world: World) {
  let generation = -1;
  let nodesOf = new Map<string, number[]>();
  let servicesOf = new Map<string, Json>();
  const refresh = () => {
    if (generation === world.generation) return;
    generation = world.generation;
    const nodeSets = new Map<string, Set<number>>();
    const services = new Map<string, Json>();
    for (const container of world.containers.values()) {
      for (const endpoint of container.endpoints) {
        const set = nodeSets.get(endpoint.network) ?? new Set<number>();
        set.add(container.node);
        nodeSets.set(endpoint.network, set);
        const task = container.task ? world.tasks.get(container.task) : undefined;
        const service = task && world.services.get(task.service);
        if (!task || !service) continue;
        const onNetwork = services.get(endpoint.network) ?? {};
        const entry = (onNetwork[service.name] ??= {
          VIP: service.vips.find((vip) => vip.network === endpoint.network)?.addr ?? '',
          Ports: [],
          LocalLBIndex: 256 + (service.version % 1000),
          Tasks: [],
        }) as { Tasks: Json[] };
        entry.Tasks.push({
          Name: `${service.name}.${task.slot}.${task.id}`,
          EndpointID: endpoint.endpointId,
          EndpointIP: endpoint.ip,
          Info: { 'Host IP': world.nodes[container.node]?.addr ?? '' },
        });
        services.set(endpoint.network, onNetwork);
      }
    }
    nodesOf = new Map([...nodeSets].map(([id, set]) => [id, [...set].sort((a, b) => a - b)]));
    servicesOf = services;
  };
  return {
    overlayNodes(id: string): readonly number[] {
      refresh();
      if (id === world.ingress) return world.nodes.map((node) => node.index);
      return nodesOf.get(id) ?? [];
    },
    servicesOn(id: string): Json {
      refresh();
      return servicesOf.get(id) ?? {};
    },
  };
}

/**
 * Serialised answers, kept until what they show changes: the fake engines share one process, and
 * building 10,000 inspects on every read would measure the fake rather than Portolan.
 */
function bodyCache(world: World) {
  const bodies = new Map<string, string>();
  let generation = world.generation;
  const sync = () => {
    if (generation === world.generation) return;
    generation = world.generation;
    for (const id of world.drainTouched()) {
      const container = world.containers.get(id);
      if (container) {
        bodies.delete(`c:${id}`);
        bodies.delete(`cl:${container.node}`);
        continue;
      }
      for (const node of world.nodes) bodies.delete(`n:${node.index}:${id}`);
      for (const node of world.nodes) bodies.delete(`l:${node.index}`);
    }
  };
  return (key: string, make: () => unknown): string => {
    sync();
    let body = bodies.get(key);
    if (body === undefined) {
      body = JSON.stringify(make());
      bodies.set(key, body);
    }
    return body;
  };
}

function sendJson(response: http.ServerResponse, body: string) {
  response.writeHead(200, {
    'content-type': 'application/json',
    'api-version': '1.41',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
    'api-version': '1.41',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

const notFound = (response: http.ServerResponse, what: string) =>
  send(response, 404, { message: `No such ${what}` });

export async function startFakeEngines(world: World, dir: string): Promise<FakeEngines> {
  fs.mkdirSync(dir, { recursive: true });
  const views = derivedViews(world);
  const cached = bodyCache(world);
  const streams = new Map<number, Set<http.ServerResponse>>();
  let requests = 0;

  /** Networks an engine lists: its local ones, and the swarm networks it has instantiated. */
  const networksOf = (node: WNode) =>
    [...world.networks.values()].filter((network) =>
      network.scope === 'local'
        ? network.node === node.index
        : node.manager || views.overlayNodes(network.id).includes(node.index),
    );

  const handle = (node: WNode, request: http.IncomingMessage, response: http.ServerResponse) => {
    requests += 1;
    const url = new URL(request.url ?? '/', 'http://engine');
    const route = url.pathname.replace(/^\/v1\.\d+/, '');
    const parts = route.split('/').filter(Boolean);
    const [kind, id, sub] = parts;
    if (route === '/_ping') return send(response, 200, 'OK');
    if (route === '/version') return send(response, 200, versionPayload());
    if (route === '/info') return send(response, 200, infoPayload(world, node));
    if (route === '/events') {
      response.writeHead(200, { 'content-type': 'application/json', 'api-version': '1.41' });
      response.flushHeaders();
      if (url.searchParams.has('until')) return response.end();
      const set = streams.get(node.index) ?? new Set();
      set.add(response);
      streams.set(node.index, set);
      request.on('close', () => set.delete(response));
      return;
    }
    if (kind === 'containers' && id === 'json') {
      const all = url.searchParams.get('all');
      if (all !== 'true' && all !== '1') {
        const running = world.containersByNode(node.index).filter((c) => c.running);
        return send(
          response,
          200,
          running.map((c) => containerSummary(world, c)),
        );
      }
      const list = () => world.containersByNode(node.index).map((c) => containerSummary(world, c));
      return sendJson(response, cached(`cl:${node.index}`, list));
    }
    if (kind === 'containers' && id && sub === 'json') {
      const container = world.containers.get(id);
      if (!container || container.node !== node.index) return notFound(response, 'container');
      return sendJson(
        response,
        cached(`c:${id}`, () => containerPayload(world, container)),
      );
    }
    if (kind === 'networks') {
      const list = networksOf(node);
      const payload = (network: (typeof list)[number]) =>
        networkPayload(world, network, node, views.overlayNodes, views.servicesOn);
      if (!id) {
        const summaries = () => list.map((n) => networkSummary(payload(n)));
        return sendJson(response, cached(`l:${node.index}`, summaries));
      }
      const network = list.find((n) => n.id === id || n.name === id);
      if (!network) return notFound(response, 'network');
      return sendJson(
        response,
        cached(`n:${node.index}:${network.id}`, () => payload(network)),
      );
    }
    if (!node.manager && ['nodes', 'services', 'tasks'].includes(kind ?? '')) {
      return send(response, 503, { message: 'This node is not a swarm manager.' });
    }
    if (kind === 'nodes') {
      if (id) return send(response, 200, nodePayload(world, id) ?? {});
      return send(
        response,
        200,
        world.nodes.map((n) => nodePayload(world, n.id)),
      );
    }
    if (kind === 'services') {
      if (id) {
        const service = servicePayload(world, id);
        return service ? send(response, 200, service) : notFound(response, 'service');
      }
      return send(
        response,
        200,
        [...world.services.keys()].map((s) => servicePayload(world, s)),
      );
    }
    if (kind === 'tasks') {
      if (id) {
        const task = taskPayload(world, id);
        return task ? send(response, 200, task) : notFound(response, 'task');
      }
      const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as {
        service?: string[];
      };
      const wanted = filters.service ? new Set(filters.service) : null;
      const tasks = [...world.tasks.values()].filter((t) => !wanted || wanted.has(t.service));
      return send(
        response,
        200,
        tasks.map((t) => taskPayload(world, t.id)),
      );
    }
    return send(response, 404, { message: `page not found: ${route}` });
  };

  const servers: http.Server[] = [];
  const sockets: string[] = [];
  for (const node of world.nodes) {
    const socket = path.join(dir, `${node.name}.sock`);
    fs.rmSync(socket, { force: true });
    const server = http.createServer((request, response) => {
      try {
        handle(node, request, response);
      } catch (error) {
        send(response, 500, { message: String(error) });
      }
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    servers.push(server);
    sockets.push(socket);
  }

  return {
    warm() {
      for (const node of world.nodes) {
        cached(`cl:${node.index}`, () =>
          world.containersByNode(node.index).map((c) => containerSummary(world, c)),
        );
        for (const container of world.containersByNode(node.index)) {
          cached(`c:${container.id}`, () => containerPayload(world, container));
        }
        const list = networksOf(node);
        const payloads = list.map((network) =>
          networkPayload(world, network, node, views.overlayNodes, views.servicesOn),
        );
        payloads.forEach((payload, i) => {
          cached(`n:${node.index}:${list[i]?.id}`, () => payload);
        });
        cached(`l:${node.index}`, () => payloads.map(networkSummary));
      }
    },
    engines: world.nodes.map((node, i) => `${node.name}=unix://${sockets[i]}`).join(','),
    sockets,
    requests: () => requests,
    emit(events) {
      for (const { engine, message } of events) {
        const line = `${JSON.stringify(message)}\n`;
        for (const response of streams.get(engine) ?? []) response.write(line);
      }
    },
    async close() {
      for (const set of streams.values()) for (const response of set) response.end();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
