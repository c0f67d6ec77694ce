import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { parseSocketTable } from '@/lib/traffic/proc-net';

import { tablesInUse } from '@/lib/traffic/proc-net';

import { createNamespaceReader } from './netns-reader';

const fixtures = path.join(import.meta.dirname, '../../lib/traffic/__fixtures__');
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A fake /proc/<pid> with a recorded namespace and the given sockstat counters. */
function fakeProcess(recorded: string, sockstat: string, sockstat6: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-netns-'));
  roots.push(root);
  const net = path.join(root, '7', 'net');
  fs.mkdirSync(net, { recursive: true });
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6', 'dev', 'route']) {
    fs.copyFileSync(path.join(fixtures, recorded, table), path.join(net, table));
  }
  fs.writeFileSync(path.join(net, 'sockstat'), sockstat);
  fs.writeFileSync(path.join(net, 'sockstat6'), sockstat6);
  fs.mkdirSync(path.join(root, '7', 'ns'));
  fs.writeFileSync(path.join(root, '7', 'ns', 'net'), '');
  return { root, net };
}

const SOCKSTAT = (tcp: number, tw: number, udp: number) =>
  `sockets: used 5\nTCP: inuse ${tcp} orphan 0 tw ${tw} alloc 1 mem 0\nUDP: inuse ${udp} mem 0\nUDPLITE: inuse 0\nRAW: inuse 0\nFRAG: inuse 0 memory 0\n`;
const SOCKSTAT6 = (tcp: number, udp: number) =>
  `TCP6: inuse ${tcp}\nUDP6: inuse ${udp}\nUDPLITE6: inuse 0\nRAW6: inuse 0\nFRAG6: inuse 0 memory 0\n`;

describe('tablesInUse', () => {
  it('reads the namespace’s counters per family', () => {
    expect(tablesInUse(SOCKSTAT(1, 14, 1), SOCKSTAT6(0, 0))).toEqual({
      tcpSockets: 1,
      udpSockets: 1,
      tcp6Sockets: 0,
      udp6Sockets: 0,
      timeWait: 14,
    });
    expect(tablesInUse(SOCKSTAT(0, 0, 0), SOCKSTAT6(2, 1))).toEqual({
      tcpSockets: 0,
      udpSockets: 0,
      tcp6Sockets: 2,
      udp6Sockets: 1,
      timeWait: 0,
    });
  });
});

describe('createNamespaceReader', () => {
  it('skips IPv6 tables the namespace has no socket in (recorded client: 14 IPv4 TIME_WAITs)', () => {
    const { root } = fakeProcess('http-client', SOCKSTAT(1, 14, 1), SOCKSTAT6(0, 0));
    const reader = createNamespaceReader(root);
    const namespace = reader.namespaceOf(7);
    expect(namespace).not.toBeNull();
    const read = reader.read(7, namespace ?? 0);
    expect(read?.tablesRead).toBe(2);
    expect(read?.sockets.filter((s) => s.state === 'time-wait')).toHaveLength(14);
    expect(read?.interfaces.map((i) => i.name)).toContain('eth0');
    reader.close();
  });

  it('reads tcp6 when TIME_WAITs outnumber the IPv4 table’s (a closed dual-stack socket)', () => {
    const { root } = fakeProcess('http-client', SOCKSTAT(1, 15, 1), SOCKSTAT6(0, 0));
    const reader = createNamespaceReader(root);
    const read = reader.read(7, reader.namespaceOf(7) ?? 0);
    expect(read?.tablesRead).toBe(3);
    reader.close();
  });

  it('leaves out the IPv4 table when tcp6 holds every socket and TIME_WAIT (a server on ::)', () => {
    const server = fs.readFileSync(path.join(fixtures, 'http-server', 'tcp6'), 'utf8');
    const waits = server.split('\n').filter((line) => / 06 /.test(line)).length;
    const { root } = fakeProcess('http-server', SOCKSTAT(0, waits, 0), SOCKSTAT6(1, 0));
    const reader = createNamespaceReader(root);
    const read = reader.read(7, reader.namespaceOf(7) ?? 0);
    expect(read?.tablesRead).toBe(1);
    // one TIME_WAIT more than tcp6 holds: it is an IPv4 one, so the IPv4 table is read too
    const { root: other } = fakeProcess('http-server', SOCKSTAT(0, waits + 1, 0), SOCKSTAT6(1, 0));
    const again = createNamespaceReader(other);
    expect(again.read(7, again.namespaceOf(7) ?? 0)?.tablesRead).toBe(2);
    reader.close();
    again.close();
  });

  it('reads every table when sockstat cannot be read, and sees new content on each read', () => {
    const { root, net } = fakeProcess('http-server', '', '');
    fs.rmSync(path.join(net, 'sockstat'));
    fs.rmSync(path.join(net, 'sockstat6'));
    const reader = createNamespaceReader(root);
    const namespace = reader.namespaceOf(7) ?? 0;
    const first = reader.read(7, namespace);
    expect(first?.tablesRead).toBe(4);
    expect(first?.sockets.some((s) => s.state === 'listen' && s.local.port === 80)).toBe(true);
    // NOTE: a real seq_file is regenerated on a read at offset 0; a plain file changed in place too.
    fs.writeFileSync(
      path.join(net, 'tcp6'),
      fs.readFileSync(path.join(net, 'tcp6'), 'utf8').split('\n')[0] ?? '',
    );
    expect(reader.read(7, namespace)?.sockets.some((s) => s.local.port === 80)).toBe(false);
    expect(reader.openNamespaces()).toBe(1);
    reader.sweep(new Set());
    expect(reader.openNamespaces()).toBe(0);
  });

  it('reuses the last tables while no packet moved and the namespace’s socket counts hold', () => {
    const { root, net } = fakeProcess('http-client', SOCKSTAT(1, 14, 1), SOCKSTAT6(0, 0));
    const reader = createNamespaceReader(root);
    const namespace = reader.namespaceOf(7) ?? 0;
    const first = reader.read(7, namespace);
    expect(first?.tablesRead).toBe(2);
    // Only the host-wide `alloc` and `mem` moved: still quiet.
    fs.writeFileSync(
      path.join(net, 'sockstat'),
      SOCKSTAT(1, 14, 1).replace('alloc 1 mem 0', 'alloc 9 mem 4'),
    );
    const quiet = reader.read(7, namespace);
    expect(quiet?.tablesRead).toBe(0);
    expect(quiet?.sockets).toEqual(first?.sockets);
    // A packet on lo: the tables are read again (the udp table, which held only the embedded
    // DNS listener with as many sockets, is not).
    const dev = fs.readFileSync(path.join(net, 'dev'), 'utf8');
    fs.writeFileSync(path.join(net, 'dev'), dev.replace('8640     144', '8700     145'));
    expect(reader.read(7, namespace)?.tablesRead).toBe(1);
    expect(reader.read(7, namespace)?.tablesRead).toBe(0);
    // A TIME_WAIT gone (no packet needed): read again.
    fs.writeFileSync(path.join(net, 'sockstat'), SOCKSTAT(1, 13, 1));
    expect(reader.read(7, namespace)?.tablesRead).toBeGreaterThan(0);
    reader.close();
  });

  it('reads an IPv4 table that held only the embedded DNS listeners again only when its count moves', () => {
    const { root, net } = fakeProcess('http-client', SOCKSTAT(1, 0, 1), SOCKSTAT6(0, 0));
    const header = fs.readFileSync(path.join(net, 'tcp'), 'utf8').split('\n').slice(0, 2);
    fs.writeFileSync(path.join(net, 'tcp'), `${header.join('\n')}\n`);
    const reader = createNamespaceReader(root);
    const namespace = reader.namespaceOf(7) ?? 0;
    const bump = (n: number) => {
      const dev = fs.readFileSync(path.join(net, 'dev'), 'utf8');
      fs.writeFileSync(path.join(net, 'dev'), dev.replace(/8\d\d\d {5}144/, `${8000 + n}     144`));
    };
    expect(reader.read(7, namespace)?.tablesRead).toBe(2);
    bump(1);
    const busy = reader.read(7, namespace);
    expect(busy?.tablesRead).toBe(0);
    expect(busy?.sockets.map((s) => `${s.protocol} ${s.local.ip}`).sort()).toEqual([
      'tcp 127.0.0.11',
      'udp 127.0.0.11',
    ]);
    // A connection opened beside the listener: the count moves, the table is read.
    const tcp = fs.readFileSync(path.join(fixtures, 'http-client', 'tcp'), 'utf8');
    fs.writeFileSync(path.join(net, 'tcp'), tcp.replace(' 06 ', ' 01 '));
    fs.writeFileSync(path.join(net, 'sockstat'), SOCKSTAT(2, 0, 1));
    bump(2);
    const open = reader.read(7, namespace);
    expect(open?.tablesRead).toBe(1);
    expect(open?.sockets.some((s) => s.state === 'established')).toBe(true);
    // Closed by this end: an IPv4 TIME_WAIT the DNS-only table cannot hold, so it is read.
    fs.writeFileSync(path.join(net, 'tcp'), tcp);
    fs.writeFileSync(path.join(net, 'sockstat'), SOCKSTAT(1, 1, 1));
    bump(3);
    expect(reader.read(7, namespace)?.sockets.some((s) => s.state === 'time-wait')).toBe(true);
    reader.close();
  });

  it('says null when the process is gone', () => {
    const reader = createNamespaceReader(fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-netns-')));
    expect(reader.namespaceOf(7)).toBeNull();
    expect(reader.read(7, 1)).toBeNull();
    expect(reader.openNamespaces()).toBe(0);
  });

  it('reads a real socket table larger than the page a seq_file answers a read with', async () => {
    // NOTE: this process's own namespace, in the real /proc: 60 loopback connections make its
    // tcp table ~18 KB, where one read gives ~4 KB.
    const server = net.createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const clients: net.Socket[] = [];
    const reader = createNamespaceReader();
    try {
      const accepted = new Promise<void>((resolve) => {
        let count = 0;
        server.on('connection', () => (count += 1) === 60 && resolve());
      });
      for (let i = 0; i < 60; i++) clients.push(net.connect(port, '127.0.0.1'));
      await accepted;
      const ours = (sockets: { local: { port: number }; remote: { port: number } }[]) =>
        sockets.filter((s) => s.local.port === port || s.remote.port === port).length;
      const whole = fs.readFileSync(`/proc/${process.pid}/net/tcp`, 'latin1');
      expect(whole.length).toBeGreaterThan(3 * 4096);
      expect(ours(parseSocketTable(whole, 'tcp', 4))).toBe(121);
      const namespace = reader.namespaceOf(process.pid);
      const read = reader.read(process.pid, namespace ?? 0);
      expect(ours(read?.sockets ?? [])).toBe(121);
      // and again through the files it keeps open
      expect(ours(reader.read(process.pid, namespace ?? 0)?.sockets ?? [])).toBe(121);
    } finally {
      reader.close();
      for (const client of clients) client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
