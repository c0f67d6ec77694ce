import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';

import { parseSnapshot, type PortableSnapshot } from '@/lib/history/snapshot';
import { createLogger } from '@/server/logger';
import { createSnapshotCore } from '@/server/snapshot-core';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import { startLiveHarness, type LiveHarness, allEnginesLive } from '../support/live-harness';

/**
 * A portable snapshot exported from the lab (`GET /api/snapshot?at=`) opens in a server with no
 * engine at all (the core of `npm start -- --snapshot FILE`): the map streamed to a client and
 * `GET /api/topology` equal what was live at that moment, the events come along, changes are refused.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-snapshot-it-'));
const harnesses: LiveHarness[] = [];
let docker: Docker | null = null;
let networkId = '';

afterAll(async () => {
  if (docker && networkId)
    await docker
      .getNetwork(networkId)
      .remove()
      .catch(() => undefined);
  for (const harness of harnesses) await harness.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('portable snapshot', () => {
  it('exported from the lab, opens with no engine and shows the same map', async () => {
    const specs = labEngineSpecs();
    const live = await startLiveHarness(specs, { history: { dir: path.join(dir, 'history') } });
    harnesses.push(live);
    const client = await live.connect();
    await allEnginesLive(client, specs.length);
    const [manager] = specs;
    if (!manager) throw new Error('the lab has engines');
    docker = dockerFor(manager);
    const name = `h17-${uniqueName('snap')}`;
    const network = await docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      Labels: TEST_LABELS,
    });
    networkId = network.id;
    await waitFor('the network on the map', () => client.topology?.networks[network.id]);
    const { at, topology } = await waitFor(
      'a quiet moment',
      async () => {
        const held = client.topology;
        const moment = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 400));
        return client.topology === held && held ? { at: moment, topology: held } : null;
      },
      60_000,
      0,
    );

    const response = await live.api(`/api/snapshot?at=${new Date(at).toISOString()}&minutes=5`);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="portolan-snapshot-/,
    );
    const file = path.join(dir, 'snapshot.json');
    fs.writeFileSync(file, await response.text());
    const snapshot = parseSnapshot(fs.readFileSync(file, 'utf8')) as PortableSnapshot;
    expect(typeof snapshot).toBe('object');
    expect(snapshot.topology).toEqual(topology);
    expect(snapshot.events).toContainEqual(
      expect.objectContaining({ type: 'network', action: 'create', id: network.id }),
    );
    await live.close();
    harnesses.splice(0);

    // No engine: the snapshot's core, read-only, as `npm start -- --snapshot FILE` builds it.
    const logger = createLogger('warn', { service: 'test' });
    const offline = await startLiveHarness([], {
      readonly: true,
      core: createSnapshotCore(snapshot, logger, 'snapshot.json'),
    });
    harnesses.push(offline);
    // The session names the snapshot, for the pages' banner.
    expect(await (await offline.api('/api/session')).json()).toMatchObject({
      readonly: true,
      canMutate: false,
      snapshot: { file: 'snapshot.json', at: snapshot.at, exportedAt: snapshot.exportedAt },
    });
    const viewer = await offline.connect();
    expect(viewer.topology).toEqual(topology);
    expect(await (await offline.api('/api/topology')).json()).toEqual(topology);
    expect(viewer.topology?.networks[network.id]?.name).toBe(name);
    const events = (await (await offline.api('/api/events')).json()) as unknown;
    expect(JSON.stringify(events)).toContain(network.id);
    const change = await offline.api('/api/networks', {
      method: 'POST',
      json: { name: 'h17-refused', driver: 'bridge' },
    });
    expect(change.status).toBe(403);
  });

  it('refuses a file that is not a snapshot, saying why', () => {
    expect(parseSnapshot('{')).toBe('the file: not JSON');
    expect(parseSnapshot('{"format":"other"}')).toBe('format: not a Portolan snapshot');
    expect(
      parseSnapshot(
        '{"format":"portolan-snapshot","version":1,"at":"2026-12-03T00:00:00Z","exportedAt":"2026-12-03T00:00:00Z","eventsFrom":"2026-12-03T00:00:00Z","eventsTo":"2026-12-03T00:00:00Z","topology":{"version":1},"events":[]}',
      ),
    ).toMatch(/^topology\.engines: /);
  });
});
