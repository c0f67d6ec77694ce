import { describe, expect, it } from 'vitest';

import { labEvents, type LabEngine } from '@/lib/topology/__fixtures__/lab';

import { edited, normalized, recorded, type RawEvent } from './__fixtures__/recorded-events';
import { isNoiseEvent, normalizeDockerEvent, type DockerEvent } from './events';
import { invalidationKey, invalidationsFor, type Invalidation } from './invalidations';

describe('invalidationsFor', () => {
  const webCreateOnWorker = recorded('node-2', 'container', 'create');
  const taskService = webCreateOnWorker.Actor.Attributes['com.docker.swarm.service.id'] ?? '';
  const legacyStart = recorded('node-1', 'container', 'start', 'legacy');
  const appnetConnect = recorded('node-1', 'network', 'connect', 'appnet');
  const metaGlobeCreate = recorded('node-1', 'network', 'create', 'meta-globe');
  const webServiceUpdate = recorded('node-1', 'service', 'update', 'web');
  const vaultServiceCreate = recorded('node-1', 'service', 'create', 'vault');
  const nodeUpdate = recorded('node-1', 'node', 'update', 'node-2');

  const cases: [string, LabEngine, RawEvent & Record<string, unknown>, Invalidation[]][] = [
    [
      'task container create on a worker: the container and its service tasks',
      'node-2',
      webCreateOnWorker,
      [
        { kind: 'container', engine: 'node-2', id: webCreateOnWorker.Actor.ID, removed: false },
        { kind: 'tasks', engine: 'node-2', serviceId: taskService },
      ],
    ],
    [
      'plain container start: the container',
      'node-1',
      legacyStart,
      [{ kind: 'container', engine: 'node-1', id: legacyStart.Actor.ID, removed: false }],
    ],
    [
      'container destroy (edited): removal, no inspect',
      'node-1',
      edited(legacyStart, 'destroy'),
      [{ kind: 'container', engine: 'node-1', id: legacyStart.Actor.ID, removed: true }],
    ],
    [
      'task container die (edited): the container and its service tasks',
      'node-2',
      edited(webCreateOnWorker, 'die'),
      [
        { kind: 'container', engine: 'node-2', id: webCreateOnWorker.Actor.ID, removed: false },
        { kind: 'tasks', engine: 'node-2', serviceId: taskService },
      ],
    ],
    [
      'health status (edited): the container',
      'node-1',
      edited(legacyStart, 'health_status: healthy'),
      [{ kind: 'container', engine: 'node-1', id: legacyStart.Actor.ID, removed: false }],
    ],
    ['exec noise: nothing', 'node-1', recorded('node-1', 'container', 'exec_die'), []],
    [
      'network connect: the network and the container',
      'node-1',
      appnetConnect,
      [
        { kind: 'network', engine: 'node-1', id: appnetConnect.Actor.ID, removed: false },
        {
          kind: 'container',
          engine: 'node-1',
          id: appnetConnect.Actor.Attributes.container ?? '',
          removed: false,
        },
      ],
    ],
    [
      'network disconnect (edited): the network and the container',
      'node-1',
      edited(appnetConnect, 'disconnect'),
      [
        { kind: 'network', engine: 'node-1', id: appnetConnect.Actor.ID, removed: false },
        {
          kind: 'container',
          engine: 'node-1',
          id: appnetConnect.Actor.Attributes.container ?? '',
          removed: false,
        },
      ],
    ],
    [
      'swarm network create: the network',
      'node-1',
      metaGlobeCreate,
      [{ kind: 'network', engine: 'node-1', id: metaGlobeCreate.Actor.ID, removed: false }],
    ],
    [
      'network destroy (edited): read again, an overlay outlives its local instance',
      'node-1',
      edited(metaGlobeCreate, 'destroy'),
      [{ kind: 'network', engine: 'node-1', id: metaGlobeCreate.Actor.ID, removed: false }],
    ],
    [
      'swarm network remove (edited): removal',
      'node-1',
      edited(metaGlobeCreate, 'remove'),
      [{ kind: 'network', engine: 'node-1', id: metaGlobeCreate.Actor.ID, removed: true }],
    ],
    [
      'service create: the service and its tasks',
      'node-1',
      vaultServiceCreate,
      [
        { kind: 'service', engine: 'node-1', id: vaultServiceCreate.Actor.ID, removed: false },
        { kind: 'tasks', engine: 'node-1', serviceId: vaultServiceCreate.Actor.ID },
      ],
    ],
    [
      'service update: the service and its tasks',
      'node-1',
      webServiceUpdate,
      [
        { kind: 'service', engine: 'node-1', id: webServiceUpdate.Actor.ID, removed: false },
        { kind: 'tasks', engine: 'node-1', serviceId: webServiceUpdate.Actor.ID },
      ],
    ],
    [
      'service remove (edited): removal (its tasks go with it)',
      'node-1',
      edited(webServiceUpdate, 'remove'),
      [{ kind: 'service', engine: 'node-1', id: webServiceUpdate.Actor.ID, removed: true }],
    ],
    [
      'node update: the node',
      'node-1',
      nodeUpdate,
      [{ kind: 'node', engine: 'node-1', id: nodeUpdate.Actor.ID, removed: false }],
    ],
    ['image tag: nothing', 'node-1', recorded('node-1', 'image', 'tag'), []],
    ['image import: nothing', 'node-2', recorded('node-2', 'image', 'import'), []],
    ['volume create: nothing', 'node-1', recorded('node-1', 'volume', 'create'), []],
    ['volume mount: nothing', 'node-2', recorded('node-2', 'volume', 'mount'), []],
    [
      'daemon reload (edited from an image event): re-read info',
      'node-3',
      { ...edited(recorded('node-3', 'image', 'tag'), 'reload'), Type: 'daemon' },
      [{ kind: 'info', engine: 'node-3' }],
    ],
  ];

  it.each(cases)('%s', (_name, engine, raw, expected) => {
    expect(invalidationsFor(normalized(engine, raw))).toEqual(expected);
  });
});

describe('invalidationKey', () => {
  it('is one key per object, whatever happened to it', () => {
    const start: Invalidation = { kind: 'container', engine: 'node-1', id: 'c1', removed: false };
    const destroy: Invalidation = { ...start, removed: true };
    expect(invalidationKey(start)).toBe(invalidationKey(destroy));
  });

  it('tells apart the same local id on two engines', () => {
    const a: Invalidation = { kind: 'network', engine: 'node-1', id: 'n1', removed: false };
    expect(invalidationKey(a)).not.toBe(invalidationKey({ ...a, engine: 'node-2' }));
  });

  it('merges swarm objects reported by different engines', () => {
    const a: Invalidation = { kind: 'tasks', engine: 'node-2', serviceId: 's1' };
    expect(invalidationKey(a)).toBe(invalidationKey({ ...a, engine: 'node-3' }));
    const b: Invalidation = { kind: 'service', engine: 'node-1', id: 's1', removed: false };
    expect(invalidationKey(b)).not.toBe(invalidationKey(a));
  });

  it('batches the recorded seeding into one read per object', () => {
    const invalidations = labEvents('node-1')
      .map((raw) => normalizeDockerEvent('node-1', raw))
      .filter((event): event is DockerEvent => event !== null && !isNoiseEvent(event))
      .flatMap(invalidationsFor);
    const keys = new Set(invalidations.map(invalidationKey));
    expect(keys.size).toBeLessThan(invalidations.length);
    expect([...keys].filter((key) => key.startsWith('service:'))).toHaveLength(5);
  });
});
