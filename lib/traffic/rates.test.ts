import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { recordedLab } from './__fixtures__/topology';
import { parseNetDev, parseRoutes } from './proc-net';
import { endpointOfInterface, endpointRates } from './rates';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('endpointOfInterface', () => {
  it('matches each interface of the recorded task to its network by route', () => {
    const task = recordedLab().containers['web1-id']!;
    const routes = parseRoutes(fixture('overlay-task/route'));
    expect(endpointOfInterface(task, 'eth0', routes)?.networkName).toBe('ingress');
    expect(endpointOfInterface(task, 'eth1', routes)?.networkName).toBe('meta-globe');
    // NOTE: docker_gwbridge is not among the task's endpoints in the engine's inspect.
    expect(endpointOfInterface(task, 'eth2', routes)).toBeNull();
  });
});

describe('endpointRates', () => {
  const container = recordedLab().containers['cli-id']!;
  const routes = parseRoutes(fixture('http-client/route'));
  const interfaces = parseNetDev(fixture('http-client/dev'));
  const later = interfaces.map((counters) =>
    counters.name === 'eth0'
      ? {
          ...counters,
          rxBytes: counters.rxBytes + 3_000,
          txBytes: counters.txBytes + 1_000,
          rxPackets: counters.rxPackets + 20,
          txPackets: counters.txPackets + 10,
        }
      : counters,
  );

  it('gives bytes and packets per second per endpoint, loopback left out', () => {
    const rates = endpointRates(
      { container, at: 2_000, interfaces: later, routes },
      { container, at: 0, interfaces, routes },
    );
    expect(rates).toEqual([
      {
        container: 'cli-id',
        containerName: 't-tr-cli',
        network: 'appnet-id',
        networkName: 'appnet',
        interface: 'eth0',
        rxBytesPerSecond: 1_500,
        txBytesPerSecond: 500,
        rxPacketsPerSecond: 10,
        txPacketsPerSecond: 5,
        rxBytes: 22_316 + 3_000,
        txBytes: 18_132 + 1_000,
      },
    ]);
  });

  it('gives 0 without a previous reading and when counters went back (a new namespace)', () => {
    const first = endpointRates({ container, at: 0, interfaces, routes }, undefined);
    expect(first[0]?.rxBytesPerSecond).toBe(0);
    const reset = endpointRates(
      { container, at: 1_000, interfaces, routes },
      { container, at: 0, interfaces: later, routes },
    );
    expect(reset[0]?.txBytesPerSecond).toBe(0);
  });
});
