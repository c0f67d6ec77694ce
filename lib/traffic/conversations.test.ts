import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { container, endpoint, network, recordedLab } from './__fixtures__/topology';
import { connectionsIn, createTrafficTracker, type NamespaceSockets } from './conversations';
import { parseSocketTable, type SocketEntry } from './proc-net';
import { indexAddresses, resolveRemote, sameAddresses } from './resolve';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

/** The four socket tables of one recorded namespace. */
function recordedSockets(name: string): SocketEntry[] {
  return [
    ...parseSocketTable(fixture(`${name}/tcp`), 'tcp', 4),
    ...parseSocketTable(fixture(`${name}/tcp6`), 'tcp', 6),
    ...parseSocketTable(fixture(`${name}/udp`), 'udp', 4),
    ...parseSocketTable(fixture(`${name}/udp6`), 'udp', 6),
  ];
}

const socket = (
  protocol: 'tcp' | 'udp',
  local: string,
  remote: string,
  state: SocketEntry['state'],
): SocketEntry => {
  const address = (text: string) => {
    const colon = text.lastIndexOf(':');
    return { ip: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  };
  return { protocol, local: address(local), remote: address(remote), state };
};

describe('resolveRemote', () => {
  const topology = recordedLab();
  const index = indexAddresses(topology);
  const client = topology.containers['cli-id']!;
  const task = topology.containers['web1-id']!;

  it('names a container by its address on a network both share', () => {
    expect(resolveRemote(index, client, '172.19.0.4')).toEqual({
      peer: { kind: 'container', id: 'srv-id', name: 't-tr-srv', ip: '172.19.0.4', task: null },
      network: { id: 'appnet-id', name: 'appnet' },
    });
  });

  it('names a task container by its task, a service by its VIP, a task without container', () => {
    const peer = (ip: string) => resolveRemote(index, task, ip)?.peer;
    expect(peer('10.0.1.14')).toMatchObject({ kind: 'container', id: 'web1-id', name: 'web.1' });
    expect(peer('10.0.1.2')).toMatchObject({ kind: 'service', id: 'web-svc', name: 'web' });
    expect(peer('10.0.1.15')).toMatchObject({ kind: 'task', id: 'web2-task', name: 'web.2' });
    expect(peer('10.0.1.4')).toMatchObject({ kind: 'node', id: 'node-1-id' });
  });

  it('does not name an address on a network the observer is not on', () => {
    // NOTE: 10.0.1.14 is web.1 on meta-globe; the client is only on appnet.
    expect(resolveRemote(index, client, '10.0.1.14')?.peer.kind).toBe('outside');
  });

  it('gives the node for a gateway or node address, the outside otherwise', () => {
    expect(resolveRemote(index, client, '172.19.0.1')).toMatchObject({
      peer: { kind: 'node', id: 'node-1-id', name: 'node-1' },
      network: { name: 'appnet' },
    });
    expect(resolveRemote(index, client, '10.99.0.11')?.peer).toMatchObject({ kind: 'node' });
    expect(resolveRemote(index, client, '172.19.0.77')?.peer).toMatchObject({ kind: 'unknown' });
    expect(resolveRemote(index, client, '192.0.2.1')?.peer).toEqual({
      kind: 'outside',
      id: 'address:192.0.2.1',
      name: '192.0.2.1',
      ip: '192.0.2.1',
      task: null,
    });
  });

  it('gives the outside for a macvlan network’s gateway (a router on the segment, not the node)', () => {
    const lab = recordedLab();
    const external = {
      ...network('ext-id', 'external', '10.214.0.0/24', '10.214.0.1'),
      driver: 'macvlan',
    };
    lab.networks['ext-id'] = external;
    const edge = container('edge-id', 'edge', [endpoint(external, '10.214.0.10')]);
    lab.containers['edge-id'] = edge;
    expect(resolveRemote(indexAddresses(lab), edge, '10.214.0.1')).toMatchObject({
      peer: { kind: 'outside', id: 'address:10.214.0.1' },
      network: { name: 'external' },
    });
  });

  it('draws nothing for loopback, the embedded DNS and unspecified addresses', () => {
    for (const ip of ['127.0.0.11', '127.0.0.1', '::1', '0.0.0.0']) {
      expect(resolveRemote(index, client, ip)).toBeNull();
    }
  });
});

describe('connectionsIn (recorded HTTP calls)', () => {
  const topology = recordedLab();
  const index = indexAddresses(topology);
  const server: NamespaceSockets = {
    container: topology.containers['srv-id']!,
    sockets: recordedSockets('http-server'),
  };
  const client: NamespaceSockets = {
    container: topology.containers['cli-id']!,
    sockets: recordedSockets('http-client'),
  };

  it('sees the client → server direction from the server side (it listens on 80)', () => {
    const connections = connectionsIn(index, server);
    expect(connections).toHaveLength(28);
    for (const connection of connections) {
      expect(connection).toMatchObject({
        from: { id: 'cli-id', name: 't-tr-cli' },
        to: { id: 'srv-id', name: 't-tr-srv' },
        network: { name: 'appnet' },
        port: 80,
        protocol: 'tcp',
        open: false,
      });
    }
  });

  it('sees the same direction from the client side, and the same keys for the same sockets', () => {
    const fromClient = connectionsIn(index, client);
    expect(fromClient).toHaveLength(14);
    expect(new Set(fromClient.map((c) => `${c.from.id}>${c.to.id}:${c.port}`))).toEqual(
      new Set(['cli-id>srv-id:80']),
    );
    const serverKeys = new Set(connectionsIn(index, server).map((c) => c.key));
    expect(fromClient.filter((c) => serverKeys.has(c.key)).length).toBeGreaterThan(0);
    expect(fromClient[0]?.key).toBe('tcp 172.19.0.5:48214 172.19.0.4:80');
  });

  it('leaves out DNS lookups to 127.0.0.11 (the only sockets besides HTTP)', () => {
    const lookups = [
      socket('udp', '127.0.0.1:40000', '127.0.0.11:53', 'established'),
      socket('udp', '172.19.0.5:40001', '0.0.0.0:0', 'close'),
    ];
    expect(connectionsIn(index, { container: client.container, sockets: lookups })).toEqual([]);
  });

  it('takes direction from bound UDP sockets; a connected UDP socket is a conversation', () => {
    const udpServer = [
      socket('udp', '0.0.0.0:5353', '0.0.0.0:0', 'close'),
      socket('udp', '172.19.0.4:5353', '172.19.0.5:40000', 'established'),
    ];
    const [seen] = connectionsIn(index, { container: server.container, sockets: udpServer });
    expect(seen).toMatchObject({
      from: { id: 'cli-id' },
      to: { id: 'srv-id' },
      port: 5353,
      protocol: 'udp',
      open: true,
    });
  });

  it('takes a connected UDP socket on a fixed port, talking to an ephemeral one, as the server (nc -u -l)', () => {
    const serverSide = [socket('udp', '172.19.0.4:9999', '172.19.0.5:41000', 'established')];
    const clientSide = [socket('udp', '172.19.0.5:41000', '172.19.0.4:9999', 'established')];
    const [fromServer] = connectionsIn(index, { container: server.container, sockets: serverSide });
    const [fromClient] = connectionsIn(index, { container: client.container, sockets: clientSide });
    expect(fromServer).toMatchObject({ from: { id: 'cli-id' }, to: { id: 'srv-id' }, port: 9999 });
    expect(fromClient).toMatchObject({ from: { id: 'cli-id' }, to: { id: 'srv-id' }, port: 9999 });
    expect(fromServer?.key).toBe(fromClient?.key);
  });

  it('with a memo, gives a closed socket once and an open one every time, across a new index', () => {
    const memo = {};
    const lingering = server.sockets;
    const open = socket('tcp', '172.19.0.4:80', '172.19.0.5:40404', 'established');
    expect(connectionsIn(index, { ...server, sockets: [...lingering, open] }, memo)).toHaveLength(
      29,
    );
    const again = connectionsIn(index, { ...server, sockets: [...lingering, open] }, memo);
    expect(again.map((c) => c.key)).toEqual(['tcp 172.19.0.5:40404 172.19.0.4:80']);
    // A topology change renews the index: the lingering sockets are still not news.
    const renewed = indexAddresses(recordedLab());
    expect(connectionsIn(renewed, { ...server, sockets: [...lingering, open] }, memo)).toHaveLength(
      1,
    );
    // The open one closes: its TIME_WAIT socket is a new line, given once.
    const closed = socket('tcp', '172.19.0.4:80', '172.19.0.5:40404', 'time-wait');
    const closing = connectionsIn(renewed, { ...server, sockets: [...lingering, closed] }, memo);
    expect(closing.map((c) => [c.key, c.open])).toEqual([
      ['tcp 172.19.0.5:40404 172.19.0.4:80', false],
    ]);
    expect(connectionsIn(renewed, { ...server, sockets: [...lingering, closed] }, memo)).toEqual(
      [],
    );
  });
});

describe('createTrafficTracker', () => {
  const appnet = network('n', 'appnet', '10.1.0.0/24', '10.1.0.1');
  const topology = recordedLab();
  topology.networks.n = appnet;
  topology.containers.a = container('a', 'a', [endpoint(appnet, '10.1.0.2')]);
  topology.containers.b = container('b', 'b', [endpoint(appnet, '10.1.0.3')]);
  const index = indexAddresses(topology);
  const call = (clientPort: number, state: SocketEntry['state']) =>
    connectionsIn(index, {
      container: topology.containers.a!,
      sockets: [socket('tcp', `10.1.0.2:${clientPort}`, '10.1.0.3:80', state)],
    });

  it('counts distinct connections over the window, once when both ends saw one', () => {
    const tracker = createTrafficTracker({ ageMs: 60_000, windowMs: 60_000 });
    const fromServer = connectionsIn(index, {
      container: topology.containers.b!,
      sockets: [
        socket('tcp', '10.1.0.3:80', '0.0.0.0:0', 'listen'),
        socket('tcp', '10.1.0.3:80', '10.1.0.2:50000', 'established'),
      ],
    });
    tracker.record([...call(50000, 'established'), ...fromServer], 1_000);
    tracker.record([...call(50000, 'time-wait'), ...call(50001, 'established')], 2_000);
    const [conversation] = tracker.conversations(2_000);
    expect(conversation).toMatchObject({
      id: 'tcp:a>b:80@n',
      from: { name: 'a' },
      to: { name: 'b' },
      network: { id: 'n', name: 'appnet' },
      connections: 2,
      open: 1,
      firstSeen: 1_000,
      lastSeen: 2_000,
    });
  });

  it('does not keep a conversation fresh with a connection lingering in TIME_WAIT', () => {
    const tracker = createTrafficTracker({ ageMs: 60_000, windowMs: 60_000 });
    tracker.record(call(50000, 'established'), 0);
    tracker.record(call(50000, 'time-wait'), 1_000);
    tracker.record(call(50000, 'time-wait'), 30_000);
    expect(tracker.conversations(30_000)[0]).toMatchObject({ lastSeen: 1_000, connections: 1 });
    // A short call that opened and closed between two samples is new, so it counts as talking.
    tracker.record(call(50001, 'time-wait'), 31_000);
    expect(tracker.conversations(31_000)[0]).toMatchObject({ lastSeen: 31_000, connections: 2 });
  });

  it('counts a closed connection for the window after it closed, however long it lingers', () => {
    const tracker = createTrafficTracker({ ageMs: 120_000, windowMs: 60_000 });
    tracker.record(call(50000, 'established'), 0);
    tracker.record(call(50000, 'time-wait'), 1_000);
    tracker.record(call(50000, 'time-wait'), 59_000);
    expect(tracker.conversations(59_000)[0]?.connections).toBe(1);
    tracker.record(call(50000, 'time-wait'), 61_500);
    expect(tracker.conversations(61_500)[0]).toMatchObject({ lastSeen: 1_000, connections: 0 });
  });

  it('keeps its counts right over random calls, closes and lingering (against a full recount)', () => {
    const tracker = createTrafficTracker({ ageMs: 20_000, windowMs: 10_000 });
    const lastSeen = new Map<number, number>();
    const wasOpen = new Map<number, boolean>();
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const states: SocketEntry['state'][] = ['established', 'time-wait'];
    for (let now = 0; now < 60_000; now += 1_000) {
      const observed = [];
      for (let i = 0; i < 6; i++) {
        // NOTE: the ports drift, so older connections stop being seen and are forgotten.
        const port = 50000 + Math.floor(now / 5_000) * 3 + Math.floor(random() * 8);
        const state = states[Math.floor(random() * 2)] ?? 'established';
        const open = state === 'established';
        if (open || !lastSeen.has(port) || wasOpen.get(port)) lastSeen.set(port, now);
        wasOpen.set(port, open);
        observed.push(...call(port, state));
      }
      tracker.record(observed, now);
      for (const [port, at] of lastSeen) if (at < now - 20_000) lastSeen.delete(port);
      const expected = [...lastSeen.values()].filter((at) => at >= now - 10_000).length;
      expect(tracker.conversations(now)[0]?.connections ?? 0).toBe(expected);
    }
  });

  it('forgets connections past the window and conversations past their age', () => {
    const tracker = createTrafficTracker({ ageMs: 10_000, windowMs: 5_000 });
    tracker.record(call(50000, 'established'), 0);
    tracker.record([], 4_000);
    expect(tracker.conversations(4_000)[0]?.connections).toBe(1);
    expect(tracker.conversations(4_000)[0]?.open).toBe(0);
    expect(tracker.conversations(6_000)[0]?.connections).toBe(0);
    tracker.record([], 10_001);
    expect(tracker.conversations(10_001)).toEqual([]);
  });
});

describe('sameAddresses', () => {
  it('holds across a change that moves no address, not across one that does', () => {
    const before = recordedLab();
    const health = structuredClone(before);
    const srv = health.containers['srv-id'];
    if (srv) srv.health = 'healthy';
    expect(sameAddresses(indexAddresses(before), indexAddresses(health))).toBe(true);
    const moved = structuredClone(before);
    const cli = moved.containers['cli-id'];
    if (cli?.endpoints[0]) cli.endpoints[0].ipv4 = '172.19.0.9';
    expect(sameAddresses(indexAddresses(before), indexAddresses(moved))).toBe(false);
    const stopped = structuredClone(before);
    if (stopped.containers['srv-id']) stopped.containers['srv-id'].state = 'exited';
    expect(sameAddresses(indexAddresses(before), indexAddresses(stopped))).toBe(false);
    const renamedNode = structuredClone(before);
    if (renamedNode.nodes['node-1-id']) renamedNode.nodes['node-1-id'].name = 'node-9';
    expect(sameAddresses(indexAddresses(before), indexAddresses(renamedNode))).toBe(false);
  });
});
