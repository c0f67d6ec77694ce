import { describe, expect, it } from 'vitest';

import {
  byName,
  container,
  endpoint,
  labTopology,
  network,
  topology,
} from './__fixtures__/hand-made';
import { hiddenNamesakes, namesakeNote } from './namesakes';
import { resolveName } from './resolve';

const lab = labTopology();
const from = (name: string) => byName(lab.containers, name).id;
const WEB_TASK = 'web.2.zw51u9bd5j3jefbglxlnotl11';

describe('names that exist where a container cannot see them', () => {
  it('resolving web from client answers the container on appnet and names the service on meta-globe', () => {
    const resolution = resolveName(lab, from('client'), 'web')!;
    expect(resolution.rule).toBe('shared-network');
    expect(resolution.answers).toEqual(['172.19.0.2']);
    expect(resolution.namesakes).toEqual([
      {
        network: { id: expect.any(String), name: 'meta-globe' },
        kind: 'service',
        of: expect.arrayContaining(['web']),
        answers: expect.arrayContaining([expect.stringMatching(/^10\.0\.1\./)]),
      },
    ]);
    expect(resolution.note).toMatch(
      /^web also exists where client cannot see it: service web(, [^ ]+)* on meta-globe \(10\.0\.1\.\d+.*\)\. client does not join meta-globe, so its lookup gets the web on appnet only/,
    );
  });

  it('works the other way round: a web task is told about the container web on appnet', () => {
    const resolution = resolveName(lab, from(WEB_TASK), 'web')!;
    expect(resolution.network?.name).toBe('meta-globe');
    expect(resolution.namesakes.map((n) => [n.network.name, n.kind, n.of])).toEqual([
      ['appnet', 'container', ['web']],
    ]);
    expect(resolution.note).toMatch(/container web on appnet \(172\.19\.0\.2\)/);
  });

  it('says nothing when the name lives only where the container can see it', () => {
    const resolution = resolveName(lab, from('client'), 'frontend')!;
    expect(resolution.namesakes).toEqual([]);
    expect(resolution.note).toBeUndefined();
  });

  it('lists every unseen network, sorted, and skips the visible ones', () => {
    const a = network('a', { name: 'alpha', subnet: '10.1.0.0/24' });
    const b = network('b', { name: 'beta', subnet: '10.2.0.0/24' });
    const c = network('c', { name: 'gamma', subnet: '10.3.0.0/24' });
    const t = topology({
      networks: [c, b, a],
      containers: [
        container('1'.repeat(64), { name: 'db', endpoints: [endpoint('a', '10.1.0.2')] }),
        container('2'.repeat(64), { name: 'db2', endpoints: [endpoint('b', '10.2.0.2')] }),
        container('3'.repeat(64), { name: 'DB', endpoints: [endpoint('c', '10.3.0.2')] }),
      ],
    });
    const unseen = hiddenNamesakes(t, new Set(['a']), 'db');
    expect(unseen.map((n) => [n.network.name, n.answers])).toEqual([['gamma', ['10.3.0.2']]]);
    const both = hiddenNamesakes(t, new Set(), 'db');
    expect(both.map((n) => n.network.name)).toEqual(['alpha', 'gamma']);
    expect(namesakeNote('probe', 'db', null, both)).toMatch(
      /probe joins none of alpha, gamma, so its lookup gets the db it can see only/,
    );
    expect(namesakeNote('probe', 'db', 'alpha', [])).toBeNull();
  });
});
