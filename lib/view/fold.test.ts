import { describe, expect, it } from 'vitest';

import { foldGraph, zoomLevel } from './fold';
import { toGraph } from './graph';
import { DEFAULT_LAYERS } from './model';
import { syntheticTopology } from './synthetic';

describe('semantic zoom', () => {
  it('folds below the overview scale', () => {
    expect(zoomLevel(0.2)).toBe('overview');
    expect(zoomLevel(1)).toBe('detail');
  });

  const graph = toGraph(syntheticTopology({ elements: 400, seed: 7 }), {
    query: '',
    layers: DEFAULT_LAYERS,
  });
  const folded = foldGraph(graph);

  it('folds tasks into their service and projects into one element', () => {
    expect(folded.nodes.some((n) => n.kind === 'task')).toBe(false);
    const projects = folded.nodes.filter((n) => n.kind === 'project');
    expect(projects.length).toBeGreaterThan(0);
    for (const task of graph.nodes.filter((n) => n.kind === 'task')) {
      const rep = folded.repOf.get(task.id);
      expect(rep === task.service || rep?.startsWith('project:stack:')).toBe(true);
    }
    const containers = graph.nodes.filter((n) => n.kind === 'container' && n.project);
    for (const container of containers) {
      expect(folded.repOf.get(container.id)).toBe(`project:${container.project}`);
    }
    expect(folded.nodes.length).toBeLessThan(graph.nodes.length / 2);
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
});
