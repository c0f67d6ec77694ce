import { describe, expect, it } from 'vitest';

import { container, endpoint, labTopology, network, topology } from './__fixtures__/hand-made';
import { findWorkload } from './model';
import { reach } from './reach';

const lab = labTopology();
const workload = (ref: string, t = lab) => {
  const found = findWorkload(t, ref);
  if (!found.ok) throw new Error(found.error);
  return found.value;
};

describe('reach on the recorded lab', () => {
  it('containers on one bridge: direct, by name, no publishing', () => {
    const result = reach(lab, workload('client'), workload('container:web'), 80);
    expect(result.verdict).toBe('direct');
    expect(result.use).toEqual({ address: '172.19.0.2', name: 'web', port: 80, network: 'appnet' });
    expect(result.shared.map((entry) => entry.network.name)).toEqual(['appnet']);
  });

  it('task to service on an overlay: the VIP, with task addresses beside it', () => {
    const result = reach(lab, workload('service:orange'), workload('service:web'), 80);
    expect(result.verdict).toBe('direct');
    expect(result.shared[0]).toMatchObject({
      network: { name: 'meta-globe', driver: 'overlay' },
      vip: '10.0.1.11',
      addresses: ['10.0.1.11'],
      taskAddresses: ['10.0.1.12', '10.0.1.13', '10.0.1.14', '10.0.1.15'],
      name: 'web',
    });
    expect(result.serviceNote).toMatch(/VIP/);
  });

  it('a dnsrr service has no VIP: the task addresses', () => {
    const result = reach(
      lab,
      workload('vault.1.ak2tustdz263ytijv2kd410l4'),
      workload('service:vault'),
    );
    expect(result.shared[0]).toMatchObject({ vip: null, addresses: ['10.0.2.2', '10.0.2.3'] });
    expect(result.serviceNote).toMatch(/dnsrr/);
  });

  it('no shared network: through the routing mesh, preferably on the own node', () => {
    const result = reach(lab, workload('client'), workload('service:web'), 80);
    expect(result.verdict).toBe('published');
    expect(result.use).toMatchObject({ address: '10.213.0.11', port: 5000 });
    expect(result.published[0]?.entries).toHaveLength(3);
  });

  it('a bare name that is both a container and a service is ambiguous', () => {
    expect(findWorkload(lab, 'web')).toMatchObject({ ok: false, problem: 'ambiguous' });
  });

  it('none reaches nothing', () => {
    const result = reach(lab, workload('isolated'), workload('client'));
    expect(result.verdict).toBe('unreachable');
    expect(result.summary).toMatch(/network none/);
  });

  it('host network reaches a bridge container on its node through the node', () => {
    const result = reach(lab, workload('hostnet'), workload('legacy'), 80);
    expect(result.verdict).toBe('via-node');
    expect(result.use?.address).toBe('172.17.1.2');
  });

  it('across bridges with nothing published: unreachable, with advice', () => {
    const result = reach(lab, workload('legacy'), workload('client'), 80);
    expect(result.verdict).toBe('unreachable');
    expect(result.advice.join(' ')).toMatch(/user-defined network/);
    expect(result.advice.join(' ')).toMatch(/-p HOSTPORT:80/);
  });
});

describe('reach rules', () => {
  it('an internal network still joins its members, and says what it forbids', () => {
    const internal = network('back', { internal: true });
    const t = topology({
      networks: [internal],
      containers: [
        container('a'.repeat(64), { name: 'api', endpoints: [endpoint('back', '10.7.0.2')] }),
        container('b'.repeat(64), { name: 'db', endpoints: [endpoint('back', '10.7.0.3')] }),
      ],
    });
    const result = reach(t, workload('api', t), workload('db', t), 5432);
    expect(result.verdict).toBe('direct');
    expect(result.use).toMatchObject({ address: '10.7.0.3', name: 'db' });
    expect(result.internal[0]).toMatch(/back is internal/);
    expect(result.advice.join(' ')).toMatch(/only on internal networks/);
  });
});
