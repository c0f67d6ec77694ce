import { describe, expect, it } from 'vitest';

import { recordedLab } from './__fixtures__/topology';
import { observedReach } from './observed';
import type { TrafficConversation, TrafficPeer, TrafficSample } from './types';

const topology = recordedLab();
const peer = (kind: TrafficPeer['kind'], id: string, task: string | null = null): TrafficPeer => ({
  kind,
  id,
  name: id,
  ip: '10.0.0.1',
  task,
});
const talk = (from: TrafficPeer, to: TrafficPeer, port = 80): TrafficConversation => ({
  id: `${from.id}>${to.id}:${port}`,
  from,
  to,
  network: null,
  port,
  protocol: 'tcp',
  connections: 3,
  open: 0,
  firstSeen: 50_000,
  lastSeen: 100_000,
});
const sample = (conversations: TrafficConversation[], more: Partial<TrafficSample> = {}) => ({
  at: 100_000,
  intervalMs: 1_000,
  ageMs: 60_000,
  since: 0,
  engines: [
    { engine: 'node-1', observable: true, containers: 3, via: 'host' as const, reason: null },
  ],
  conversations,
  endpoints: [],
  ...more,
});
const cli = { kind: 'container', id: 'cli-id' } as const;
const srv = { kind: 'container', id: 'srv-id' } as const;
const web = { kind: 'service', id: 'web-svc' } as const;

describe('observedReach', () => {
  it('says yes for a conversation from A to B, with the port when one is asked', () => {
    const seen = sample([talk(peer('container', 'cli-id'), peer('container', 'srv-id'))]);
    expect(observedReach(seen, topology, cli, srv, 80)).toMatchObject({
      observed: 'yes',
      windowMs: 60_000,
      text: 'Seen in the last 1 min on port 80: 3 connections, 80/tcp.',
    });
    expect(observedReach(seen, topology, cli, srv, null).observed).toBe('yes');
    expect(observedReach(seen, topology, cli, srv, 443)).toMatchObject({
      observed: 'no',
      text: 'Not seen in the last 1 min on port 443.',
    });
    // Direction matters: the server never called the client.
    expect(observedReach(seen, topology, srv, cli, null).observed).toBe('no');
  });

  it('counts a service’s VIP, its tasks and its task containers as the service', () => {
    for (const to of [
      peer('service', 'web-svc'),
      peer('task', 'web2-task', 'web2-task'),
      peer('container', 'web1-id', 'web1-task'),
    ]) {
      expect(
        observedReach(sample([talk(peer('container', 'cli-id'), to)]), topology, cli, web, 80),
      ).toMatchObject({ observed: 'yes' });
    }
  });

  it('looks back only as far as sampling has run', () => {
    const seen = sample([], { since: 80_000 });
    expect(observedReach(seen, topology, cli, srv, null)).toMatchObject({
      observed: 'no',
      windowMs: 20_000,
      text: 'Not seen in the last 20 s.',
    });
  });

  it('says unknown without a sample, or when neither end’s engine is observable', () => {
    expect(observedReach(null, topology, cli, srv, null).observed).toBe('unknown');
    const blind = sample([], {
      engines: [
        { engine: 'node-1', observable: false, containers: 0, via: null, reason: 'remote' },
      ],
    });
    expect(observedReach(blind, topology, cli, srv, null)).toMatchObject({
      observed: 'unknown',
      text: 'Traffic is not visible on the engines these two run on.',
    });
  });
});
