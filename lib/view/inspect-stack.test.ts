import { describe, expect, it } from 'vitest';

import { byName } from '@/lib/discovery/__fixtures__/hand-made';
import { stackRecording } from '@/lib/discovery/__fixtures__/stack-lab';

import { toGraph } from './graph';
import { describeElement, type InspectorModel } from './inspect';
import { DEFAULT_LAYERS } from './model';
import { toRows } from './rows';

/* The inspector and the list view on the stack recorded in the lab. */

function section(model: InspectorModel | null, title: string) {
  const found = model?.sections.find((s) => s.title.startsWith(title));
  if (!found) throw new Error(`no section ${title}`);
  return found;
}

const field = (model: InspectorModel | null, title: string, key: string) =>
  section(model, title).fields?.find(([name]) => name === key)?.[1];

describe('a scale-down inside the grace period, in the inspector and the list', () => {
  const { topology } = stackRecording('stopping');
  const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
  const core = byName(topology.networks, 'fxstk_core');
  const slow = byName(topology.services, 'fxstk-slow');
  const model = describeElement(topology, graph, slow.id);
  const stoppingTask = Object.values(topology.tasks).find(
    (task) => task.service === slow.id && task.desiredState === 'remove',
  )!;
  const runningTask = Object.values(topology.tasks).find(
    (task) => task.service === slow.id && task.desiredState === 'running',
  )!;

  it('the service counts its tasks in words: 1 running · 2 stopping', () => {
    expect(field(model, 'Service', 'replicas')).toBe('1 running / 1 desired · 2 stopping');
    expect(model?.subtitle).toBe('swarm service · 1/1 running · 2 stopping');
    const tasks = section(model, 'Tasks');
    expect(tasks.title).toBe('Tasks: 1 running · 2 stopping');
    expect(tasks.table?.rows.map((row) => row[2]).sort()).toEqual([
      'running',
      'stopping (running → remove)',
      'stopping (running → remove)',
    ]);
    expect(tasks.note).toMatch(/grace period/);
  });

  it('its DNS names answer what the engine answered: the VIP, and only the running task', () => {
    const vip = slow.vips.find((entry) => entry.network === core.id)!.addr;
    const address = runningTask.addresses.find((entry) => entry.network === core.id)!.address;
    expect(section(model, 'DNS names').table?.rows).toEqual([
      ['fxstk_core', 'fxstk-slow', vip],
      ['fxstk_core', 'tasks.fxstk-slow', address],
      ['fxstk_core', 'slowpoke', vip],
      ['fxstk_core', 'tasks.slowpoke', address],
    ]);
    const kv = describeElement(topology, graph, byName(topology.services, 'fxstk-kv').id);
    expect(section(kv, 'DNS names').table?.rows).toContainEqual([
      'fxstk_core',
      'tasks.kv',
      '— (no running task here)',
    ]);
  });

  it('a stopping task says so, and that it has left DNS', () => {
    const task = describeElement(topology, graph, stoppingTask.id);
    expect(field(task, 'Task', 'lifecycle')).toMatch(/^stopping: told to stop/);
    const dns = section(task, 'DNS names');
    expect(dns.table).toBeUndefined();
    expect(dns.note).toMatch(/Told to stop/);
    const running = describeElement(topology, graph, runningTask.id);
    expect(section(running, 'DNS names').table?.rows[0]?.[1]).toMatch(
      /^fxstk-slow\.1\.\w+, fxstk-slow → VIP, tasks\.fxstk-slow, slowpoke → VIP, tasks\.slowpoke$/,
    );
  });

  it('the list view says the same', () => {
    const rows = toRows(graph, topology);
    expect(rows.find((row) => row.id === slow.id)?.state).toBe('1/1 running · 2 stopping');
    expect(rows.find((row) => row.id === stoppingTask.id)?.state).toBe(
      'stopping (running → remove)',
    );
  });
});

describe('aliases and a shared namespace, in the inspector and the list', () => {
  const { topology } = stackRecording('steady');
  const graph = toGraph(topology, { query: '', layers: DEFAULT_LAYERS });
  const side = byName(topology.containers, 'fxstk-side');
  const host = byName(topology.containers, 'fxstk-host');

  it('a service lists its aliases with its networks, and answers for each', () => {
    const cache = describeElement(topology, graph, byName(topology.services, 'fxstk_cache').id);
    const networks = section(cache, 'Networks');
    expect(networks.table?.columns).toEqual(['network', 'VIP', 'aliases']);
    expect(networks.table?.rows).toEqual([['fxstk_core', 'dnsrr', 'redis, cache']]);
    const names = section(cache, 'DNS names').table?.rows.map((row) => row[1]);
    expect(names).toEqual([
      'fxstk_cache',
      'tasks.fxstk_cache',
      'redis',
      'tasks.redis',
      'cache',
      'tasks.cache',
    ]);
  });

  it('the joined container: its owner, the owner’s networks and names', () => {
    const model = describeElement(topology, graph, side.id);
    expect(field(model, 'Container', 'network namespace')).toBe(
      "fxstk-host's (--network container:)",
    );
    expect(section(model, 'Networks').title).toBe("Networks (fxstk-host's: its namespace, shared)");
    expect(section(model, 'Networks').table?.rows[0]?.slice(0, 2)).toEqual([
      'fxstk-br',
      host.endpoints[0]!.ipv4,
    ]);
    const dns = section(model, 'DNS names');
    expect(dns.table?.rows).toEqual([['fxstk-br', 'fxstk-host, hostalias']]);
    expect(dns.note).toMatch(/shares fxstk-host's network namespace/);
  });

  it('the owner lists who joined it', () => {
    const model = describeElement(topology, graph, host.id);
    const guests = section(model, 'Sharing its network namespace');
    expect(guests.table?.rows).toEqual([['fxstk-side', 'running']]);
    expect(guests.links).toEqual([side.id]);
  });

  it("the list view puts the joined container on its owner's networks", () => {
    const row = toRows(graph, topology).find((candidate) => candidate.id === side.id)!;
    expect(row.networks).toBe("fxstk-host's: fxstk-br");
    expect(row.addresses).toBe(`fxstk-br ${host.endpoints[0]!.ipv4}`);
  });
});
