import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cidrsOverlap, formatCidr, parseCidr } from '@/lib/ip/cidr';
import type { Topology, TopologyNetwork } from '@/lib/topology/types';

import {
  TEST_LABELS,
  dockerFor,
  labEngineSpecs,
  uniqueName,
  waitFor,
} from '../support/lab-engines';
import {
  TEST_TOKENS,
  startLiveHarness,
  type LiveHarness,
  type RecordingClient,
} from '../support/live-harness';

/**
 * The networks API against the lab: creates of each driver, connect and disconnect, removal with
 * and without disconnecting, refusals (each a 400 naming the field, the engines unchanged), the
 * engine's own 404 and 409, access checks, and 503 for an unreachable engine. Every change is
 * checked twice: in the Engine API, and in the topology streamed to a socket.io client.
 *
 * NOTE: other suites use the lab at the same time; this one touches only objects it made (names
 * `t-na-…`, label portolan.test=true) and tolerates anything else coming and going.
 */
const PREFIX = 'na';
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
const WAIT_MS = 15_000;

let harness: LiveHarness;
let client: RecordingClient;
const docker: Record<string, Docker> = {};
const made = { networks: [] as [string, string][], containers: [] as [string, string][] };
const takenSubnets: string[] = [];

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string; fields?: Record<string, string> };
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

/**
 * Sends a change, again while the server's rate limit answers 429 (this suite makes more changes
 * than its burst allows). NOTE: a 429 takes no token, so polling does not prolong the wait.
 */
function unlimited(send: () => Promise<Response>): Promise<Answer> {
  return waitFor(
    'the rate limit to let the change through',
    async () => {
      const response = await send();
      if (response.status === 429) {
        await response.body?.cancel();
        return null;
      }
      return answer(response);
    },
    30_000,
    200,
  );
}

function call(method: 'POST' | 'DELETE', path: string, json?: unknown): Promise<Answer> {
  return unlimited(() => harness.api(path, { method, ...(json === undefined ? {} : { json }) }));
}

function engine(name: string): Docker {
  const found = docker[name];
  if (!found) throw new Error(`no engine ${name}`);
  return found;
}

function topology(): Topology {
  if (!client.topology) throw new Error('no topology streamed yet');
  return client.topology;
}

/** A /24 in 10.220–239.x.0 that overlaps nothing any engine holds, nor any this run took. */
function freeSubnet(): { subnet: string; base: string } {
  const existing = Object.values(harness.hub.snapshot().networks).flatMap((network) =>
    network.subnets.map((subnet) => subnet.subnet),
  );
  for (let attempt = 0; attempt < 500; attempt++) {
    const base = `10.${220 + Math.floor(Math.random() * 20)}.${Math.floor(Math.random() * 256)}`;
    const subnet = `${base}.0/24`;
    const mine = parseCidr(subnet);
    if (!mine.ok) continue;
    const clash = [...existing, ...takenSubnets].some((other) => {
      const theirs = parseCidr(other, { lenient: true });
      return theirs.ok && cidrsOverlap(mine.value, theirs.value);
    });
    if (!clash) {
      takenSubnets.push(subnet);
      return { subnet, base };
    }
  }
  throw new Error('no free /24 in 10.220.0.0/14');
}

async function createNetwork(
  body: Record<string, unknown>,
): Promise<{ id: string; engine: string }> {
  const created = await call('POST', '/api/networks', {
    ...body,
    labels: { ...TEST_LABELS, ...(body.labels as object | undefined) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const on = created.body.engine as string;
  made.networks.push([on, id]);
  expect(created.body).toEqual({ id, name: body.name, engine: on });
  return { id, engine: on };
}

async function runContainer(
  on: string,
  networkMode?: string,
): Promise<{ id: string; name: string }> {
  const name = uniqueName(`${PREFIX}-box`);
  const container = await engine(on).createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: SLEEP_CMD,
    Labels: TEST_LABELS,
    ...(networkMode ? { HostConfig: { NetworkMode: networkMode } } : {}),
  });
  made.containers.push([on, container.id]);
  await container.start();
  await waitFor(`${name} in the streamed topology`, () =>
    client.topology?.containers[container.id]?.state === 'running' ? true : null,
  );
  return { id: container.id, name };
}

function streamedNetwork(id: string): Promise<TopologyNetwork> {
  return waitFor(
    `network ${id} in the streamed topology`,
    () => client.topology?.networks[id],
    WAIT_MS,
  );
}

async function streamedNetworkGone(id: string): Promise<void> {
  await waitFor(
    `network ${id} gone from the streamed topology`,
    () => !client.topology?.networks[id],
    WAIT_MS,
  );
}

async function engineHasNoNetwork(on: string, id: string): Promise<void> {
  const status = await engine(on)
    .getNetwork(id)
    .inspect()
    .then(
      () => 200,
      (error: { statusCode?: number }) => error.statusCode,
    );
  expect(status).toBe(404);
}

/** An engine with eth1 free for `driver` (the engine allows one such network per parent). */
function engineWithFreeParent(driver: 'macvlan' | 'ipvlan', not: string[] = []): string {
  const free = ['node-2', 'node-3'].find(
    (name) =>
      !not.includes(name) &&
      !Object.values(topology().networks).some(
        (network) =>
          network.driver === driver &&
          network.parent === 'eth1' &&
          network.nodes.includes(topology().engines[name]?.node ?? '?'),
      ),
  );
  if (!free) throw new Error(`no worker has eth1 free for ${driver}`);
  return free;
}

/** Removes what this suite left behind in a crashed earlier run (names `t-na-…` only). */
async function pruneOwnLeftovers(): Promise<void> {
  const filters = { label: ['portolan.test=true'] };
  for (const [, client] of Object.entries(docker)) {
    for (const container of await client.listContainers({ all: true, filters })) {
      if (!container.Names.some((name) => name.startsWith(`/t-${PREFIX}-`))) continue;
      await client
        .getContainer(container.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  }
  for (const [, client] of Object.entries(docker)) {
    for (const network of await client.listNetworks({ filters })) {
      if (!network.Name.startsWith(`t-${PREFIX}-`)) continue;
      await client
        .getNetwork(network.Id)
        .remove()
        .catch(() => undefined);
    }
  }
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  for (const spec of specs) docker[spec.name] = dockerFor(spec);
  await pruneOwnLeftovers();
  harness = await startLiveHarness(specs);
  client = await harness.connect();
  await waitFor(
    'every lab engine live, with the seeded networks',
    () =>
      client.health.length === specs.length &&
      client.health.every((engine) => engine.reachable) &&
      Object.values(client.topology?.networks ?? {}).some((network) => network.name === 'external'),
    30_000,
  );
});

afterAll(async () => {
  for (const [on, id] of made.containers) {
    await docker[on]
      ?.getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const [on, id] of made.networks.reverse()) {
    await docker[on]
      ?.getNetwork(id)
      .remove()
      .catch(() => undefined);
  }
  await harness?.close();
});

describe('POST /api/networks creates each driver', () => {
  it('a bridge with every field, built only from what was asked, labelled as Portolan’s', async () => {
    const { subnet, base } = freeSubnet();
    const name = uniqueName(`${PREFIX}-br`);
    const bridgeName = `ptl${Math.random().toString(36).slice(2, 8)}`;
    const options = {
      'com.docker.network.bridge.name': bridgeName,
      'com.docker.network.bridge.enable_icc': 'true',
      'com.docker.network.driver.mtu': '1400',
    };
    const { id, engine: on } = await createNetwork({
      name,
      driver: 'bridge',
      subnet,
      gateway: `${base}.254`,
      ipRange: `${base}.128/25`,
      internal: true,
      labels: { team: 'portolan' },
      options,
      engine: 'node-2',
    });
    expect(on).toBe('node-2');

    const inspect = await engine('node-2').getNetwork(id).inspect();
    expect(inspect).toMatchObject({
      Name: name,
      Driver: 'bridge',
      Scope: 'local',
      Internal: true,
      Attachable: false,
      EnableIPv6: false,
      Options: options,
      Labels: { 'com.portolan.managed': 'true', 'portolan.test': 'true', team: 'portolan' },
    });
    expect(inspect.IPAM?.Config).toEqual([
      { Subnet: subnet, Gateway: `${base}.254`, IPRange: `${base}.128/25` },
    ]);

    const streamed = await streamedNetwork(id);
    expect(streamed).toMatchObject({
      name,
      driver: 'bridge',
      internal: true,
      subnets: [{ subnet, gateway: `${base}.254`, ipRange: `${base}.128/25` }],
      nodes: [topology().engines['node-2']?.node],
    });
  });

  it('an encrypted attachable overlay, sent to the manager when a worker is named', async () => {
    const { subnet } = freeSubnet();
    const name = uniqueName(`${PREFIX}-ovl`);
    const { id, engine: on } = await createNetwork({
      name,
      driver: 'overlay',
      subnet,
      attachable: true,
      encrypted: true,
      engine: 'node-3',
    });
    expect(on).toBe('node-1');
    // NOTE: the manager's allocator fills Options (the vxlan id) just after the create returns and
    // says so with a `network update` event; on a busy machine an inspect can come first and read
    // Options null. Wait for the allocation, as the map does through that event.
    const inspect = await waitFor(
      `overlay ${name} allocated by the manager`,
      async () => {
        const read = await engine('node-1').getNetwork(id).inspect();
        return read.Options ? read : null;
      },
      WAIT_MS,
    );
    expect(inspect).toMatchObject({ Name: name, Scope: 'swarm', Attachable: true });
    expect(inspect.Options).toEqual({
      encrypted: '',
      'com.docker.network.driver.overlay.vxlanid_list': expect.any(String) as string,
    });
    expect(await streamedNetwork(id)).toMatchObject({
      scope: 'swarm',
      encrypted: true,
      attachable: true,
      subnets: [{ subnet }],
    });
  });

  it('a macvlan on eth1 of a node where eth1 is free', async () => {
    const on = engineWithFreeParent('macvlan');
    const { subnet } = freeSubnet();
    const name = uniqueName(`${PREFIX}-mv`);
    const { id } = await createNetwork({
      name,
      driver: 'macvlan',
      parent: 'eth1',
      subnet,
      options: { macvlan_mode: 'bridge' },
      engine: on,
    });
    const inspect = await engine(on).getNetwork(id).inspect();
    expect(inspect).toMatchObject({
      Driver: 'macvlan',
      Options: { parent: 'eth1', macvlan_mode: 'bridge' },
    });
    expect(await streamedNetwork(id)).toMatchObject({ driver: 'macvlan', parent: 'eth1' });
  });

  it('an ipvlan on eth1 (the engine offers it; this kernel has no ipvlan links to attach)', async () => {
    const on = engineWithFreeParent('ipvlan');
    const { subnet } = freeSubnet();
    const name = uniqueName(`${PREFIX}-iv`);
    const { id } = await createNetwork({
      name,
      driver: 'ipvlan',
      parent: 'eth1',
      subnet,
      options: { ipvlan_mode: 'l2' },
      engine: on,
    });
    const inspect = await engine(on).getNetwork(id).inspect();
    expect(inspect).toMatchObject({
      Driver: 'ipvlan',
      Options: { parent: 'eth1', ipvlan_mode: 'l2' },
    });
    expect(await streamedNetwork(id)).toMatchObject({ driver: 'ipvlan', parent: 'eth1' });
  });
});

describe('connect, disconnect and remove', () => {
  it('connects with an alias and a static address, then disconnects', async () => {
    const { subnet, base } = freeSubnet();
    const name = uniqueName(`${PREFIX}-cn`);
    const { id } = await createNetwork({ name, driver: 'bridge', subnet, engine: 'node-2' });
    const box = await runContainer('node-2');
    const address = `${base}.77`;

    const connected = await call('POST', `/api/networks/${name}/connect`, {
      container: box.name,
      aliases: ['api-alias'],
      ipv4: address,
    });
    expect(connected).toEqual({
      status: 200,
      body: { network: { id, name }, container: { id: box.id, name: box.name }, engine: 'node-2' },
    });
    const settings = (await engine('node-2').getContainer(box.id).inspect()).NetworkSettings
      .Networks[name];
    expect(settings?.IPAddress).toBe(address);
    expect(settings?.IPAMConfig?.IPv4Address).toBe(address);
    expect(settings?.Aliases).toContain('api-alias');
    await waitFor(
      'the endpoint with its address and alias in the streamed topology',
      () => {
        const endpoint = client.topology?.containers[box.id]?.endpoints.find(
          (candidate) => candidate.network === id,
        );
        return endpoint?.ipv4 === address && endpoint.aliases.includes('api-alias');
      },
      WAIT_MS,
    );

    // The address is now taken: refused from the topology before any engine call.
    const second = await runContainer('node-2');
    const taken = await call('POST', `/api/networks/${id}/connect`, {
      container: second.id,
      ipv4: address,
    });
    expect(taken.status).toBe(400);
    expect(taken.body.fields?.ipv4).toContain(`already used by container ${box.name}`);

    const again = await call('POST', `/api/networks/${name}/connect`, { container: box.name });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain('already exists in network');

    const disconnected = await call('POST', `/api/networks/${name}/disconnect`, {
      container: box.name,
    });
    expect(disconnected.status).toBe(200);
    const after = await engine('node-2').getContainer(box.id).inspect();
    expect(after.NetworkSettings.Networks[name]).toBeUndefined();
    await waitFor(
      'the endpoint gone from the streamed topology',
      () =>
        client.topology?.containers[box.id]?.endpoints.every((endpoint) => endpoint.network !== id),
      WAIT_MS,
    );

    const notConnected = await call('POST', `/api/networks/${name}/disconnect`, {
      container: box.name,
    });
    expect(notConnected.status).toBe(409);
    expect(notConnected.body.error).toContain('is not connected');
  });

  it('refuses to remove a bridge with containers attached, then disconnects them first', async () => {
    const name = uniqueName(`${PREFIX}-rm`);
    const { id } = await createNetwork({ name, driver: 'bridge', engine: 'node-2' });
    const box = await runContainer('node-2');
    expect((await call('POST', `/api/networks/${id}/connect`, { container: box.id })).status).toBe(
      200,
    );

    const refused = await call('DELETE', `/api/networks/${name}?engine=node-2`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(`${box.name} (node-2)`);
    expect(refused.body.error).toContain('?disconnect=1');
    expect(refused.body.attached).toEqual([{ id: box.id, name: box.name, engine: 'node-2' }]);
    expect((await engine('node-2').getNetwork(id).inspect()).Id).toBe(id);

    const removed = await call('DELETE', `/api/networks/${name}?engine=node-2&disconnect=1`);
    expect(removed).toEqual({
      status: 200,
      body: {
        id,
        name,
        engine: 'node-2',
        disconnected: [{ id: box.id, name: box.name, engine: 'node-2' }],
      },
    });
    await engineHasNoNetwork('node-2', id);
    await streamedNetworkGone(id);
    expect((await engine('node-2').getContainer(box.id).inspect()).State.Running).toBe(true);
  });

  it('connects a worker’s container to an overlay by name, and removes the overlay through the manager', async () => {
    const name = uniqueName(`${PREFIX}-ov2`);
    const { id } = await createNetwork({ name, driver: 'overlay', attachable: true });
    const box = await runContainer('node-3');
    const connected = await call('POST', `/api/networks/${name}/connect`, {
      container: box.name,
      aliases: ['worker-alias'],
    });
    expect(connected.status, JSON.stringify(connected.body)).toBe(200);
    expect(connected.body.engine).toBe('node-3');
    const settings = (await engine('node-3').getContainer(box.id).inspect()).NetworkSettings
      .Networks[name];
    expect(settings?.NetworkID).toBe(id);
    expect(settings?.Aliases).toContain('worker-alias');
    await waitFor(
      'the worker endpoint on the overlay in the streamed topology',
      () =>
        client.topology?.containers[box.id]?.endpoints.some((endpoint) => endpoint.network === id),
      WAIT_MS,
    );

    const refused = await call('DELETE', `/api/networks/${name}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(`${box.name} (node-3)`);

    const removed = await call('DELETE', `/api/networks/${id}?disconnect=true`);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.engine).toBe('node-1');
    expect(removed.body.disconnected).toEqual([{ id: box.id, name: box.name, engine: 'node-3' }]);
    await engineHasNoNetwork('node-1', id);
    await streamedNetworkGone(id);
  });
});

describe('the engine’s own answers pass through', () => {
  it('404 for a network or container no engine has', async () => {
    const ghost = uniqueName(`${PREFIX}-ghost`);
    const missing = await call('DELETE', `/api/networks/${ghost}`);
    expect(missing).toEqual({ status: 404, body: { error: `network ${ghost} not found` } });

    const name = uniqueName(`${PREFIX}-nf`);
    await createNetwork({ name, driver: 'bridge', engine: 'node-2' });
    const noContainer = await call('POST', `/api/networks/${name}/connect`, {
      container: ghost,
      engine: 'node-2',
    });
    expect(noContainer).toEqual({ status: 404, body: { error: `No such container: ${ghost}` } });
  });

  it('409 for a name taken on the engine', async () => {
    const name = uniqueName(`${PREFIX}-dup`);
    await createNetwork({ name, driver: 'bridge', engine: 'node-2' });
    const duplicate = await call('POST', '/api/networks', {
      name,
      driver: 'bridge',
      engine: 'node-2',
      labels: TEST_LABELS,
    });
    expect(duplicate).toEqual({
      status: 409,
      body: { error: `network with name ${name} already exists` },
    });
  });

  it('400 for a local name several engines share, and for Docker’s own networks', async () => {
    const ambiguous = await call('DELETE', '/api/networks/bridge');
    expect(ambiguous.status).toBe(400);
    // NOTE: every lab engine has its own `bridge`, the standalone node-4 too.
    expect(ambiguous.body.fields?.engine).toContain(
      'bridge names 4 networks (on node-1, node-2, node-3, node-4)',
    );
    const own = await call('DELETE', '/api/networks/bridge?engine=node-2');
    expect(own.status).toBe(400);
    expect(own.body.fields?.network).toContain('Docker creates itself');
  });
});

describe('refusals', () => {
  let listBefore: Record<string, string[]>;
  const attempted = new Set<string>();
  let target: {
    name: string;
    id: string;
    subnet: string;
    base: string;
    box: string;
    isolated: string;
  };

  /**
   * Each engine's networks as sorted ids: local ones on every engine, swarm ones on the manager
   * (a worker lists an overlay only while it has tasks on it). Networks other suites made
   * (label portolan.test, not named by this suite) are left out: they may come and go meanwhile.
   */
  async function networkLists(): Promise<Record<string, string[]>> {
    const lists: Record<string, string[]> = {};
    for (const [name, client] of Object.entries(docker)) {
      const networks = await client.listNetworks();
      lists[name] = networks
        .filter((network) => name === 'node-1' || network.Scope !== 'swarm')
        .filter(
          (network) =>
            network.Labels?.['portolan.test'] !== 'true' ||
            network.Name.startsWith(`t-${PREFIX}-`) ||
            attempted.has(network.Name),
        )
        .map((network) => network.Id)
        .sort();
    }
    return lists;
  }

  beforeAll(async () => {
    const { subnet, base } = freeSubnet();
    const name = uniqueName(`${PREFIX}-bad`);
    const { id } = await createNetwork({ name, driver: 'bridge', subnet, engine: 'node-2' });
    const box = await runContainer('node-2');
    const isolated = await runContainer('node-2', 'none');
    await streamedNetwork(id);
    target = { name, id, subnet, base, box: box.name, isolated: isolated.name };
    listBefore = await networkLists();
  });

  const raw =
    (body: string, contentType = 'application/json') =>
    () =>
      unlimited(() =>
        harness.api('/api/networks', {
          method: 'POST',
          body,
          headers: { 'content-type': contentType },
        }),
      );
  const create = (body: Record<string, unknown>) => () => {
    if (typeof body.name === 'string') attempted.add(body.name);
    return call('POST', '/api/networks', body);
  };
  /** The first half of the ingress network's subnet, whatever the swarm gave it. */
  const ingressSubnet = () => {
    const ingress = Object.values(topology().networks).find((network) => network.ingress);
    const subnet = parseCidr(ingress?.subnets[0]?.subnet ?? '', { lenient: true });
    if (!subnet.ok) throw new Error('the ingress network has no subnet');
    return formatCidr({ ...subnet.value, prefix: subnet.value.prefix + 1 });
  };
  const ok = () => ({ name: uniqueName(`${PREFIX}-x`), engine: 'node-2', labels: TEST_LABELS });

  const cases: [string, () => Promise<Answer>, string, string][] = [
    [
      'a name with a space',
      create({ ...ok(), driver: 'bridge', name: 't-na bad' }),
      'name',
      'Letters, digits',
    ],
    [
      'a name starting with "-"',
      create({ ...ok(), driver: 'bridge', name: '-t-na' }),
      'name',
      'starting with a letter or digit',
    ],
    [
      'Docker’s own name',
      create({ ...ok(), driver: 'bridge', name: 'host' }),
      'name',
      'its own network',
    ],
    [
      'a 129-character name',
      create({ ...ok(), driver: 'bridge', name: `t-na-${'x'.repeat(124)}` }),
      'name',
      'At most 128',
    ],
    [
      'a name that is a number',
      create({ ...ok(), driver: 'bridge', name: 42 }),
      'name',
      'Give a name',
    ],
    ['no driver', create({ ...ok() }), 'driver', 'Choose bridge, overlay, macvlan or ipvlan'],
    [
      'an unknown driver',
      create({ ...ok(), driver: 'weave' }),
      'driver',
      'Choose bridge, overlay, macvlan or ipvlan',
    ],
    [
      'a subnet without prefix length',
      create({ ...ok(), driver: 'bridge', subnet: '10.231.0.0' }),
      'subnet',
      'address/length',
    ],
    [
      'a subnet with a bad octet',
      create({ ...ok(), driver: 'bridge', subnet: '10.300.0.0/16' }),
      'subnet',
      '10.300.0.0 is not an IP address',
    ],
    [
      'a subnet with host bits',
      create({ ...ok(), driver: 'bridge', subnet: '10.231.0.5/24' }),
      'subnet',
      'did you mean 10.231.0.0/24?',
    ],
    [
      'a subnet overlapping the macvlan external on node-1',
      create({ ...ok(), driver: 'bridge', engine: 'node-1', subnet: '10.214.0.128/25' }),
      'subnet',
      'overlaps 10.214.0.0/24 of network external (macvlan on node-1)',
    ],
    [
      'a subnet overlapping node-2’s default bridge',
      create({ ...ok(), driver: 'bridge', subnet: '172.17.2.0/25' }),
      'subnet',
      'of network bridge (bridge on node-2)',
    ],
    [
      'an overlay subnet inside ingress',
      () => create({ ...ok(), driver: 'overlay', engine: undefined, subnet: ingressSubnet() })(),
      'subnet',
      'of network ingress (overlay, swarm)',
    ],
    [
      'a gateway outside the subnet',
      create({ ...ok(), driver: 'bridge', subnet: '10.231.0.0/24', gateway: '10.231.1.1' }),
      'gateway',
      'outside the subnet 10.231.0.0/24',
    ],
    [
      'a gateway without a subnet',
      create({ ...ok(), driver: 'bridge', gateway: '10.231.0.1' }),
      'gateway',
      'Set subnet first',
    ],
    [
      'an IP range outside the subnet',
      create({ ...ok(), driver: 'bridge', subnet: '10.231.0.0/24', ipRange: '10.231.8.0/25' }),
      'ipRange',
      'not inside the subnet',
    ],
    [
      'an IPv6 gateway outside its subnet',
      create({
        ...ok(),
        driver: 'bridge',
        ipv6Subnet: 'fd00:231::/64',
        ipv6Gateway: 'fd00:232::1',
      }),
      'ipv6Gateway',
      'outside the subnet',
    ],
    [
      'macvlan without a parent',
      create({ ...ok(), driver: 'macvlan' }),
      'parent',
      'macvlan needs a parent interface',
    ],
    [
      'a second macvlan on node-1’s eth1',
      create({
        ...ok(),
        driver: 'macvlan',
        engine: 'node-1',
        parent: 'eth1',
        subnet: '10.231.0.0/24',
      }),
      'parent',
      'already the parent of macvlan network external',
    ],
    [
      'an encrypted bridge',
      create({ ...ok(), driver: 'bridge', encrypted: true }),
      'encrypted',
      'Only overlay networks can be encrypted',
    ],
    [
      'an attachable bridge',
      create({ ...ok(), driver: 'bridge', attachable: true }),
      'attachable',
      'Only overlay networks are attachable',
    ],
    [
      'an unknown driver option',
      create({
        ...ok(),
        driver: 'bridge',
        options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' },
      }),
      'options.com.docker.network.bridge.inhibit_ipv4',
      'not an option of the bridge driver',
    ],
    [
      'parent smuggled in as an option',
      create({ ...ok(), driver: 'macvlan', parent: 'eth1.77', options: { parent: 'eth0' } }),
      'options.parent',
      'Set the parent field instead',
    ],
    [
      'a bad MTU',
      create({ ...ok(), driver: 'bridge', options: { 'com.docker.network.driver.mtu': 'big' } }),
      'options.com.docker.network.driver.mtu',
      '68 to 65535',
    ],
    [
      'internal as a text',
      create({ ...ok(), driver: 'bridge', internal: 'yes' }),
      'internal',
      'internal is true or false',
    ],
    [
      'labels as a list',
      create({ ...ok(), driver: 'bridge', labels: ['portolan.test=true'] }),
      'labels',
      'Labels are an object',
    ],
    [
      'Portolan’s own label',
      create({ ...ok(), driver: 'bridge', labels: { 'com.portolan.managed': 'false' } }),
      'labels.com.portolan.managed',
      'reserved',
    ],
    [
      'an unknown field',
      create({ ...ok(), driver: 'bridge', privileged: true }),
      'privileged',
      'Unknown field: privileged',
    ],
    [
      'Docker’s own IPAM field',
      create({ ...ok(), driver: 'bridge', IPAM: { Driver: 'evil' } }),
      'IPAM',
      'Unknown field: IPAM',
    ],
    [
      'an unknown engine',
      create({ ...ok(), driver: 'bridge', engine: 'node-9' }),
      'engine',
      'No engine named node-9',
    ],
    [
      'a bridge without an engine',
      create({ ...ok(), driver: 'bridge', engine: undefined }),
      'engine',
      'Choose the engine',
    ],
    [
      'an oversized body',
      raw(
        JSON.stringify({ name: 't-na-big', driver: 'bridge', labels: { big: 'x'.repeat(70_000) } }),
      ),
      '_',
      'larger than 65536 bytes',
    ],
    ['a body that is not JSON', raw('{"name": "t-na-broken",'), '_', 'not valid JSON'],
    [
      'a body sent as text/plain',
      raw('{"name":"t-na-text","driver":"bridge"}', 'text/plain'),
      '_',
      'Content-Type: application/json',
    ],
    [
      'a body that is a list',
      raw('[{"name":"t-na-list","driver":"bridge"}]'),
      '_',
      'Send the network as a JSON object',
    ],
    [
      'connect: an address outside the subnet',
      () =>
        call('POST', `/api/networks/${target.name}/connect`, {
          container: target.box,
          ipv4: '10.99.0.5',
        }),
      'ipv4',
      'is outside',
    ],
    [
      'connect: the gateway’s address',
      () =>
        call('POST', `/api/networks/${target.name}/connect`, {
          container: target.box,
          ipv4: `${target.base}.1`,
        }),
      'ipv4',
      'already used by the gateway',
    ],
    [
      'connect: a bad alias',
      () =>
        call('POST', `/api/networks/${target.name}/connect`, {
          container: target.box,
          aliases: ['no spaces'],
        }),
      'aliases.0',
      'dot-separated',
    ],
    [
      'connect: Docker’s own endpoint field',
      () =>
        call('POST', `/api/networks/${target.name}/connect`, {
          container: target.box,
          EndpointConfig: { IPAMConfig: {} },
        }),
      'EndpointConfig',
      'Unknown field',
    ],
    [
      'connect: a container with --network none',
      () => call('POST', `/api/networks/${target.name}/connect`, { container: target.isolated }),
      'container',
      'runs with --network none',
    ],
    [
      'remove: an unknown query parameter',
      () => call('DELETE', `/api/networks/${target.name}?engine=node-2&force=1`),
      'force',
      'Unknown field: force',
    ],
  ];

  it.each(cases)('%s → 400 naming the field', async (_what, send, field, message) => {
    const refused = await send();
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.fields?.[field], JSON.stringify(refused.body)).toContain(message);
    expect(refused.body.error).toBeTruthy();
  });

  it('left every engine’s network list as it was', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(await networkLists()).toEqual(listBefore);
    const endpoints = (await engine('node-2').getNetwork(target.id).inspect()).Containers ?? {};
    expect(Object.keys(endpoints)).toEqual([]);
  });
});

describe('access', () => {
  const body = () => ({
    name: uniqueName(`${PREFIX}-acl`),
    driver: 'bridge',
    engine: 'node-2',
    labels: TEST_LABELS,
  });
  const routes: [string, 'POST' | 'DELETE', () => unknown][] = [
    ['/api/networks', 'POST', body],
    ['/api/networks/t-na-anything', 'DELETE', () => undefined],
    ['/api/networks/t-na-anything/connect', 'POST', () => ({ container: 'x' })],
    ['/api/networks/t-na-anything/disconnect', 'POST', () => ({ container: 'x' })],
  ];

  it.each(routes)(
    '%s (%s) refuses the viewer token and a foreign origin',
    async (path, method, json) => {
      const before = (await engine('node-2').listNetworks()).length;
      const payload = json();
      const viewer = await answer(
        await harness.api(path, {
          method,
          ...(payload === undefined ? {} : { json: payload }),
          headers: { authorization: `Bearer ${TEST_TOKENS.viewer}` },
        }),
      );
      expect(viewer).toEqual({
        status: 403,
        body: { error: 'The viewer token may not change anything.' },
      });
      const foreign = await answer(
        await harness.api(path, {
          method,
          ...(payload === undefined ? {} : { json: payload }),
          headers: { origin: 'http://evil.example' },
        }),
      );
      expect(foreign).toEqual({
        status: 403,
        body: { error: 'Cross-origin request from http://evil.example refused.' },
      });
      expect((await engine('node-2').listNetworks()).length).toBeLessThanOrEqual(before);
    },
  );
});

describe('an unreachable engine', () => {
  it('answers 503', async () => {
    const lonely = await startLiveHarness([
      {
        name: 'node-x',
        address: { kind: 'unix', socketPath: '/nonexistent/portolan/docker.sock' },
      },
    ]);
    try {
      await waitFor('node-x known and unreachable', () =>
        lonely.hub.snapshot().engines['node-x']?.reachable === false ? true : null,
      );
      const create = await answer(
        await lonely.api('/api/networks', {
          method: 'POST',
          json: { name: uniqueName(`${PREFIX}-down`), driver: 'bridge', labels: TEST_LABELS },
        }),
      );
      expect(create.status).toBe(503);
      expect(create.body.error).toContain('Engine node-x is unreachable');
      const remove = await answer(
        await lonely.api('/api/networks/t-na-anything', { method: 'DELETE' }),
      );
      expect(remove.status).toBe(503);
      expect(remove.body.error).toContain('node-x is unreachable');
    } finally {
      await lonely.close();
    }
  });
});
