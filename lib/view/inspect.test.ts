import { describe, expect, it } from 'vitest';

import type { DockerEvent } from '@/lib/docker/events';
import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';

import { toGraph } from './graph';
import { describeElement, matchingEvents, type InspectorModel } from './inspect';
import { DEFAULT_LAYERS } from './model';
import { toRows } from './rows';

const lab = buildTopology(labInventories(), {}, 1);
const graph = toGraph(lab, { query: '', layers: DEFAULT_LAYERS });

function section(model: InspectorModel | null, title: string) {
  const found = model?.sections.find((s) => s.title.startsWith(title));
  if (!found) throw new Error(`no section ${title}`);
  return found;
}

describe('describeElement', () => {
  it('a container: ids, image, and IP/MAC/aliases per network, as the engine reported them', () => {
    const web = Object.values(lab.containers).find((c) => c.name === 'web' && !c.service)!;
    const model = describeElement(lab, graph, web.id);
    expect(model?.title).toBe('web');
    expect(section(model, 'Container').fields).toEqual(
      expect.arrayContaining([
        ['container id', web.id],
        ['image', web.image],
      ]),
    );
    expect(section(model, 'Networks').table?.rows).toEqual(
      web.endpoints.map((e) => [
        e.networkName,
        e.ipv4 ?? '—',
        e.ipv6 ?? '—',
        e.mac ?? '—',
        e.aliases.join(', ') || '—',
      ]),
    );
    expect(section(model, 'DNS names').table?.rows).toEqual([['appnet', 'web, frontend']]);
  });

  it('a default-bridge container says there is no DNS there, and shows its ports', () => {
    const legacy = Object.values(lab.containers).find((c) => c.name === 'legacy')!;
    const model = describeElement(lab, graph, legacy.id);
    expect(section(model, 'DNS names').note).toMatch(/default bridge has no embedded DNS/);
    expect(section(model, 'Published ports').table?.rows).toEqual([['0.0.0.0:8080', '80', 'tcp']]);
  });

  it('a task: its service, node, state and its container merged in', () => {
    const task = Object.values(lab.tasks).find((t) => t.name === 'web.1' && t.state === 'running')!;
    const model = describeElement(lab, graph, task.id);
    expect(model?.kind).toBe('task');
    const fields = section(model, 'Task').fields ?? [];
    expect(fields).toEqual(
      expect.arrayContaining([
        ['task id', task.id],
        ['service', 'web'],
        ['state', 'running'],
      ]),
    );
    const dns = section(model, 'DNS names').table?.rows.map((r) => r[1] ?? '') ?? [];
    expect(dns.some((names) => names.includes('web → VIP') && names.includes('tasks.web'))).toBe(
      true,
    );
    expect(model?.events.ids.sort()).toEqual([task.id, task.containerId].sort());
  });

  it('a service: VIP per network, tasks and their nodes, DNS answers, env keys', () => {
    const web = Object.values(lab.services).find((s) => s.name === 'web')!;
    const model = describeElement(lab, graph, web.id);
    expect(section(model, 'Networks and VIPs').table?.rows).toEqual(
      expect.arrayContaining(web.vips.map((v) => [lab.networks[v.network]!.name, v.addr])),
    );
    const tasks = section(model, 'Tasks').table?.rows ?? [];
    expect(tasks.filter((row) => row[2] === 'running')).toHaveLength(4);
    const vault = Object.values(lab.services).find((s) => s.name === 'vault')!;
    const dns = section(describeElement(lab, graph, vault.id), 'DNS names').table?.rows ?? [];
    expect(dns.find((row) => row[1] === 'vault')?.[2]).toMatch(/^10\.0\.2\.\d+, 10\.0\.2\.\d+$/);
  });

  it('a network: subnet, gateway, endpoints with addresses, services with VIPs', () => {
    const meta = Object.values(lab.networks).find((n) => n.name === 'meta-globe')!;
    const model = describeElement(lab, graph, meta.id);
    expect(section(model, 'IPAM').table?.rows).toEqual([['10.0.1.0/24', '10.0.1.1', '—']]);
    expect(
      section(model, 'Services')
        .table?.rows.map((r) => r[0])
        .sort(),
    ).toEqual(['blue', 'orange', 'plumb', 'web']);
    expect(section(model, 'Endpoints').table?.rows.length).toBeGreaterThan(0);
  });

  it('a host, a port and an uplink', () => {
    const node1 = Object.values(lab.nodes).find((n) => n.hostname === 'node-1')!;
    expect(describeElement(lab, graph, node1.id)?.subtitle).toBe('swarm manager');
    const port = graph.nodes.find((n) => n.kind === 'port' && n.name === ':8080')!;
    expect(section(describeElement(lab, graph, port.id), 'Published port').fields).toContainEqual([
      'published',
      '8080/tcp',
    ]);
    const uplink = graph.nodes.find((n) => n.kind === 'uplink')!;
    expect(describeElement(lab, graph, uplink.id)?.title).toBe('eth1');
    expect(describeElement(lab, graph, 'nope')).toBeNull();
  });

  it('a swarm node no engine of which is read says its own containers are not visible, and why', () => {
    const partial = buildTopology(
      structuredClone(labInventories().filter((inventory) => inventory.engine !== 'node-2')),
      {},
      1,
      'No agent answers for this node at tasks.agent:9323.',
    );
    const node2 = Object.values(partial.nodes).find((n) => n.hostname === 'node-2')!;
    const model = describeElement(
      partial,
      toGraph(partial, { query: '', layers: DEFAULT_LAYERS }),
      node2.id,
    );
    expect(section(model, 'Swarm node').fields).toContainEqual([
      'own containers',
      'not visible: No agent answers for this node at tasks.agent:9323.',
    ]);
    expect(section(model, 'Swarm node').fields).toContainEqual(['engine', 'not connected']);
  });
});

describe('matchingEvents', () => {
  const event = (id: string, attributes: Record<string, string> = {}, time = 1): DockerEvent => ({
    engine: 'node-1',
    type: 'container',
    action: 'start',
    id,
    name: null,
    attributes,
    time,
    timeNano: time * 1e9,
  });

  it('finds events by actor, container attribute or swarm ids, newest first', () => {
    const events = [
      event('c1', {}, 1),
      event('net', { container: 'c1' }, 2),
      event('other', {}, 3),
      event('c9', { 'com.docker.swarm.service.id': 's1' }, 4),
    ];
    expect(matchingEvents({ ids: ['c1'] }, events).map((e) => e.time)).toEqual([2, 1]);
    expect(matchingEvents({ ids: ['s1'] }, events).map((e) => e.time)).toEqual([4]);
    expect(matchingEvents({ ids: [] }, events)).toEqual([]);
  });
});

describe('toRows', () => {
  const rows = toRows(graph, lab);

  it('has hosts first, then networks, services, tasks, containers', () => {
    const kinds = rows.map((r) => r.kind);
    expect(kinds.indexOf('node')).toBe(0);
    expect(kinds.lastIndexOf('node')).toBeLessThan(kinds.indexOf('network'));
    expect(kinds.lastIndexOf('network')).toBeLessThan(kinds.indexOf('service'));
  });

  it('lists addresses per network and the node', () => {
    const web = rows.find((r) => r.kind === 'container' && r.name === 'web')!;
    expect(web).toMatchObject({
      networks: 'appnet',
      addresses: 'appnet 172.19.0.2',
      node: 'node-1',
      state: 'running',
    });
    const service = rows.find((r) => r.kind === 'service' && r.name === 'web')!;
    expect(service.state).toBe('4/4 running');
    expect(service.addresses).toMatch(/ingress 10\.0\.0\.\d+/);
    const appnet = rows.find((r) => r.kind === 'network' && r.name === 'appnet')!;
    expect(appnet).toMatchObject({
      kindText: 'network · bridge',
      addresses: '172.19.0.0/16 gw 172.19.0.1',
    });
  });
});
