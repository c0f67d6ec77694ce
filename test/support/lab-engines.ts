import { execFileSync } from 'node:child_process';

import Docker from 'dockerode';

import { parseEngineList, type EngineSpec } from '@/lib/config/engine-address';

/**
 * The lab's engines, from PORTOLAN_ENGINES when the caller exported it (npm test does), else from
 * `lab.sh env`. Fails with one readable line when the lab is not up.
 */
export function labEngineSpecs(): EngineSpec[] {
  let value = process.env.PORTOLAN_ENGINES;
  if (!value) {
    const env = execFileSync('bash', ['scripts/lab/lab.sh', 'env'], { encoding: 'utf8' });
    value = /PORTOLAN_ENGINES=([^\s'"]+)/.exec(env)?.[1];
  }
  const parsed = parseEngineList(value ?? '', false);
  if (!parsed.ok)
    throw new Error(`The lab is not configured (${parsed.error}); run npm run lab -- up`);
  return parsed.value;
}

export function dockerFor(spec: EngineSpec): Docker {
  if (spec.address.kind !== 'unix') throw new Error('the lab engines listen on unix sockets');
  return new Docker({ socketPath: spec.address.socketPath });
}

/** Names no other test (or earlier run) uses: `t-<prefix>-<time>-<random>`. */
export function uniqueName(prefix: string): string {
  return `t-${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Every object a test makes carries this label, so a crashed run's leftovers can be pruned. */
export const TEST_LABELS = { 'portolan.test': 'true' };

/** A container's command that sleeps until stopped and stops at once on SIGTERM. */
export const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];

/**
 * Runs a labelled busybox sleeper of the test's own on `docker` and returns its id; the caller
 * removes it (tests keep the ids they made and remove them in `afterAll`).
 */
export async function runSleeper(
  docker: Docker,
  prefix: string,
  extra: Partial<Docker.ContainerCreateOptions> = {},
): Promise<string> {
  const container = await docker.createContainer({
    name: uniqueName(prefix),
    Image: 'busybox:latest',
    Cmd: SLEEP_CMD,
    Labels: TEST_LABELS,
    ...extra,
  });
  try {
    await container.start();
  } catch (error) {
    await container.remove({ force: true }).catch(() => undefined);
    throw error;
  }
  return container.id;
}

/** Polls `check` until it returns true (or a value), failing after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Removes what earlier, crashed runs left behind (services, containers, networks labelled test). */
export async function pruneTestObjects(docker: Docker, swarmManager: boolean): Promise<void> {
  const filters = { label: ['portolan.test=true'] };
  if (swarmManager) {
    for (const service of await docker.listServices({ filters })) {
      await docker
        .getService(service.ID)
        .remove()
        .catch(() => undefined);
    }
  }
  for (const container of await docker.listContainers({ all: true, filters })) {
    await docker
      .getContainer(container.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const network of await docker.listNetworks({ filters })) {
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => undefined);
  }
}
