import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';
import { applyPatch, createPatch } from '@/lib/topology/diff';
import type { Topology } from '@/lib/topology/types';
import { SWARM_GROUP, toGraph } from '@/lib/view/graph';

import { DEFAULT_LAYERS, type GraphOptions, type ViewGraph, type ViewNode } from '../model';

const lab = buildTopology(labInventories(), {}, 1);
const defaults: GraphOptions = { query: '', layers: { ...DEFAULT_LAYERS } };

function named(graph: ViewGraph, kind: ViewNode['kind'], name: string): ViewNode[] {
  return graph.nodes.filter((node) => node.kind === kind && node.name === name);
}

function one(graph: ViewGraph, kind: ViewNode['kind'], name: string): ViewNode {
  const found = named(graph, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as ViewNode;
}

function linksOf(graph: ViewGraph, id: string) {
  return graph.links.filter((link) => link.source === id || link.target === id);
}

const hostId = (topology: Topology, hostname: string) =>
  Object.values(topology.nodes).find((node) => node.hostname === hostname)?.id ?? '';

describe('toGraph on the recorded lab swarm', () => {
  const graph = toGraph(lab, defaults);

  it('has every seeded network, container and service', () => {
    for (const name of ['appnet', 'backend', 'external', 'meta-globe', 'secure', 'ingress']) {
      expect(named(graph, 'network', name).length, name).toBeGreaterThan(0);
    }
    for (const name of ['web', 'client', 'legacy', 'edge', 'hostnet', 'isolated']) {
      expect(named(graph, 'container', name), name).toHaveLength(1);
    }
    for (const name of ['web', 'orange', 'blue', 'plumb', 'vault']) {
      expect(named(graph, 'service', name), name).toHaveLength(1);
    }
  });

  it('styles networks by driver and marks encrypted, internal, system and ingress', () => {
    expect(one(graph, 'network', 'appnet').style).toBe('bridge');
    expect(one(graph, 'network', 'meta-globe').style).toBe('overlay');
    expect(one(graph, 'network', 'secure').tags).toContain('encrypted');
    expect(one(graph, 'network', 'backend').tags).toContain('internal');
    expect(one(graph, 'network', 'external').style).toBe('macvlan');
    expect(one(graph, 'network', 'ingress').tags).toEqual(
      expect.arrayContaining(['system', 'ingress']),
    );
    expect(named(graph, 'network', 'docker_gwbridge').every((n) => n.tags.includes('system'))).toBe(
      true,
    );
    const none = named(graph, 'network', 'none');
    expect(none.length).toBe(3);
    expect(none.every((n) => n.style === 'none')).toBe(true);
  });

  it('puts subnet and gateway on the hub', () => {
    expect(one(graph, 'network', 'appnet').lines).toEqual([
      'bridge',
      '172.19.0.0/16 gw 172.19.0.1',
    ]);
    expect(one(graph, 'network', 'secure').lines[0]).toBe('overlay · encrypted');
  });

  it('places local things in their host region and swarm things in the band', () => {
    const node1 = hostId(lab, 'node-1');
    expect(one(graph, 'network', 'appnet').host).toBe(node1);
    expect(one(graph, 'container', 'legacy').host).toBe(node1);
    expect(one(graph, 'network', 'meta-globe').host).toBeNull();
    expect(one(graph, 'service', 'web').host).toBeNull();
    expect(graph.groups.map((g) => g.name)).toEqual(['swarm', 'node-1', 'node-2', 'node-3']);
    expect(graph.groups[0]?.id).toBe(SWARM_GROUP);
  });

  it('joins a container to each network by one labelled edge (IP and aliases)', () => {
    const web = one(graph, 'container', 'web');
    const edges = linksOf(graph, web.id);
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ kind: 'endpoint', label: '172.19.0.2 · frontend' });
    const task = one(graph, 'task', 'web.1');
    const taskEdges = linksOf(graph, task.id).filter((l) => l.kind === 'endpoint');
    expect(taskEdges.map((l) => l.label).sort()).toEqual(
      Object.values(lab.containers)
        .find((c) => c.task === task.id)
        ?.endpoints.map((e) => e.ipv4)
        .sort(),
    );
  });

  it('folds a task and its container into one element', () => {
    const taskContainers = Object.values(lab.containers).filter((c) => c.task);
    for (const container of taskContainers) {
      expect(graph.nodes.some((n) => n.id === container.id)).toBe(false);
    }
    expect(named(graph, 'task', 'web.1')[0]?.refs).toHaveLength(2);
  });

  it('shows only current tasks unless the stopped layer is on', () => {
    const current = Object.values(lab.tasks).filter((t) => t.desiredState === 'running');
    expect(graph.nodes.filter((n) => n.kind === 'task')).toHaveLength(current.length);
    const withStopped = toGraph(lab, { ...defaults, layers: { ...DEFAULT_LAYERS, stopped: true } });
    expect(withStopped.nodes.filter((n) => n.kind === 'task')).toHaveLength(
      Object.values(lab.tasks).length,
    );
  });

  it('links services to their networks with the VIP, and marks dnsrr', () => {
    const web = one(graph, 'service', 'web');
    const vipLabels = linksOf(graph, web.id)
      .filter((l) => l.kind === 'vip')
      .map((l) => l.label)
      .sort();
    expect(vipLabels).toEqual(lab.services[web.id]?.vips.map((v) => `VIP ${v.addr}`).sort());
    const vault = one(graph, 'service', 'vault');
    expect(vault.tags).toContain('dnsrr');
    expect(linksOf(graph, vault.id).find((l) => l.kind === 'vip')?.label).toBe('dnsrr');
    expect(web.lines[0]).toBe('4/4 running · VIP');
  });

  it('draws ingress paths: the port on every node → ingress network → VIP → tasks', () => {
    const ports = graph.nodes.filter((n) => n.kind === 'port' && n.name === ':5000');
    expect(ports.map((p) => p.host).sort()).toEqual(Object.keys(lab.nodes).sort());
    const ingress = one(graph, 'network', 'ingress');
    for (const port of ports) {
      expect(graph.links.find((l) => l.source === port.id)?.target).toBe(ingress.id);
    }
    const web = one(graph, 'service', 'web');
    const vip = graph.links.find((l) => l.source === web.id && l.target === ingress.id);
    expect(vip?.paths).toHaveLength(1);
    const members = graph.links.filter((l) => l.source === web.id && l.kind === 'member');
    expect(members).toHaveLength(4);
    expect(members.every((l) => l.paths.length === 1)).toBe(true);
  });

  it('draws the bridge port mapping host:port → container, and the port on the container', () => {
    const legacy = one(graph, 'container', 'legacy');
    expect(legacy.lines).toContain('8080→80/tcp');
    const port = graph.nodes.find((n) => n.kind === 'port' && n.name === ':8080');
    expect(port?.host).toBe(legacy.host);
    expect(graph.links.find((l) => l.source === port?.id)?.target).toBe(legacy.id);
  });

  it('draws the macvlan parent as an uplink', () => {
    const external = one(graph, 'network', 'external');
    const uplink = graph.nodes.find((n) => n.kind === 'uplink');
    expect(uplink?.name).toBe('eth1');
    expect(graph.links.find((l) => l.kind === 'uplink')).toMatchObject({
      source: external.id,
      target: uplink?.id,
    });
  });

  it('labels host and none endpoints without an IP', () => {
    const hostnet = one(graph, 'container', 'hostnet');
    expect(linksOf(graph, hostnet.id)[0]?.label).toBe('host stack');
    const isolated = one(graph, 'container', 'isolated');
    expect(linksOf(graph, isolated.id)[0]?.label).toBe('no network');
  });

  it('has stable ids and order', () => {
    const again = toGraph(lab, defaults);
    expect(again.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
    expect(again.links.map((l) => l.id)).toEqual(graph.links.map((l) => l.id));
  });

  it('every link joins two nodes of the graph, ids are unique', () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(ids.size).toBe(graph.nodes.length);
    expect(new Set(graph.links.map((l) => l.id)).size).toBe(graph.links.length);
    for (const link of graph.links) {
      expect(ids.has(link.source) && ids.has(link.target), link.id).toBe(true);
    }
  });
});

describe('stale engines', () => {
  it('marks the host region and what is on it stale, and nothing else', () => {
    const stale = buildTopology(
      labInventories(),
      { 'node-2': { reachable: false, stale: true, error: 'connection refused' } },
      2,
    );
    const graph = toGraph(stale, defaults);
    const node2 = hostId(stale, 'node-2');
    expect(graph.groups.find((g) => g.id === node2)?.stale).toBe(true);
    expect(graph.groups.filter((g) => g.stale)).toHaveLength(1);
    const onNode2 = graph.nodes.filter((n) => n.host === node2);
    expect(onNode2.length).toBeGreaterThan(0);
    expect(onNode2.every((n) => n.stale)).toBe(true);
    expect(graph.nodes.filter((n) => n.stale && n.host !== node2)).toEqual([]);
  });
});

describe('layers', () => {
  it('hides system networks, ingress paths and tasks', () => {
    const graph = toGraph(lab, {
      query: '',
      layers: { stopped: false, system: false, ingress: false, tasks: false, traffic: false },
    });
    expect(graph.nodes.some((n) => n.kind === 'network' && n.tags.includes('system'))).toBe(false);
    expect(graph.nodes.some((n) => n.kind === 'port')).toBe(false);
    expect(graph.nodes.some((n) => n.kind === 'task')).toBe(false);
    expect(graph.nodes.some((n) => n.kind === 'service' && n.name === 'web')).toBe(true);
    // A task's container does not come back as a plain container.
    expect(graph.nodes.some((n) => n.kind === 'container' && n.name.startsWith('web.'))).toBe(
      false,
    );
  });
});

describe('filters', () => {
  const q = (query: string) => toGraph(lab, { ...defaults, query });

  it('network: keeps the network, its members, and their networks as context', () => {
    const graph = q('network:appnet');
    const names = graph.nodes.filter((n) => !n.context).map((n) => `${n.kind}:${n.name}`);
    expect(names.sort()).toEqual(['container:client', 'container:web', 'network:appnet']);
    expect(graph.groups.map((g) => g.name)).toEqual(['node-1']);
  });

  it('driver:overlay matches overlays and what is on them', () => {
    const graph = q('driver:overlay');
    const matched = graph.nodes.filter((n) => !n.context);
    expect(
      matched
        .filter((n) => n.kind === 'network')
        .map((n) => n.name)
        .sort(),
    ).toEqual(['ingress', 'meta-globe', 'secure']);
    expect(matched.some((n) => n.kind === 'container')).toBe(false);
  });

  it('node:, service:, kind:, label: and negation', () => {
    expect(
      q('service:vault kind:task')
        .nodes.filter((n) => !n.context)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['vault.1', 'vault.2']);
    const node2 = q('node:node-2 kind:task').nodes.filter((n) => !n.context);
    expect(node2.every((n) => n.host === hostId(lab, 'node-2'))).toBe(true);
    expect(node2.length).toBeGreaterThan(0);
    expect(
      q('-kind:network -kind:port -kind:task -kind:uplink kind:container')
        .nodes.filter((n) => !n.context)
        .every((n) => n.kind === 'container'),
    ).toBe(true);
    expect(
      q('label:com.docker.swarm.service.name=vault')
        .nodes.filter((n) => !n.context)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['vault.1', 'vault.2']);
  });

  it('a bare word finds names, IPs and aliases', () => {
    expect(
      q('frontend')
        .nodes.filter((n) => !n.context)
        .map((n) => n.name),
    ).toEqual(['web']);
    expect(
      q('10.214.0.10')
        .nodes.filter((n) => !n.context)
        .map((n) => n.name),
    ).toEqual(['edge']);
  });

  it('an unmatched query leaves an empty map', () => {
    const graph = q('no-such-thing-anywhere');
    expect(graph.nodes).toHaveLength(0);
    expect(graph.groups).toHaveLength(0);
  });
});

describe('patches', () => {
  it('a patch that scales a service adds task nodes and keeps the others', () => {
    const before = toGraph(lab, defaults);
    const web = Object.values(lab.services).find((s) => s.name === 'web');
    const template = Object.values(lab.tasks).find(
      (t) => t.service === web?.id && t.state === 'running',
    );
    if (!web || !template) throw new Error('fixture');
    const next: Topology = {
      ...lab,
      version: 2,
      services: {
        ...lab.services,
        [web.id]: { ...web, replicas: { ...web.replicas, desired: 5, running: 5 } },
      },
      tasks: {
        ...lab.tasks,
        newtask: { ...template, id: 'newtask', name: 'web.5', slot: 5, containerId: null },
      },
    };
    const patched = applyPatch(lab, createPatch(lab, next));
    const after = toGraph(patched, defaults);
    const added = after.nodes.filter((n) => !before.nodes.some((b) => b.id === n.id));
    expect(added.map((n) => n.name)).toEqual(['web.5']);
    expect(after.nodes.find((n) => n.id === web.id)?.lines[0]).toBe('5/5 running · VIP');
  });
});
