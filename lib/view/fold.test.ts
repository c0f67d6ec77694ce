import { describe, expect, it } from 'vitest';

import { syntheticTopology } from '@/test/support/synthetic-topology';

import { foldGraph, zoomLevel } from './fold';
import { toGraph } from './graph';
import { DEFAULT_LAYERS } from './model';

describe('semantic zoom', () => {
  it('folds below the overview scale, and further below the far scale', () => {
    expect(zoomLevel(0.1)).toBe('far');
    expect(zoomLevel(0.3)).toBe('overview');
    expect(zoomLevel(1)).toBe('detail');
  });

  const graph = toGraph(syntheticTopology({ elements: 400, seed: 7 }), {
    query: '',
    layers: DEFAULT_LAYERS,
  });
  const folded = foldGraph(graph);

  it('folds the tasks of a service on one node, and a compose project on one node', () => {
    const tasks = graph.nodes.filter((n) => n.kind === 'task');
    for (const task of tasks) {
      const alone = tasks.filter((t) => t.service === task.service && t.host === task.host);
      // A lone task of its service on its node stays as it is.
      expect(folded.repOf.get(task.id)).toBe(
        alone.length > 1 ? `fold:tasks:${task.service}:${task.host}` : undefined,
      );
    }
    const group = folded.nodes.find((n) => n.id.startsWith('fold:tasks:'));
    expect(group?.name).toMatch(/^svc-\d+ ×\d+$/);
    expect(group?.host).not.toBeNull();
    const containers = graph.nodes.filter((n) => n.kind === 'container' && n.project);
    for (const container of containers) {
      const rep = folded.repOf.get(container.id);
      if (rep) expect(rep).toBe(`project:${container.project}:${container.host}`);
    }
    expect(folded.nodes.some((n) => n.tags.includes('stack'))).toBe(true);
    expect(folded.nodes.length).toBeLessThan(graph.nodes.length / 2);
  });

  it('links a service to its task groups, once per node', () => {
    const group = folded.nodes.find((n) => n.id.startsWith('fold:tasks:'))!;
    const service = folded.repOf.get(group.service ?? '') ?? group.service;
    expect(folded.links.filter((l) => l.source === service && l.target === group.id)).toHaveLength(
      1,
    );
  });

  it('keeps networks, and reroutes links to what is drawn, once per pair', () => {
    expect(folded.nodes.filter((n) => n.kind === 'network')).toHaveLength(
      graph.nodes.filter((n) => n.kind === 'network').length,
    );
    const ids = new Set(folded.nodes.map((n) => n.id));
    const seen = new Set<string>();
    for (const link of folded.links) {
      expect(ids.has(link.source) && ids.has(link.target)).toBe(true);
      expect(link.source).not.toBe(link.target);
      expect(seen.has(link.id)).toBe(false);
      seen.add(link.id);
    }
  });

  it('does not touch the graph it folds', () => {
    const again = toGraph(syntheticTopology({ elements: 400, seed: 7 }), {
      query: '',
      layers: DEFAULT_LAYERS,
    });
    expect(graph).toEqual(again);
  });

  it('far out, tasks fold all the way into their service', () => {
    const far = foldGraph(graph, 'far');
    for (const task of graph.nodes.filter((n) => n.kind === 'task')) {
      const rep = far.repOf.get(task.id);
      const service = task.service ?? '';
      expect(rep === service || rep === far.repOf.get(service)).toBe(true);
    }
    expect(far.nodes.some((n) => n.id.startsWith('fold:tasks:'))).toBe(false);
    expect(far.nodes.length).toBeLessThan(folded.nodes.length);
  });

  it("far out, a node's published ports fold into one element, linked once to what they lead to", () => {
    const ports = graph.nodes.filter((n) => n.kind === 'port');
    expect(ports.length).toBeGreaterThan(2);
    // Not in the overview: a port there is still its own pill.
    expect(ports.every((port) => !folded.repOf.has(port.id))).toBe(true);
    const far = foldGraph(graph, 'far');
    for (const port of ports) {
      const alone = ports.filter((p) => p.host === port.host).length === 1;
      expect(far.repOf.get(port.id)).toBe(alone ? undefined : `fold:ports:${port.host}`);
    }
    const fold = far.nodes.find((n) => n.id.startsWith('fold:ports:'));
    const members = ports.filter((p) => `fold:ports:${p.host}` === fold?.id);
    expect(fold).toMatchObject({
      kind: 'project',
      name: `ports ×${members.length}`,
      lines: [`published ports · ${members.length} ports`],
      tags: ['ports'],
      host: members[0]?.host,
    });
    const from = far.links.filter((l) => l.source === fold?.id);
    expect(from.length).toBeGreaterThan(0);
    expect(new Set(from.map((l) => l.target)).size).toBe(from.length);
    expect(far.nodes.some((n) => n.kind === 'port')).toBe(false);
  });
});
