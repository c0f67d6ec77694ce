import { describe, expect, it } from 'vitest';

import {
  byName,
  container,
  endpoint,
  labTopology,
  network,
  service,
  task,
  topology,
} from './__fixtures__/hand-made';
import { networkDns, parseLegacyLinks } from './dns-names';

const lab = labTopology();
const dnsOf = (name: string) => {
  const found = Object.values(lab.networks).find((candidate) => candidate.name === name);
  if (!found) throw new Error(name);
  return networkDns(lab, found.id)!;
};
const answersOf = (view: ReturnType<typeof dnsOf>) =>
  Object.fromEntries(view.names.map((name) => [name.name, name.answers]));

describe('networkDns on the recorded lab', () => {
  it('appnet: container names, the alias and the hostname, and short ids', () => {
    const view = dnsOf('appnet');
    expect(view.embeddedDns).toBe(true);
    const web = byName(lab.containers, 'web');
    const client = byName(lab.containers, 'client');
    expect(answersOf(view)).toEqual({
      client: ['172.19.0.3'],
      web: ['172.19.0.2'],
      frontend: ['172.19.0.2'],
      [web.id.slice(0, 12)]: ['172.19.0.2'],
      [client.id.slice(0, 12)]: ['172.19.0.3'],
    });
    const names = Object.fromEntries(view.names.map((name) => [name.name, name.kind]));
    expect(names.web).toBe('container');
    expect(names.frontend).toBe('alias');
  });

  it('meta-globe: service names to VIPs, tasks.<service> to task addresses, task containers', () => {
    const answers = answersOf(dnsOf('meta-globe'));
    expect(answers.web).toEqual(['10.0.1.11']);
    expect(answers['tasks.web']).toEqual(['10.0.1.12', '10.0.1.13', '10.0.1.14', '10.0.1.15']);
    expect(answers.orange).toEqual(['10.0.1.2']);
    expect(answers['tasks.orange']).toEqual(['10.0.1.3']);
    expect(answers['web.2.zw51u9bd5j3jefbglxlnotl11']).toEqual(['10.0.1.12']);
    // network-scoped: the container `web` on appnet is not a name here. Four services with
    // two names each, seven task containers with a name and a short id each.
    expect(answers.frontend).toBeUndefined();
    expect(Object.keys(answers)).toHaveLength(4 * 2 + 7 * 2);
  });

  it('secure: a dnsrr service answers its task addresses, like tasks.<service>', () => {
    const answers = answersOf(dnsOf('secure'));
    expect(answers.vault).toEqual(['10.0.2.2', '10.0.2.3']);
    expect(answers['tasks.vault']).toEqual(['10.0.2.2', '10.0.2.3']);
  });

  it('ingress, the default bridge, host and none register nothing, and say why', () => {
    for (const [name, kind] of [
      ['ingress', 'ingress'],
      ['bridge', 'default-bridge'],
      ['host', 'host'],
      ['none', 'none'],
      ['docker_gwbridge', 'gateway-bridge'],
    ] as const) {
      const view = dnsOf(name);
      expect(view.dnsKind).toBe(kind);
      expect(view.embeddedDns).toBe(false);
      expect(view.names).toEqual([]);
      expect(view.reason).toMatch(/\w/);
    }
  });
});

describe('networkDns rules', () => {
  const net = network('n', { subnet: '10.9.0.0/24' });

  it('a name registered twice answers both addresses; stopped containers are gone', () => {
    const view = networkDns(
      topology({
        networks: [net],
        containers: [
          container('a'.repeat(64), { name: 'a', endpoints: [endpoint('n', '10.9.0.2', ['db'])] }),
          container('b'.repeat(64), { name: 'b', endpoints: [endpoint('n', '10.9.0.3', ['db'])] }),
          container('c'.repeat(64), {
            name: 'c',
            state: 'exited',
            endpoints: [endpoint('n', '10.9.0.4', ['db'])],
          }),
        ],
      }),
      'n',
    )!;
    expect(view.names.find((name) => name.name === 'db')?.answers).toEqual([
      '10.9.0.2',
      '10.9.0.3',
    ]);
    expect(view.names.find((name) => name.name === 'c')).toBeUndefined();
  });

  it('a service without a running task has no name; with one, vip and tasks', () => {
    const overlay = network('o', { driver: 'overlay', scope: 'swarm' });
    const idle = service('idle', { vips: [{ network: 'o', addr: '10.8.0.2' }], networks: ['o'] });
    const busy = service('busy', { vips: [{ network: 'o', addr: '10.8.0.5' }], networks: ['o'] });
    const view = networkDns(
      topology({
        networks: [overlay],
        services: [idle, busy],
        tasks: [
          task('t1', 'idle', [{ network: 'o', address: '10.8.0.3' }], { state: 'failed' }),
          task('t2', 'busy', [{ network: 'o', address: '10.8.0.6' }], {
            containerId: 'f'.repeat(64),
          }),
        ],
      }),
      'o',
    )!;
    const names = Object.fromEntries(view.names.map((name) => [name.name, name.answers]));
    expect(names.idle).toBeUndefined();
    expect(names['tasks.idle']).toBeUndefined();
    expect(names.busy).toEqual(['10.8.0.5']);
    expect(names['tasks.busy']).toEqual(['10.8.0.6']);
    // the task's container runs on an engine Portolan does not read: named from the task
    expect(names[`busy.1.t2`]).toEqual(['10.8.0.6']);
    expect(names.ffffffffffff).toEqual(['10.8.0.6']);
  });

  describe('service aliases and the task lifecycle', () => {
    const overlay = network('o', { driver: 'overlay', scope: 'swarm' });
    const at = (address: string) => [{ network: 'o', address }];
    const namesOf = (t: ReturnType<typeof topology>) =>
      Object.fromEntries(networkDns(t, 'o')!.names.map((name) => [name.name, name.answers]));

    it('an alias answers as the name does (VIP, or dnsrr task addresses), tasks.<alias> too', () => {
      const vip = service('shop_db', {
        vips: [{ network: 'o', addr: '10.8.0.2' }],
        networks: ['o'],
        aliases: [{ network: 'o', aliases: ['db', 'shop_db'] }],
      });
      const rr = service('shop_cache', {
        endpointMode: 'dnsrr',
        networks: ['o'],
        // NOTE: a spec may name its network instead of giving its id.
        aliases: [{ network: overlay.name, aliases: ['redis'] }],
      });
      const names = namesOf(
        topology({
          networks: [overlay],
          services: [vip, rr],
          tasks: [
            task('t1', 'shop_db', at('10.8.0.3')),
            task('t2', 'shop_cache', at('10.8.0.5')),
            task('t3', 'shop_cache', at('10.8.0.6'), { slot: 2 }),
          ],
        }),
      );
      expect(names).toMatchObject({
        shop_db: ['10.8.0.2'],
        db: ['10.8.0.2'],
        'tasks.db': ['10.8.0.3'],
        redis: ['10.8.0.5', '10.8.0.6'],
        'tasks.redis': ['10.8.0.5', '10.8.0.6'],
      });
    });

    it('an alias on another network is not a name here', () => {
      const other = service('s', {
        vips: [{ network: 'o', addr: '10.8.0.2' }],
        networks: ['o', 'p'],
        aliases: [{ network: 'p', aliases: ['elsewhere'] }],
      });
      const names = namesOf(
        topology({
          networks: [overlay],
          services: [other],
          tasks: [task('t', 's', at('10.8.0.3'))],
        }),
      );
      expect(names.s).toEqual(['10.8.0.2']);
      expect(names.elsewhere).toBeUndefined();
    });

    it('stopping tasks leave tasks.<service> and their own names; the VIP stays while one is up', () => {
      const web = service('web', {
        vips: [{ network: 'o', addr: '10.8.0.2' }],
        networks: ['o'],
        aliases: [{ network: 'o', aliases: ['www'] }],
      });
      const stopping = (id: string, address: string) =>
        task(id, 'web', at(address), { desiredState: 'remove', containerId: id.repeat(64) });
      const onlyStopping = namesOf(
        topology({ networks: [overlay], services: [web], tasks: [stopping('a', '10.8.0.3')] }),
      );
      expect(onlyStopping).toEqual({ web: ['10.8.0.2'], www: ['10.8.0.2'] });
      const mixed = namesOf(
        topology({
          networks: [overlay],
          services: [web],
          tasks: [stopping('a', '10.8.0.3'), task('t', 'web', at('10.8.0.4'))],
        }),
      );
      expect(mixed['tasks.web']).toEqual(['10.8.0.4']);
      expect(mixed['tasks.www']).toEqual(['10.8.0.4']);
      expect(mixed.aaaaaaaaaaaa).toBeUndefined();
      // ended: the last endpoint is gone, and the VIP with it
      const ended = namesOf(
        topology({
          networks: [overlay],
          services: [web],
          tasks: [task('a', 'web', at('10.8.0.3'), { state: 'complete', desiredState: 'remove' })],
        }),
      );
      expect(ended).toEqual({});
    });

    it("a task's container has no names until its task runs (a health check not passed yet)", () => {
      const web = service('web', { vips: [{ network: 'o', addr: '10.8.0.2' }], networks: ['o'] });
      const id = 'c'.repeat(64);
      const names = namesOf(
        topology({
          networks: [overlay],
          services: [web],
          tasks: [task('t', 'web', at('10.8.0.3'), { state: 'starting', containerId: id })],
          containers: [
            container(id, {
              name: 'web.1.t',
              task: 't',
              service: 'web',
              health: 'starting',
              endpoints: [endpoint('o', '10.8.0.3')],
            }),
          ],
        }),
      );
      expect(names).toEqual({});
    });
  });

  it('names are merged without regard to case', () => {
    const view = networkDns(
      topology({
        networks: [net],
        containers: [
          container('a'.repeat(64), { name: 'Api', endpoints: [endpoint('n', '10.9.0.2')] }),
          container('b'.repeat(64), { name: 'b', endpoints: [endpoint('n', '10.9.0.3', ['api'])] }),
        ],
      }),
      'n',
    )!;
    expect(view.names.find((name) => name.name === 'Api')?.answers).toEqual([
      '10.9.0.2',
      '10.9.0.3',
    ]);
  });

  it('legacy links read from HostConfig.Links, with the target address', () => {
    const bridge = network('br', {
      system: true,
      name: 'bridge',
      options: { 'com.docker.network.bridge.default_bridge': 'true' },
    });
    const t = topology({
      networks: [bridge],
      containers: [
        container('a'.repeat(64), { name: 'db', endpoints: [endpoint('br', '172.17.0.2')] }),
        container('b'.repeat(64), { name: 'app', endpoints: [endpoint('br', '172.17.0.3')] }),
      ],
    });
    const links = parseLegacyLinks(t, 'app', ['/db:/app/database'], 'br');
    expect(links).toEqual([
      { container: 'app', target: 'db', alias: 'database', address: '172.17.0.2' },
    ]);
    const view = networkDns(t, 'br', links)!;
    expect(view.embeddedDns).toBe(false);
    expect(view.links).toEqual(links);
  });
});
