import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Liveness } from '@/server/config';

import { convergedWithFreshInventory } from '../support/convergence';
import { freezeEngine } from '../support/lab-control';
import { dockerFor, labEngineSpecs, runSleeper, waitFor } from '../support/lab-engines';
import {
  startLiveHarness,
  type LiveHarness,
  type RecordingClient,
  allEnginesLive,
} from '../support/live-harness';

/**
 * Faults that must lose nothing (#19): a hung engine, and an event whose implied state the
 * engine contradicts. The periodic reconcile is off, so only the event path and the link's own
 * recovery can make the graph right again.
 */
const PREFIX = 'ft';
const LIVENESS: Liveness = { keepaliveMs: 1_000, pingTimeoutMs: 1_000, reconcileMs: 0 };
/** A hung engine must be marked stale within one keepalive period plus the ping's bound. */
const STALE_BOUND_MS = LIVENESS.keepaliveMs + LIVENESS.pingTimeoutMs;
/** What the test runner's own timers may add to that bound on a loaded two-core machine. */
const TIMER_SLACK_MS = 750;

let harness: LiveHarness;
let client: RecordingClient;
let engines: Map<string, Docker>;
const made: [Docker, string][] = [];

function engine(name: string): Docker {
  const docker = engines.get(name);
  if (!docker) throw new Error(`the lab has no ${name}`);
  return docker;
}

async function runOwnSleeper(on: string, extra: Partial<Docker.ContainerCreateOptions> = {}) {
  const id = await runSleeper(engine(on), PREFIX, extra);
  made.push([engine(on), id]);
  return id;
}

function expectUnbrokenVersions(): void {
  expect(client.gaps).toEqual([]);
  for (let i = 1; i < client.steps.length; i++) {
    const step = client.steps[i];
    if (step?.kind === 'patch') expect(step.from).toBe(client.steps[i - 1]?.to);
  }
}

beforeAll(async () => {
  const specs = labEngineSpecs();
  engines = new Map(specs.map((spec) => [spec.name, dockerFor(spec)]));
  harness = await startLiveHarness(specs, { liveness: LIVENESS });
  client = await harness.connect();
  await allEnginesLive(client, specs.length);
});

afterAll(async () => {
  await harness?.close();
  for (const [docker, id] of made) {
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
});

describe('a hung engine (its dockerd frozen with SIGSTOP)', () => {
  it('is marked stale within the keepalive bound, keeps its last state, and converges after SIGCONT', async () => {
    const before = await runOwnSleeper('node-3');
    await waitFor('the container on the map', () => client.topology?.containers[before], 15_000);

    const thaw = freezeEngine('node-3');
    let queued: Promise<string> | null = null;
    try {
      const frozenAt = Date.now();
      await waitFor(
        'node-3 marked stale',
        () => client.topology?.engines['node-3']?.stale === true,
        STALE_BOUND_MS + TIMER_SLACK_MS,
        10,
      );
      const staleAfterMs = Date.now() - frozenAt;
      expect(staleAfterMs).toBeLessThanOrEqual(STALE_BOUND_MS + TIMER_SLACK_MS);
      // The last state is still shown, marked stale, not emptied.
      expect(client.topology?.containers[before]?.state).toBe('running');
      // A change asked of the frozen engine waits in its socket and happens after SIGCONT: its
      // events must reach the map through the replay from the last event seen.
      queued = runOwnSleeper('node-3');
    } finally {
      thaw();
    }
    const after = await queued;
    await waitFor(
      'node-3 live again',
      () => client.topology?.engines['node-3']?.stale === false,
      30_000,
    );
    await waitFor('the change made while frozen', () => client.topology?.containers[after]);
    expect(client.topology?.containers[after]?.state).toBe('running');
    await convergedWithFreshInventory(harness, client, 'after');
    expectUnbrokenVersions();
  });
});

describe('an event-implied state that the engine contradicts', () => {
  it('shows "restarting" where the die event implied "exited", then the truth again', async () => {
    // A container that fails at once under `restart: always`: each `die` implies exited, but the
    // engine holds it in `restarting` for a growing back-off; only the inspect can say so.
    const id = await runOwnSleeper('node-1', {
      Cmd: ['sh', '-c', 'exit 3'],
      HostConfig: { RestartPolicy: { Name: 'always' } },
    });
    await waitFor(
      'the map showing the container as restarting',
      () => client.topology?.containers[id]?.state === 'restarting',
      30_000,
      5,
    );
    // NOTE: the engine refuses to update the restart policy of a restarting container; a stop
    // ends the restart loop (a manual stop is never restarted). Repeated until it holds, as a stop
    // can land while the container is between two starts.
    const inspect = await waitFor('the engine settled on exited', async () => {
      const container = engine('node-1').getContainer(id);
      await container.stop({ t: 0 }).catch(() => undefined);
      const read = await container.inspect();
      return read.State.Status === 'exited' ? read : null;
    });
    await waitFor(
      'the map agreeing',
      () => client.topology?.containers[id]?.state === inspect.State.Status,
      15_000,
    );
    await convergedWithFreshInventory(harness, client, 'after');
    expectUnbrokenVersions();
  });
});
