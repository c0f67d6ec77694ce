import { describe, expect, it } from 'vitest';

import { labInventories } from '@/lib/topology/__fixtures__/lab';
import { buildTopology } from '@/lib/topology/build';

import { countsText } from './counts';
import { DEFAULT_LAYERS, type ViewGraph } from './model';
import { HIDE_DEFAULT_NETWORKS, talksToQuery, togglePreset } from './presets';
import { searchGraph } from './search';

const lab = buildTopology(labInventories(), {}, 1);
const search = (query: string) => searchGraph(lab, { query, layers: DEFAULT_LAYERS });
const hostOf = (name: string) =>
  Object.values(lab.nodes).find((node) => node.hostname === name)?.id;

/** `kind:name` of the matches (not the context), sorted. */
const matches = (graph: ViewGraph) =>
  graph.nodes
    .filter((node) => !node.context)
    .map((node) => `${node.kind}:${node.name}`)
    .sort();

describe('the search language on the recorded lab', () => {
  it('node:node-2 counts the 3 tasks node-2 runs, the others of their services are context', () => {
    const graph = search('node:node-2');
    const tasks = graph.nodes.filter((node) => node.kind === 'task' && !node.context);
    expect(tasks.map((task) => task.name).sort()).toEqual(['plumb.1', 'web.1', 'web.4']);
    expect(tasks.every((task) => task.host === hostOf('node-2'))).toBe(true);
    expect(countsText(graph)).toContain('3 tasks');
    expect(countsText(graph)).toMatch(/\+\d+ as context$/);
    expect(countsText(search(''))).not.toContain('context');
  });

  it.each([
    ['network:appnet', ['container:client', 'container:web', 'network:appnet']],
    ['driver:macvlan', ['container:edge', 'network:external', 'uplink:eth1']],
    ['name:=web', ['container:web', 'service:web']],
    ['kind:service state:1/1', ['service:blue', 'service:orange', 'service:plumb']],
    ['port:8080', ['port::8080']],
    [
      'kind:container label:portolan.seed=true -network:appnet',
      ['container:edge', 'container:hostnet', 'container:isolated', 'container:legacy'],
    ],
    ['name:=client OR name:=legacy', ['container:client', 'container:legacy']],
    ['name:=client,=legacy', ['container:client', 'container:legacy']],
    ['stack:nothing-here', []],
  ])('%s', (query, expected) => {
    expect(matches(search(query))).toEqual(expected);
  });

  it('an unknown key is ignored by the matching (the box says so)', () => {
    expect(search('bogus:zzz').nodes).toHaveLength(search('').nodes.length);
  });

  it('hide: removes what it matches and every edge to it; the rest stays', () => {
    const all = search('');
    const hidden = search(HIDE_DEFAULT_NETWORKS);
    const defaults = all.nodes.filter(
      (node) =>
        node.kind === 'network' &&
        ['bridge', 'host', 'none', 'docker_gwbridge'].includes(node.name),
    );
    expect(defaults).toHaveLength(12);
    const gone = new Set(defaults.map((node) => node.id));
    expect(hidden.nodes.map((node) => node.id)).toEqual(
      all.nodes.filter((node) => !gone.has(node.id)).map((node) => node.id),
    );
    expect(hidden.links.some((link) => gone.has(link.source) || gone.has(link.target))).toBe(false);
    expect(hidden.groups.flatMap((group) => group.members).some((id) => gone.has(id))).toBe(false);
    expect(hidden.nodes.some((node) => node.name === 'ingress')).toBe(true);
    expect(hidden.nodes.some((node) => node.name === 'hostnet')).toBe(true);
  });

  it('find and hide together: appnet without its web container', () => {
    expect(matches(search('network:appnet hide:name:=web'))).toEqual([
      'container:client',
      'network:appnet',
    ]);
  });
});

describe('presets', () => {
  it('toggle their terms in and out of the query', () => {
    const on = togglePreset('web', HIDE_DEFAULT_NETWORKS);
    expect(on).toBe(`web ${HIDE_DEFAULT_NETWORKS}`);
    expect(togglePreset(on, HIDE_DEFAULT_NETWORKS)).toBe('web');
  });

  it('"Only what talks to X" keeps what shares a network with X', () => {
    const all = search('');
    const client = all.nodes.find((node) => node.name === 'client');
    const appnet = all.nodes.find((node) => node.name === 'appnet');
    const query = talksToQuery(all, client?.id ?? null);
    expect(query).toBe('network:=appnet');
    expect(talksToQuery(all, appnet?.id ?? null)).toBe('network:=appnet');
    expect(matches(search(query ?? ''))).toEqual([
      'container:client',
      'container:web',
      'network:appnet',
    ]);
    expect(talksToQuery(all, null)).toBeNull();
    expect(talksToQuery(all, 'no-such-id')).toBeNull();
  });
});
