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
import { knownNames, lookupCandidates, resolveName } from './resolve';

const lab = labTopology();
const from = (name: string) => byName(lab.containers, name).id;
const resolve = (source: string, name: string) => resolveName(lab, from(source), name)!;
const WEB_TASK = 'web.2.zw51u9bd5j3jefbglxlnotl11';
const VAULT_TASK = 'vault.2.qwtbcafxrjxf3cnbe4m375fxz';

describe('resolveName on the recorded lab', () => {
  it.each([
    // network-scoped discovery: `web` is the container on appnet, the service on meta-globe
    ['client', 'web', 'shared-network', ['172.19.0.2']],
    [WEB_TASK, 'web', 'shared-network', ['10.0.1.11']],
    ['client', 'frontend', 'shared-network', ['172.19.0.2']],
    ['client', 'FrontEnd', 'shared-network', ['172.19.0.2']],
    ['client', 'web.appnet', 'network-qualified', ['172.19.0.2']],
    ['client', 'web.appnet.', 'network-qualified', ['172.19.0.2']],
    [WEB_TASK, 'tasks.web', 'shared-network', ['10.0.1.12', '10.0.1.13', '10.0.1.14', '10.0.1.15']],
    [
      WEB_TASK,
      'tasks.web.meta-globe',
      'network-qualified',
      ['10.0.1.12', '10.0.1.13', '10.0.1.14', '10.0.1.15'],
    ],
    [WEB_TASK, 'orange', 'shared-network', ['10.0.1.2']],
    [WEB_TASK, 'orange.1.5rsg666n4z2edaqvxz1a6orf9', 'shared-network', ['10.0.1.3']],
    [VAULT_TASK, 'vault', 'shared-network', ['10.0.2.2', '10.0.2.3']],
    ['edge', 'edge', 'shared-network', ['10.214.0.10']],
    ['client', 'orange', 'other-network', []],
    ['client', 'tasks.web', 'other-network', []],
    [VAULT_TASK, 'web', 'other-network', []],
    [WEB_TASK, 'frontend', 'other-network', []],
    [WEB_TASK, 'web.appnet', 'forwarded', []],
    ['client', 'legacy', 'forwarded', []],
    ['client', 'no-such-name.example', 'forwarded', []],
    ['legacy', 'web', 'default-bridge', []],
    ['hostnet', 'web', 'host-network', []],
    ['isolated', 'web', 'no-network', []],
  ] as const)('from %s, %s → %s %j', (source, name, rule, answers) => {
    const resolution = resolve(source, name);
    expect(resolution.rule).toBe(rule);
    expect(resolution.answers).toEqual(answers);
    expect(resolution.forwarded).toBe(
      ['other-network', 'forwarded', 'default-bridge', 'host-network'].includes(rule),
    );
  });

  it('says where a name lives when this container cannot see it', () => {
    const resolution = resolve('client', 'orange');
    expect(resolution.elsewhere).toEqual([
      { network: { id: expect.any(String), name: 'meta-globe' }, answers: ['10.0.1.2'] },
    ]);
    expect(resolution.reason).toMatch(/registered on meta-globe; client is not attached to it/);
    expect(resolve('client', 'legacy').reason).toMatch(/default bridge/);
    expect(resolve('legacy', 'web').reason).toMatch(/default bridge, which has no embedded DNS/);
  });

  it('answers with the network that answered and what registered the name', () => {
    const resolution = resolve('client', 'frontend');
    expect(resolution.network?.name).toBe('appnet');
    expect(resolution.kind).toBe('alias');
    expect(resolve(WEB_TASK, 'tasks.web').kind).toBe('tasks');
  });

  it('knows every name registered anywhere, plus container and service names', () => {
    const names = knownNames(lab);
    for (const name of ['web', 'frontend', 'tasks.vault', 'legacy', 'hostnet', WEB_TASK]) {
      expect(names).toContain(name);
    }
  });
});

describe('lookupCandidates (libnetwork order for dotted names)', () => {
  it('tries the whole name, then shorter names on the network named by the rest', () => {
    expect(lookupCandidates('a.b.c')).toEqual([
      { name: 'a.b.c', network: null },
      { name: 'a.b', network: 'c' },
      { name: 'a', network: 'b.c' },
    ]);
    expect(lookupCandidates('web')).toEqual([{ name: 'web', network: null }]);
  });
});

describe('resolveName rules on hand-made topologies', () => {
  const overlay = network('ov', { driver: 'overlay', scope: 'swarm', subnet: '10.8.0.0/24' });
  const bridge = network('br', { subnet: '10.9.0.0/24' });

  it('searches swarm overlays before local networks on a swarm node', () => {
    const api = service('api', { vips: [{ network: 'ov', addr: '10.8.0.2' }], networks: ['ov'] });
    const t = topology({
      networks: [overlay, bridge],
      services: [api],
      tasks: [task('t1', 'api', [{ network: 'ov', address: '10.8.0.3' }])],
      containers: [
        container('a'.repeat(64), { name: 'api', endpoints: [endpoint('br', '10.9.0.2')] }),
        container('b'.repeat(64), {
          name: 'probe',
          endpoints: [endpoint('br', '10.9.0.3'), endpoint('ov', '10.8.0.9')],
        }),
      ],
    });
    const resolution = resolveName(t, 'b'.repeat(64), 'api')!;
    expect(resolution.answers).toEqual(['10.8.0.2']);
    expect(resolution.network?.name).toBe('ov');
    expect(resolveName(t, 'b'.repeat(64), 'api.br')!.answers).toEqual(['10.9.0.2']);
  });

  it('a --link alias on a user-defined network answers for the linking container only', () => {
    const t = topology({
      networks: [bridge],
      containers: [
        container('a'.repeat(64), { name: 'db', endpoints: [endpoint('br', '10.9.0.2')] }),
        container('b'.repeat(64), { name: 'app', endpoints: [endpoint('br', '10.9.0.3')] }),
        container('c'.repeat(64), { name: 'other', endpoints: [endpoint('br', '10.9.0.4')] }),
      ],
    });
    const links = [{ network: 'br', alias: 'database', target: 'db' }];
    const linked = resolveName(t, 'b'.repeat(64), 'database', { links })!;
    expect(linked.rule).toBe('link-alias');
    expect(linked.answers).toEqual(['10.9.0.2']);
    expect(resolveName(t, 'c'.repeat(64), 'database')!.rule).toBe('forwarded');
  });

  it('legacy links on the default bridge are /etc/hosts entries, not DNS answers', () => {
    const defaultBridge = network('d', {
      name: 'bridge',
      system: true,
      options: { 'com.docker.network.bridge.default_bridge': 'true' },
    });
    const t = topology({
      networks: [defaultBridge],
      containers: [
        container('a'.repeat(64), { name: 'db', endpoints: [endpoint('d', '172.17.0.2')] }),
        container('b'.repeat(64), { name: 'app', endpoints: [endpoint('d', '172.17.0.3')] }),
      ],
    });
    const resolution = resolveName(t, 'b'.repeat(64), 'database', {
      links: [{ network: 'd', alias: 'database', target: '/db' }],
    })!;
    expect(resolution.rule).toBe('default-bridge');
    expect(resolution.answers).toEqual([]);
    expect(resolution.hostsFile).toEqual(['172.17.0.2']);
  });

  it('container:<id> network mode resolves with the other container’s networks', () => {
    const t = topology({
      networks: [bridge],
      containers: [
        container('a'.repeat(64), { name: 'main', endpoints: [endpoint('br', '10.9.0.2')] }),
        container('b'.repeat(64), { name: 'sidecar', networkMode: `container:${'a'.repeat(64)}` }),
      ],
    });
    const resolution = resolveName(t, 'b'.repeat(64), 'main')!;
    expect(resolution.rule).toBe('shared-network');
    expect(resolution.answers).toEqual(['10.9.0.2']);
  });

  it('a stopped container resolves nothing; an ingress-only task has a resolver but no names', () => {
    const ingress = network('in', {
      driver: 'overlay',
      scope: 'swarm',
      ingress: true,
      system: true,
    });
    const t = topology({
      networks: [ingress, bridge],
      containers: [
        container('a'.repeat(64), {
          name: 'stopped',
          state: 'exited',
          endpoints: [endpoint('br', '10.9.0.2')],
        }),
        container('b'.repeat(64), { name: 'meshed', endpoints: [endpoint('in', '10.0.0.7')] }),
      ],
    });
    expect(resolveName(t, 'a'.repeat(64), 'stopped')!.rule).toBe('not-running');
    const meshed = resolveName(t, 'b'.repeat(64), 'meshed')!;
    expect(meshed.rule).toBe('ingress-only');
    expect(meshed.answers).toEqual([]);
    expect(resolveName(t, 'zzz', 'x')).toBeNull();
  });
});
