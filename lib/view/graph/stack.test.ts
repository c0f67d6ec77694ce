import { describe, expect, it } from 'vitest';

import { byName } from '@/lib/discovery/__fixtures__/hand-made';
import { stackRecording } from '@/lib/discovery/__fixtures__/stack-lab';
import { toGraph } from '@/lib/view/graph';

import { DEFAULT_LAYERS, type GraphOptions, type ViewGraph } from '../model';
import { taskStatus } from './status';

/* The map of the stack recorded in the lab (lib/discovery/__fixtures__/stack-lab.ts). */

const defaults: GraphOptions = { query: '', layers: { ...DEFAULT_LAYERS } };

const nodeNamed = (graph: ViewGraph, name: string) => {
  const found = graph.nodes.find((node) => node.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
};

describe('a scale-down inside the grace period, on the map', () => {
  const { topology } = stackRecording('stopping');
  const graph = toGraph(topology, defaults);
  const slow = byName(topology.services, 'fxstk-slow');

  it('draws the stopping tasks without the stopped layer, marked and said to be stopping', () => {
    const tasks = graph.nodes.filter((node) => node.kind === 'task' && node.service === slow.id);
    expect(tasks).toHaveLength(3);
    const stopping = tasks.filter((node) => node.tags.includes('stopping'));
    expect(stopping).toHaveLength(2);
    for (const node of stopping) {
      expect(node.status).toBe('off');
      expect(node.lines).toEqual(['stopping']);
    }
    const running = tasks.find((node) => !node.tags.includes('stopping'))!;
    expect(running).toMatchObject({ status: 'ok', lines: ['busybox:latest'] });
  });

  it('counts them on the service: running against desired, then what is stopping', () => {
    expect(nodeNamed(graph, 'fxstk-slow').lines[0]).toBe('1/1 running · 2 stopping · VIP');
    expect(nodeNamed(graph, 'fxstk-kv').lines[0]).toBe('0/0 running · 1 stopping · VIP');
    expect(nodeNamed(graph, 'fxstk-slow').status).toBe('ok');
  });

  it('a stopping task is off whatever its state; without a desired state, as before', () => {
    expect(taskStatus({ state: 'running', desiredState: 'remove' })).toBe('off');
    expect(taskStatus({ state: 'running', desiredState: 'shutdown' })).toBe('off');
    expect(taskStatus({ state: 'running', desiredState: 'running' })).toBe('ok');
    expect(taskStatus({ state: 'starting', desiredState: 'running' })).toBe('warn');
  });
});

describe('service aliases on the map', () => {
  const { topology } = stackRecording('steady');
  const graph = toGraph(topology, defaults);
  const core = byName(topology.networks, 'fxstk_core');
  const vipLink = (service: string) =>
    graph.links.find(
      (link) =>
        link.kind === 'vip' &&
        link.source === byName(topology.services, service).id &&
        link.target === core.id,
    )!;

  it('label the service’s link to each network: VIP or dnsrr, then the aliases there', () => {
    const front = byName(topology.services, 'fxstk_front');
    const vip = front.vips.find((entry) => entry.network === core.id)!.addr;
    expect(vipLink('fxstk_front').label).toBe(`VIP ${vip} · front`);
    expect(vipLink('fxstk_cache').label).toBe('dnsrr · redis, cache');
    expect(vipLink('fxstk-kv').label).toMatch(/^VIP [\d.]+ · kv, store$/);
  });

  it('a bare search for an alias finds its service', () => {
    const found = toGraph(topology, { ...defaults, query: 'redis' });
    expect(found.nodes.filter((node) => !node.context).map((node) => node.name)).toContain(
      'fxstk_cache',
    );
  });
});

describe('a container sharing another network namespace, on the map', () => {
  const { topology } = stackRecording('steady');
  const graph = toGraph(topology, defaults);
  const side = byName(topology.containers, 'fxstk-side');
  const host = byName(topology.containers, 'fxstk-host');

  it('is joined to its owner, not to networks, and clusters with it', () => {
    const links = graph.links.filter((link) => link.source === side.id || link.target === side.id);
    expect(links).toEqual([expect.objectContaining({ source: host.id, target: side.id })]);
    const node = nodeNamed(graph, 'fxstk-side');
    expect(node.tags).toContain('shared-namespace');
    expect(node.lines).toContain('network of fxstk-host');
    expect(node.cluster).toBe(nodeNamed(graph, 'fxstk-host').cluster);
    expect(node.cluster).toBe(byName(topology.networks, 'fxstk-br').id);
  });

  it("is found by its owner's network and address", () => {
    for (const query of ['network:fxstk-br', host.endpoints[0]!.ipv4!]) {
      const found = toGraph(topology, { ...defaults, query });
      const names = found.nodes.filter((node) => !node.context).map((node) => node.name);
      expect(names, query).toEqual(expect.arrayContaining(['fxstk-host', 'fxstk-side']));
    }
  });
});
