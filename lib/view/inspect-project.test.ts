import { describe, expect, it } from 'vitest';

import {
  byName,
  container,
  endpoint,
  network,
  topology as handMade,
} from '@/lib/discovery/__fixtures__/hand-made';
import { stackRecording } from '@/lib/discovery/__fixtures__/stack-lab';

import { toGraph } from './graph';
import { describeElement, type InspectorModel } from './inspect';
import { parseProjectKey } from './inspect-project';
import { DEFAULT_LAYERS } from './model';

/* The inspector's page for a swarm stack and for a compose project. */

function section(model: InspectorModel | null, title: string) {
  const found = model?.sections.find((s) => s.title.startsWith(title));
  if (!found) throw new Error(`no section ${title}`);
  return found;
}

describe('parseProjectKey', () => {
  it('reads stack: and compose: ids, and nothing else', () => {
    expect(parseProjectKey('stack:shop')).toEqual({
      kind: 'stack',
      name: 'shop',
      key: 'stack:shop',
    });
    expect(parseProjectKey('compose:pantry')).toMatchObject({ kind: 'compose', name: 'pantry' });
    expect(parseProjectKey('stack:')).toBeNull();
    expect(parseProjectKey('project:stack:shop')).toBeNull();
    expect(parseProjectKey('4f2a9c')).toBeNull();
  });
});

describe('a swarm stack (recorded in the lab)', () => {
  const { topology } = stackRecording('steady');
  const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
  const model = describeElement(topology, graph, 'stack:fxstk');

  it('lists its services, its own networks and the ports it publishes', () => {
    expect(model).toMatchObject({ id: 'stack:fxstk', kind: 'stack', title: 'fxstk' });
    expect(model?.subtitle).toBe('swarm stack · 3 services · 2 networks');
    const services = section(model, 'Services (3)');
    expect(services.table?.rows.map((row) => row[0])).toEqual([
      'fxstk_api',
      'fxstk_cache',
      'fxstk_front',
    ]);
    expect(services.links).toEqual(
      ['fxstk_api', 'fxstk_cache', 'fxstk_front'].map((n) => byName(topology.services, n).id),
    );
    expect(section(model, 'Networks (2)').table?.rows).toEqual([
      ['fxstk_core', 'overlay', 'swarm', 'its own'],
      ['fxstk_edge', 'overlay', 'swarm', 'its own'],
    ]);
    const ports = section(model, 'Published ports');
    expect(ports.table?.rows).toHaveLength(1);
    expect(ports.table?.rows[0]?.slice(1)).toEqual(['80/tcp', 'fxstk_front', 'ingress']);
    expect(section(model, 'Volumes').note).toBe('No named volumes.');
    // fxstk-kv and fxstk-slow are on fxstk_core but belong to no stack
    expect(section(model, 'Shares networks with').note).toMatch(/No other stack/);
  });

  it('is null for a stack nobody deployed', () => {
    expect(describeElement(topology, graph, 'stack:nothing-here')).toBeNull();
  });
});

describe('a compose project with a sidecar, an external network and a volume', () => {
  const label = (project: string, service: string) => ({
    'com.docker.compose.project': project,
    'com.docker.compose.service': service,
  });
  const topology = handMade({
    swarm: false,
    networks: [
      network('pantry_back', { labels: { 'com.docker.compose.project': 'pantry' } }),
      network('shared'),
    ],
    containers: [
      container('api', {
        name: 'pantry_api_1',
        composeProject: 'pantry',
        labels: label('pantry', 'api'),
        endpoints: [
          endpoint('pantry_back', '172.20.0.2', ['catalog']),
          endpoint('shared', '172.18.0.2'),
        ],
        volumes: ['pantry_data'],
      }),
      container('probe', {
        name: 'pantry_probe_1',
        composeProject: 'pantry',
        labels: label('pantry', 'probe'),
        networkMode: 'container:api',
      }),
      container('front', {
        name: 'pantry_front_1',
        composeProject: 'pantry',
        labels: label('pantry', 'front'),
        endpoints: [endpoint('pantry_back', '172.20.0.3')],
        ports: [{ hostIp: '0.0.0.0', hostPort: 8081, containerPort: 80, protocol: 'tcp' }],
      }),
      container('other', {
        name: 'larder_db_1',
        composeProject: 'larder',
        labels: label('larder', 'db'),
        endpoints: [endpoint('shared', '172.18.0.3')],
      }),
    ],
  });
  const model = describeElement(topology, null, 'compose:pantry');

  it('lists its containers with their compose service, the sidecar said so', () => {
    expect(model?.kind).toBe('project');
    expect(model?.subtitle).toBe('compose project · 3 containers on n1');
    expect(section(model, 'Containers (3)').table?.rows).toEqual([
      ['pantry_api_1', 'api', 'running', 'n1', ''],
      ['pantry_front_1', 'front', 'running', 'n1', ''],
      ['pantry_probe_1', 'probe', 'running', 'n1', "shares pantry_api_1's network namespace"],
    ]);
  });

  it('tells its own networks from external ones, and who else is on them', () => {
    expect(section(model, 'Networks (2)').table?.rows).toEqual([
      ['pantry_back', 'bridge', 'n1', 'its own'],
      ['shared', 'bridge', 'n1', 'external'],
    ]);
    const sharing = section(model, 'Shares networks with (1)');
    expect(sharing.table?.rows).toEqual([['larder', 'compose project', 'shared']]);
    expect(sharing.links).toEqual(['compose:larder']);
  });

  it('lists its volumes and published ports', () => {
    expect(section(model, 'Volumes (1)').table?.rows).toEqual([['pantry_data', 'pantry_api_1']]);
    expect(section(model, 'Published ports (1)').table?.rows).toEqual([
      ['8081', '80/tcp', 'pantry_front_1', '-p on n1'],
    ]);
  });
});
