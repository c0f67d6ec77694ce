import { expect, test, type Page } from '@playwright/test';

import type { PortolanTestHooks } from '@/components/map/test-hooks';
import { jsonEqual } from '@/lib/topology/json-equal';
import type { Topology } from '@/lib/topology/types';

import { freshTopology } from './support/fresh';
import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { ServerProcess } from './support/server-process';
import { enableMapTestHooks, waitForMap } from './support/map';
import { E2E_TOKENS, openDashboard } from './support/session';

/**
 * Faults with the map open in Chromium (#19): the server restarting, and a gap in the socket,
 * each while containers come and go. Afterwards the page's model must equal a fresh inventory
 * of the engines, without a reload.
 */
const SLEEP_CMD = ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'];
const made: string[] = [];

function withoutVersion(topology: Topology | null) {
  if (!topology) return null;
  const { version: _version, ...rest } = topology;
  return JSON.parse(JSON.stringify(rest)) as unknown;
}

async function pageModel(page: Page): Promise<Topology | null> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    return hooks?.live?.topology() ?? null;
  });
}

async function pageResyncs(page: Page): Promise<number> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    return hooks?.live?.resyncs() ?? -1;
  });
}

async function expectPageEqualsFreshInventory(page: Page) {
  await expect
    .poll(
      async () =>
        jsonEqual(withoutVersion(await pageModel(page)), withoutVersion(await freshTopology())),
      { timeout: 30_000, message: "the page's model equal to a fresh inventory" },
    )
    .toBe(true);
}

/** Runs and removes containers on node-1 until finished: the changes a fault must not lose. */
function churn() {
  const docker = labDocker('node-1');
  let stop = false;
  let rounds = 0;
  const done = (async () => {
    while (!stop && rounds < 30) {
      const container = await docker.createContainer({
        name: uniqueName('ft'),
        Image: 'busybox:latest',
        Cmd: SLEEP_CMD,
        Labels: E2E_LABELS,
      });
      made.push(container.id);
      await container.start();
      if (rounds % 2 === 1) await container.remove({ force: true });
      rounds += 1;
    }
  })();
  return {
    rounds: () => rounds,
    async finish() {
      stop = true;
      await done;
    },
  };
}

test.afterAll(async () => {
  const docker = labDocker('node-1');
  for (const id of made) {
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  }
});

test.describe('faults with the map open', () => {
  test('the server restarts while containers come and go: the page reconnects by itself and equals a fresh inventory', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const server = new ServerProcess({
      port: Number(process.env.E2E_PORT ?? 3210) + 17,
      name: 'faults',
    });
    try {
      await server.start();
      await enableMapTestHooks(page);
      await page.goto(`${server.url}/?token=${E2E_TOKENS.operator}`);
      await waitForMap(page);
      // A mark only this document holds: a reload would lose it.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));

      const load = churn();
      await expect.poll(() => load.rounds(), { timeout: 30_000 }).toBeGreaterThan(1);
      await server.stop();
      await expect(page.getByTestId('server-link')).not.toHaveAttribute('data-state', 'connected');
      const during = load.rounds();
      await expect.poll(() => load.rounds(), { timeout: 30_000 }).toBeGreaterThan(during + 1);
      await server.start();
      await load.finish();

      await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected', {
        timeout: 30_000,
      });
      await expectPageEqualsFreshInventory(page);
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
        true,
      );
    } finally {
      await server.dispose();
    }
  });

  test('a gap in the socket while changes happen: the page asks for a resync and ends equal', async ({
    page,
  }) => {
    let dropping = false;
    let dropped = 0;
    // NOTE: socket.io's event frames start with "42"; pings pass, so the link itself stays up
    // and only what the server said meanwhile is lost, as after a network cut the socket survived.
    await page.routeWebSocket(/\/socket\.io\//, (browserSide) => {
      const serverSide = browserSide.connectToServer();
      browserSide.onMessage((message) => serverSide.send(message));
      serverSide.onMessage((message) => {
        if (dropping && typeof message === 'string' && message.startsWith('42')) {
          dropped += 1;
          return;
        }
        browserSide.send(message);
      });
    });
    await enableMapTestHooks(page);
    await openDashboard(page);
    await waitForMap(page);
    expect(await pageResyncs(page)).toBe(0);

    dropping = true;
    const load = churn();
    await expect.poll(() => dropped, { timeout: 30_000 }).toBeGreaterThan(3);
    dropping = false;
    await expect.poll(() => load.rounds(), { timeout: 30_000 }).toBeGreaterThan(load.rounds());
    await load.finish();

    await expect.poll(() => pageResyncs(page), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectPageEqualsFreshInventory(page);
  });
});
