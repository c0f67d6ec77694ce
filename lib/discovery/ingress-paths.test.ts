import { describe, expect, it } from 'vitest';

import { labTopology } from './__fixtures__/hand-made';
import { explainIngress } from './ingress-paths';

describe('explainIngress on the recorded lab', () => {
  const paths = explainIngress(labTopology());
  const web = paths.find((path) => path.mode === 'ingress');
  const legacy = paths.find((path) => path.mode === 'bridge');

  it('the routing mesh: any node → ingress sandbox → VIP on ingress → every task', () => {
    expect(web?.mode).toBe('ingress');
    expect(web?.hops.map((hop) => hop.map((step) => step.kind))).toEqual([
      ['client'],
      ['node', 'node', 'node'],
      ['ingress-sandbox'],
      ['vip'],
      ['task', 'task', 'task', 'task'],
    ]);
    expect(web?.hops[1]?.map((step) => step.addresses[0])).toEqual([
      '10.213.0.11:5000',
      '10.213.0.12:5000',
      '10.213.0.13:5000',
    ]);
    expect(web?.hops[3]?.[0]?.addresses).toEqual(['10.0.0.5:80']);
    expect(web?.hops[4]?.map((step) => step.label)).toEqual(['web.1', 'web.2', 'web.3', 'web.4']);
  });

  it('a bridge port mapping: one node:port, DNAT, the container', () => {
    expect(legacy?.mode).toBe('bridge');
    expect(legacy?.summary).toBe('10.213.0.11:8080 → legacy:80 (port mapping on node-1 only)');
    expect(legacy?.hops[2]?.[0]?.addresses).toEqual(['172.17.1.2:80']);
  });
});
