import { expect, test, type Page } from '@playwright/test';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import {
  dockerCli,
  drawnAt,
  enableMapTestHooks,
  layoutPositions,
  listRow,
  showList,
  showMap,
  waitForMap,
} from './support/map';
import { openDashboard } from './support/session';

/*
 * Issue 13 on the map: tasks told to stop (inside their stop grace period) are drawn, and drawn
 * unlike running ones; a container started with --network container:X is drawn on X.
 */

const NODES = ['node-1', 'node-2', 'node-3'] as const;

/** The dominant colour drawn around an element's centre (the slot's white digits left out). */
async function fillAt(page: Page, id: string): Promise<number[] | null> {
  const at = await drawnAt(page, id);
  if (!at) return null;
  return page.evaluate(({ x, y }) => {
    const element = document.querySelector<HTMLCanvasElement>('[data-testid="map-canvas"]');
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return null;
    const box = element.getBoundingClientRect();
    const scale = element.width / box.width;
    const half = Math.max(2, Math.round(3 * scale));
    const cx = Math.round((x - box.left) * scale);
    const cy = Math.round((y - box.top) * scale);
    const { data } = ctx.getImageData(cx - half, cy - half, 2 * half + 1, 2 * half + 1);
    const counts = new Map<string, number>();
    for (let i = 0; i < data.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      if (r > 230 && g > 230 && b > 230) continue;
      const key = [r >> 3, g >> 3, b >> 3].join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const best = [...counts].sort((p, q) => q[1] - p[1])[0];
    return best ? best[0].split(',').map((v) => Number(v) * 8) : null;
  }, at);
}

async function cssColour(page: Page, variable: string): Promise<number[]> {
  return page.evaluate((name) => {
    const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }, variable);
}

const distance = (a: number[], b: number[]) =>
  a.reduce((sum, value, index) => sum + Math.abs(value - (b[index] ?? 0)), 0);

test.describe('the task lifecycle and shared namespaces on the map', () => {
  const cleanup: (() => Promise<unknown>)[] = [];

  test.beforeEach(async ({ page }) => {
    await enableMapTestHooks(page);
  });

  test.afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  test('tasks told to stop are drawn, unlike running ones, and counted as stopping', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const network = uniqueName('stopnet');
    const service = uniqueName('stopping');
    await dockerCli('network', 'create', '-d', 'overlay', '--label', 'portolan.test=true', network);
    cleanup.push(() => dockerCli('network', 'rm', network));
    await dockerCli(
      ...['service', 'create', '-d', '--name', service, '--label', 'portolan.test=true'],
      ...['--network', network, '--replicas', '3', '--stop-grace-period', '60s'],
      ...['busybox:latest', 'sh', '-c', 'trap "" TERM; while :; do sleep 1; done'],
    );
    cleanup.push(async () => {
      await dockerCli('service', 'rm', service);
      // NOTE: its stopping tasks would hold the network for their whole grace period.
      for (const node of NODES) {
        const docker = labDocker(node);
        const filters = { label: [`com.docker.swarm.service.name=${service}`] };
        for (const info of await docker.listContainers({ all: true, filters }))
          await docker.getContainer(info.Id).remove({ force: true });
      }
    });
    const tasks = async () =>
      (await labDocker('node-1').listTasks({ filters: { service: [service] } })).filter(
        (task) => task.DesiredState === 'running' && task.Status?.State === 'running',
      );
    await expect.poll(async () => (await tasks()).length, { timeout: 30_000 }).toBe(3);

    await openDashboard(page, `/?q=${encodeURIComponent(service)}`);
    await waitForMap(page);
    const ids = (await tasks()).map((task) => task.ID ?? '');
    for (const id of ids) await expect.poll(() => fillAt(page, id)).not.toBeNull();
    const taskColour = await cssColour(page, '--kind-task');
    for (const id of ids) expect(distance((await fillAt(page, id))!, taskColour)).toBeLessThan(40);

    await dockerCli('service', 'scale', '-d', `${service}=1`);
    // NOTE: `scale -d` returns before the orchestrator has told two tasks to shut down.
    await expect.poll(async () => (await tasks()).length, { timeout: 30_000 }).toBe(1);
    const kept = (await tasks()).map((task) => task.ID ?? '');
    const stopping = ids.filter((id) => !kept.includes(id));
    expect(stopping).toHaveLength(2);
    // Still drawn, in another colour than the running task.
    for (const id of stopping) {
      await expect
        .poll(async () => distance((await fillAt(page, id)) ?? taskColour, taskColour), {
          timeout: 20_000,
        })
        .toBeGreaterThan(80);
    }
    const running = kept[0]!;
    expect(distance((await fillAt(page, running))!, taskColour)).toBeLessThan(40);

    await showList(page);
    await expect(listRow(page, 'service', service).locator('[data-col="state"]')).toHaveText(
      '1/1 running · 2 stopping',
    );
    for (const id of stopping)
      await expect(
        page.locator(`[data-testid="list-row"][data-id="${id}"] [data-col="state"]`),
      ).toHaveText('stopping (running → remove)');
    await listRow(page, 'service', service).getByRole('button').click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector.getByRole('region', { name: /^Tasks: / })).toContainText(
      'Tasks: 1 running · 2 stopping',
    );
    await showMap(page);
  });

  test('a container sharing another’s network namespace is drawn on it, and inspected as such', async ({
    page,
  }) => {
    const docker = labDocker('node-1');
    const prefix = uniqueName('netns');
    const network = await docker.createNetwork({ Name: `${prefix}-net`, Labels: E2E_LABELS });
    cleanup.push(() => network.remove());
    const start = async (name: string, NetworkMode: string) => {
      const box = await docker.createContainer({
        name,
        Image: 'busybox:latest',
        Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'],
        Labels: E2E_LABELS,
        HostConfig: { NetworkMode },
      });
      cleanup.push(() => box.remove({ force: true }));
      await box.start();
      return box.id;
    };
    const host = await start(`${prefix}-host`, `${prefix}-net`);
    const side = await start(`${prefix}-side`, `container:${prefix}-host`);
    const peer = await start(`${prefix}-peer`, `${prefix}-net`);

    await openDashboard(page, `/?q=${encodeURIComponent(prefix)}`);
    await waitForMap(page);
    for (const id of [host, side, peer]) await expect.poll(() => drawnAt(page, id)).not.toBeNull();
    await expect(page.getByTestId('map-canvas')).toHaveAttribute('data-settled', 'true', {
      timeout: 15_000,
    });
    const at = await layoutPositions(page);
    const apart = (a: string, b: string) =>
      Math.hypot((at[a]?.x ?? 0) - (at[b]?.x ?? 1e6), (at[a]?.y ?? 0) - (at[b]?.y ?? 1e6));
    // Joined to its host container (a short link), not to the network the others are on.
    expect(apart(side, host)).toBeLessThan(110);
    expect(apart(side, host)).toBeLessThan(apart(side, network.id));

    await showList(page);
    await listRow(page, 'container', `${prefix}-side`).getByRole('button').click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toContainText(`${prefix}-host's (--network container:)`);
    await expect(inspector.getByRole('region', { name: /^DNS names/ })).toContainText(
      `shares ${prefix}-host's network namespace`,
    );
    await listRow(page, 'container', `${prefix}-host`).getByRole('button').click();
    await expect(
      inspector.getByRole('region', { name: /^Sharing its network namespace/ }),
    ).toContainText(`${prefix}-side`);
    await showMap(page);
  });
});
