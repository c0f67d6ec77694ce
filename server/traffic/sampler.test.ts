import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { recordedLab } from '@/lib/traffic/__fixtures__/topology';
import type { TrafficSample } from '@/lib/traffic/types';

import { createLogger } from '../logger';
import { createTrafficSampler } from './sampler';

const fixtures = path.join(import.meta.dirname, '../../lib/traffic/__fixtures__');

/** A fake /proc holding the recorded namespaces: pid 11 is the server, 12 the client. */
function fakeProc(cgroupOf: Record<number, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-proc-'));
  for (const [pid, recorded] of [
    [11, 'http-server'],
    [12, 'http-client'],
  ] as const) {
    fs.mkdirSync(path.join(root, String(pid), 'net'), { recursive: true });
    for (const table of ['tcp', 'tcp6', 'udp', 'udp6', 'dev', 'route']) {
      fs.copyFileSync(
        path.join(fixtures, recorded, table),
        path.join(root, String(pid), 'net', table),
      );
    }
    fs.writeFileSync(path.join(root, String(pid), 'cgroup'), `8:pids:/x/${cgroupOf[pid] ?? ''}\n`);
    // NOTE: stands for the namespace link; its inode tells the namespaces apart.
    fs.mkdirSync(path.join(root, String(pid), 'ns'));
    fs.writeFileSync(path.join(root, String(pid), 'ns', 'net'), '');
  }
  return root;
}

const topology = recordedLab();
topology.engines['node-1'] = {
  id: 'node-1',
  name: 'node-1',
  reachable: true,
  stale: false,
  error: null,
  node: 'node-1-id',
  hostname: 'node-1',
  serverVersion: null,
  apiVersion: null,
  os: null,
  swarm: null,
};
const hub = {
  snapshot: () => topology,
  containerProcesses: () => [
    { engine: 'node-1', container: 'srv-id', pid: 11 },
    { engine: 'node-1', container: 'cli-id', pid: 12 },
  ],
};
const engines = [{ name: 'node-1', address: { kind: 'unix' as const, socketPath: '/x.sock' } }];
const logger = createLogger('error', { service: 'test' });
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe('createTrafficSampler (recorded /proc)', () => {
  it('reads the namespaces it can prove are the containers’ and names the conversation', async () => {
    const procRoot = fakeProc({ 11: 'srv-id', 12: 'cli-id' });
    roots.push(procRoot);
    const sampler = createTrafficSampler({ hub, engines, logger, procRoot });
    const sample = await sampler.current();
    sampler.stop();
    expect(sample.engines).toEqual([
      { engine: 'node-1', observable: true, containers: 2, via: 'host', reason: null },
    ]);
    expect(sample.conversations).toHaveLength(1);
    expect(sample.conversations[0]).toMatchObject({
      from: { name: 't-tr-cli' },
      to: { name: 't-tr-srv' },
      port: 80,
      // NOTE: the recorded tables hold 28 server-side and 14 client-side sockets, 7 of them the same.
      connections: 35,
    });
    expect(sample.endpoints.map((e) => `${e.containerName}/${e.interface}`)).toEqual([
      't-tr-cli/eth0',
      't-tr-srv/eth0',
    ]);
  });

  it('says plainly when the processes are not this host’s (pid of another container)', async () => {
    const procRoot = fakeProc({ 11: 'someone-else', 12: 'someone-else' });
    roots.push(procRoot);
    const sampler = createTrafficSampler({ hub, engines, logger, procRoot });
    const sample = await sampler.current();
    sampler.stop();
    expect(sample.conversations).toEqual([]);
    expect(sample.engines[0]).toMatchObject({ observable: false, containers: 0 });
    expect(sample.engines[0]?.reason).toMatch(/not visible.*\/proc/);
  });

  it('samples while watched and stops, forgetting, when the last watcher leaves', async () => {
    const procRoot = fakeProc({ 11: 'srv-id', 12: 'cli-id' });
    roots.push(procRoot);
    const sampler = createTrafficSampler({ hub, engines, logger, procRoot, intervalMs: 20 });
    const seen: TrafficSample[] = [];
    const unwatch = sampler.watch((sample) => seen.push(sample));
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(3);
    expect(sampler.status()).toMatchObject({ running: true, watchers: 1 });
    unwatch();
    await expect.poll(() => sampler.status().running).toBe(false);
    const count = sampler.status().samples;
    expect(sampler.status()).toMatchObject({ watchers: 0, samples: count });
    sampler.stop();
  });
});
