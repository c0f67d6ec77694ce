import { describe, expect, it } from 'vitest';

import type { Topology } from '@/lib/topology/types';

import type { LinkKind, ViewKind, ViewLink, ViewNode } from '../model';
import { assignClusters, sizeHubs } from './clusters';

function node(id: string, kind: ViewKind, tags: string[] = []): ViewNode {
  return {
    id,
    kind,
    ref: id,
    name: id,
    lines: [],
    host: null,
    cluster: kind === 'network' ? id : null,
    status: 'ok',
    stale: false,
    context: false,
    style: null,
    tags,
    service: null,
    project: null,
    refs: [id],
    r: 9,
  };
}

function link(source: string, target: string, kind: LinkKind): ViewLink {
  return { id: `${source}->${target}`, source, target, kind, label: '', network: null, paths: [] };
}

const topology = {
  networks: { bridge: { system: true }, appnet: { system: false } },
} as unknown as Topology;

describe('assignClusters', () => {
  it('gathers a member at its own network rather than a system one', () => {
    const nodes = [node('bridge', 'network'), node('appnet', 'network'), node('web', 'container')];
    const links = [link('web', 'bridge', 'endpoint'), link('web', 'appnet', 'endpoint')];
    assignClusters(topology, nodes, links);
    expect(nodes.map((n) => n.cluster)).toEqual(['bridge', 'appnet', 'appnet']);
  });

  it('falls back to a system network, and lets what has none follow its links', () => {
    const nodes = [
      node('bridge', 'network'),
      node('legacy', 'container'),
      node('port', 'port'),
      node('svc', 'service'),
      node('task', 'task'),
    ];
    const links = [
      link('legacy', 'bridge', 'endpoint'),
      link('port', 'legacy', 'publish'),
      link('svc', 'task', 'member'),
      link('task', 'bridge', 'endpoint'),
    ];
    assignClusters(topology, nodes, links);
    expect(Object.fromEntries(nodes.map((n) => [n.id, n.cluster]))).toEqual({
      bridge: 'bridge',
      legacy: 'bridge',
      port: 'bridge',
      svc: 'bridge',
      task: 'bridge',
    });
  });
});

describe('sizeHubs', () => {
  it('grows networks with their degree and services with their tasks', () => {
    const quiet = node('quiet', 'network', ['system']);
    const busy = node('busy', 'network');
    const svc = node('svc', 'service');
    const tasks = ['t1', 't2', 't3', 't4'].map((id) => node(id, 'task'));
    const links = [
      ...tasks.map((t) => link(t.id, 'busy', 'endpoint')),
      ...tasks.map((t) => link('svc', t.id, 'member')),
    ];
    sizeHubs([quiet, busy, svc, ...tasks], links);
    expect(quiet.r).toBe(10);
    expect(busy.r).toBeCloseTo(14 + 2 * 2.2);
    expect(svc.r).toBeCloseTo(13 + 2 * 2.2);
    expect(tasks.every((t) => t.r === 9)).toBe(true);
  });
});
