import { describe, expect, it } from 'vitest';

import { byName } from './__fixtures__/hand-made';
import { stackRecording, type StackMoment } from './__fixtures__/stack-lab';
import { networkDns } from './dns-names';
import { sortIps } from './model';
import { reach } from './reach';
import { knownNames, resolveName } from './resolve';

/*
 * The recorded stack (see __fixtures__/stack-lab.ts): every prediction against what nslookup got
 * inside every running container, then the engine behaviours it shows, one by one.
 */

const MOMENTS: StackMoment[] = ['steady', 'stopping'];

describe.each(MOMENTS)('the recorded stack, %s', (moment) => {
  const { topology, names, lookups } = stackRecording(moment);

  it('predicts what nslookup got, for every container and every name', () => {
    const disagreements: string[] = [];
    for (const lookup of lookups) {
      const from = byName(topology.containers, lookup.container);
      for (const name of names) {
        const predicted = resolveName(topology, from.id, name)?.answers ?? ['no prediction'];
        const live = sortIps(lookup.answers[name] ?? []);
        if (predicted.join(',') !== live.join(','))
          disagreements.push(`${lookup.container} ${name}: ${predicted} ≠ ${live}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(lookups.length).toBeGreaterThanOrEqual(12);
    expect(names.length).toBeGreaterThanOrEqual(50);
    const answered = lookups
      .flatMap((lookup) => Object.values(lookup.answers))
      .filter((a) => a.length);
    expect(answered.length).toBeGreaterThan(200);
  });

  it('lists every alias and its tasks. form among the known names', () => {
    const known = knownNames(topology);
    for (const name of ['redis', 'front', 'kv', 'store', 'slowpoke', 'tasks.redis', 'tasks.kv'])
      expect(known).toContain(name);
  });
});

describe('service aliases, as the engine answers them', () => {
  const { topology, lookups } = stackRecording('steady');
  const core = byName(topology.networks, 'fxstk_core');
  const edge = byName(topology.networks, 'fxstk_edge');
  const asked = (prefix: string, name: string) =>
    lookups.find((lookup) => lookup.container.startsWith(prefix))!.answers[name];
  const taskIps = (service: string, network: string) =>
    sortIps(
      Object.values(topology.tasks)
        .filter((task) => task.service === byName(topology.services, service).id)
        .flatMap((task) => task.addresses)
        .filter((address) => address.network === network)
        .map((address) => address.address),
    );

  it('are read per network from the spec: the stack sets the short name, --network alias= more', () => {
    expect(byName(topology.services, 'fxstk_cache').aliases).toEqual([
      { network: core.id, aliases: ['redis', 'cache'] },
    ]);
    expect(byName(topology.services, 'fxstk_front').aliases).toEqual(
      [
        { network: core.id, aliases: ['front'] },
        { network: edge.id, aliases: ['front'] },
      ].sort((a, b) => a.network.localeCompare(b.network)),
    );
    expect(byName(topology.services, 'fxstk-kv').aliases).toEqual([
      { network: core.id, aliases: ['kv', 'store'] },
    ]);
  });

  it('an alias answers the VIP in vip mode, and tasks.<alias> the task addresses', () => {
    const kv = byName(topology.services, 'fxstk-kv');
    const vip = kv.vips.find((entry) => entry.network === core.id)!.addr;
    expect(asked('fxstk_front.1', 'kv')).toEqual([vip]);
    expect(asked('fxstk_front.1', 'store')).toEqual([vip]);
    expect(asked('fxstk_front.1', 'tasks.kv')).toEqual(taskIps('fxstk-kv', core.id));
    const names = networkDns(topology, core.id)!.names;
    expect(names.find((name) => name.name === 'kv')).toMatchObject({
      kind: 'service',
      answers: [vip],
    });
  });

  it('in dnsrr mode an alias answers the task addresses too', () => {
    const ips = taskIps('fxstk_cache', core.id);
    expect(ips).toHaveLength(2);
    expect(sortIps(asked('fxstk_front.1', 'redis')!)).toEqual(ips);
    expect(sortIps(asked('fxstk_front.1', 'cache')!)).toEqual(ips);
  });

  it('an alias lives on its network only: api (edge) does not get redis, but front on edge', () => {
    expect(asked('fxstk_api.1', 'redis')).toEqual([]);
    const from = byName(
      topology.containers,
      lookups.find((l) => l.container.startsWith('fxstk_api.1'))!.container,
    );
    expect(resolveName(topology, from.id, 'redis')).toMatchObject({
      rule: 'other-network',
      elsewhere: [{ network: { id: core.id } }],
    });
    const front = byName(topology.services, 'fxstk_front');
    expect(asked('fxstk_api.1', 'front')).toEqual([
      front.vips.find((entry) => entry.network === edge.id)!.addr,
    ]);
  });

  it('reach names a service by its alias too', () => {
    const from = lookups.find((l) => l.container.startsWith('fxstk_front.1'))!;
    const container = byName(topology.containers, from.container);
    const cache = byName(topology.services, 'fxstk_cache');
    const result = reach(
      topology,
      { kind: 'container', container },
      { kind: 'service', service: cache },
      6379,
    );
    const shared = result.shared.find((entry) => entry.network.id === core.id)!;
    expect(shared.name).toBe('fxstk_cache');
    expect(shared.otherNames).toEqual(expect.arrayContaining(['redis', 'cache']));
    expect(result.serviceNote).toMatch(/aliases \(redis, cache\)/);
  });
});

describe('a scale-down inside the stop grace period, as the engine answers it', () => {
  const { topology, lookups } = stackRecording('stopping');
  const core = byName(topology.networks, 'fxstk_core');
  const probe = lookups.find((lookup) => lookup.container.startsWith('fxstk_front.1'))!;
  const from = byName(topology.containers, probe.container);
  const tasksOf = (service: string) =>
    Object.values(topology.tasks).filter(
      (task) => task.service === byName(topology.services, service).id,
    );

  it('the tasks told to stop are still running, desired remove', () => {
    const slow = tasksOf('fxstk-slow');
    expect(slow.map((task) => `${task.state}/${task.desiredState}`).sort()).toEqual([
      'running/remove',
      'running/remove',
      'running/running',
    ]);
    expect(byName(topology.services, 'fxstk-slow').replicas).toEqual({
      desired: 1,
      running: 1,
      starting: 0,
      stopping: 2,
    });
    expect(byName(topology.services, 'fxstk-kv').replicas).toMatchObject({
      desired: 0,
      running: 0,
      stopping: 1,
    });
  });

  it('a stopping task leaves tasks.<service> at once; the VIP stays', () => {
    const running = tasksOf('fxstk-slow').find((task) => task.desiredState === 'running')!;
    const address = running.addresses.find((entry) => entry.network === core.id)!.address;
    expect(probe.answers['tasks.fxstk-slow']).toEqual([address]);
    expect(probe.answers['tasks.slowpoke']).toEqual([address]);
    expect(resolveName(topology, from.id, 'tasks.fxstk-slow')?.answers).toEqual([address]);
    const vip = byName(topology.services, 'fxstk-slow').vips.find((v) => v.network === core.id)!;
    expect(probe.answers.slowpoke).toEqual([vip.addr]);
  });

  it('with every task stopping, the VIP answers until the last container is gone', () => {
    const kv = byName(topology.services, 'fxstk-kv');
    const vip = kv.vips.find((entry) => entry.network === core.id)!.addr;
    expect(probe.answers.kv).toEqual([vip]);
    expect(probe.answers['tasks.kv']).toEqual([]);
    const why = resolveName(topology, from.id, 'tasks.kv')!;
    expect(why).toMatchObject({ answers: [], forwarded: true });
    expect(why.reason).toMatch(/stopping/);
  });

  it("a stopping task's container loses its own names too", () => {
    for (const task of tasksOf('fxstk-slow').filter((t) => t.desiredState === 'remove')) {
      const container = topology.containers[task.containerId!]!;
      expect(container.state).toBe('running');
      expect(probe.answers[container.name]).toEqual([]);
      expect(probe.answers[container.id.slice(0, 12)]).toEqual([]);
      expect(resolveName(topology, from.id, container.name)?.reason).toMatch(/stopping/);
    }
  });
});

describe('a container sharing another network namespace', () => {
  const { topology, lookups, names } = stackRecording('steady');
  const side = byName(topology.containers, 'fxstk-side');
  const host = byName(topology.containers, 'fxstk-host');

  it('has no endpoints of its own, and the engine names its owner by id', () => {
    expect(side.endpoints).toEqual([]);
    expect(side.networkMode).toBe(`container:${host.id}`);
  });

  it('resolves every name exactly as its owner does, and is not in DNS itself', () => {
    const answers = (name: string) => lookups.find((l) => l.container === name)!.answers;
    for (const name of names) {
      expect(answers('fxstk-side')[name], name).toEqual(answers('fxstk-host')[name]);
      expect(resolveName(topology, side.id, name)?.answers, name).toEqual(
        resolveName(topology, host.id, name)?.answers,
      );
    }
    expect(answers('fxstk-peer')['fxstk-side']).toEqual([]);
    expect(answers('fxstk-peer')['fxstk-host']).toEqual([host.endpoints[0]!.ipv4]);
  });
});
