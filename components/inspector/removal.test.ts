import { describe, expect, it } from 'vitest';

import {
  emptyTopology,
  type TopologyContainer,
  type TopologyNetwork,
  type TopologyService,
  type TopologyTask,
} from '@/lib/topology/types';

import { containerRemoval, networkRemoval, serviceRemoval } from './removal';

function topology() {
  const t = emptyTopology(1);
  t.networks.n1 = {
    id: 'n1',
    name: 'appnet',
    driver: 'bridge',
    subnets: [{ subnet: '10.213.0.0/24', gateway: null, ipRange: null }],
  } as unknown as TopologyNetwork;
  t.containers.c1 = {
    id: 'c1',
    name: 'client',
    state: 'running',
    endpoints: [{ network: 'n1', networkName: 'appnet' }],
  } as unknown as TopologyContainer;
  t.services.s1 = {
    id: 's1',
    name: 'web',
    vips: [{ network: 'n1', addr: '10.0.0.2' }],
    ports: [{ published: 8080, protocol: 'tcp' }],
  } as unknown as TopologyService;
  for (const slot of [1, 2]) {
    t.tasks[`t${slot}`] = { id: `t${slot}`, name: `web.${slot}`, service: 's1' } as TopologyTask;
  }
  return t;
}

describe('what a removal asks', () => {
  it("names a network's subnet and endpoints, and that Docker refuses while they remain", () => {
    const asked = networkRemoval(topology(), 'n1', false)!;
    expect(asked.question).toBe('Remove network appnet?');
    expect(asked.details.join(' ')).toContain('bridge network, 10.213.0.0/24');
    expect(asked.details.join(' ')).toContain('1 container still has an endpoint on it (client)');
  });

  it('names the containers "disconnect all and remove" disconnects', () => {
    const asked = networkRemoval(topology(), 'n1', true)!;
    expect(asked.confirmLabel).toBe('Disconnect and remove');
    expect(asked.details[0]).toBe('1 container loses its endpoint on it: client.');
  });

  it("names a service's tasks, VIPs and published ports", () => {
    const asked = serviceRemoval(topology(), 's1')!;
    expect(asked.question).toBe('Remove service web?');
    expect(asked.details).toEqual([
      'Its 2 tasks stop and go: web.1, web.2.',
      'Its virtual IPs are released.',
      'Its published ports close: 8080/tcp.',
    ]);
  });

  it("names a container's state and networks; nothing for what is not there", () => {
    expect(containerRemoval(topology(), 'c1')?.details).toEqual([
      'It is running: it is stopped first (forced).',
      'Its endpoints go from 1 network: appnet.',
    ]);
    expect(containerRemoval(topology(), 'gone')).toBeNull();
  });
});
