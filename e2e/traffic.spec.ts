import { expect, test, type Page } from '@playwright/test';

import { THEME_COOKIE, type Theme } from '@/lib/theme';

import type { PortolanTestHooks } from '../components/map/test-hooks';
import { E2E_LABELS, labDocker } from './support/lab';
import { enableMapTestHooks, waitForMap } from './support/map';
import { openDashboard } from './support/session';

/**
 * The Traffic layer in Chromium: two busybox containers of our own on a bridge of our own (an
 * HTTP server and a client calling it every 0.5 s); with the layer on, the map draws an edge from
 * the client to the server labelled with the port, the inspector lists the conversation both
 * ways, and once the client stops the edge stops moving and fades.
 */
const docker = () => labDocker('node-1');
const name = `t16-tr-e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const made: { containers: string[]; network: string | null } = { containers: [], network: null };
const ids = { server: '', client: '' };

async function run(container: string, script: string) {
  const created = await docker().createContainer({
    name: container,
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', `trap "exit 0" TERM; ${script}`],
    Labels: E2E_LABELS,
    HostConfig: { NetworkMode: name, Init: true },
  });
  made.containers.push(created.id);
  await created.start();
  return created.id;
}

type DrawnEdge = ReturnType<NonNullable<PortolanTestHooks['map']>['traffic']>[number];

async function drawnEdge(page: Page): Promise<DrawnEdge | null> {
  return page.evaluate(
    ({ from, to }) => {
      const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
      return hooks?.map?.traffic().find((edge) => edge.from === from && edge.to === to) ?? null;
    },
    { from: ids.client, to: ids.server },
  );
}

async function shoot(page: Page, label: string) {
  const path = test.info().outputPath(`${label}.png`);
  await page.screenshot({ path });
  await test.info().attach(label, { path, contentType: 'image/png' });
}

/** Opens the map on our objects and turns the Traffic layer on (from the URL, with stopped ones). */
async function openWithTraffic(
  page: Page,
  theme: Theme,
  { select, stopped = false }: { select?: string; stopped?: boolean } = {},
) {
  await page
    .context()
    .addCookies([{ name: THEME_COOKIE, value: theme, domain: '127.0.0.1', path: '/' }]);
  await enableMapTestHooks(page);
  const query = new URLSearchParams({ q: name });
  if (select) query.set('select', select);
  if (stopped) query.set('layers', 'stopped,system,ingress,tasks,traffic');
  await openDashboard(page, `/?${query.toString()}`);
  await waitForMap(page);
  if (!stopped) await page.getByTestId('layer-traffic').check();
  await expect(page.getByTestId('layer-traffic')).toBeChecked();
}

test.describe('the Traffic layer', () => {
  test.beforeAll(async () => {
    const network = await docker().createNetwork({
      Name: name,
      Driver: 'bridge',
      Labels: E2E_LABELS,
    });
    made.network = network.id;
    ids.server = await run(
      `${name}-srv`,
      'mkdir -p /www && echo hello > /www/index.html && httpd -f -p 80 -h /www & wait',
    );
    ids.client = await run(
      `${name}-cli`,
      `while :; do wget -q -O /dev/null http://${name}-srv/ ; sleep 0.5 & wait $!; done`,
    );
  });

  test.afterAll(async () => {
    for (const id of made.containers) {
      await docker()
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    if (made.network) {
      await docker()
        .getNetwork(made.network)
        .remove()
        .catch(() => undefined);
    }
  });

  test('draws client → server with its port, lists it in the inspector (light and dark)', async ({
    page,
  }) => {
    await openWithTraffic(page, 'light', { select: ids.server });
    await expect
      .poll(async () => (await drawnEdge(page))?.label ?? null, { timeout: 15_000 })
      .toMatch(/^80\/tcp · \d+\/min$/);
    expect(await drawnEdge(page)).toMatchObject({ active: true, alpha: 1 });
    // The reverse direction is not drawn.
    const reverse = await page.evaluate(
      ({ from, to }) =>
        (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks?.map
          ?.traffic()
          .some((edge) => edge.from === from && edge.to === to),
      { from: ids.server, to: ids.client },
    );
    expect(reverse).toBe(false);

    const inspector = page.getByTestId('inspector');
    const talkedToBy = inspector.locator('section', { hasText: 'Talked to by' });
    await expect(talkedToBy).toContainText(`${name}-cli (${name})`);
    await expect(talkedToBy).toContainText('80/tcp');
    await expect(inspector.locator('section', { hasText: 'Throughput' })).toContainText('eth0');
    await expect(page.getByTestId('traffic-notice')).toHaveCount(0);
    await shoot(page, 'traffic-light');

    await page.context().clearCookies({ name: THEME_COOKIE });
    await openWithTraffic(page, 'dark', { select: ids.client });
    await expect(page.locator('html')).toHaveClass('dark');
    await expect.poll(async () => (await drawnEdge(page))?.active ?? null).toBe(true);
    await expect(
      page.getByTestId('inspector').locator('section', { hasText: 'Talks to' }),
    ).toContainText(`${name}-srv (${name})`);
    await shoot(page, 'traffic-dark');
  });

  test('the reach tool says what was observed beside its prediction: yes one way, no the other', async ({
    page,
  }) => {
    await openDashboard(page, '/explain');
    await page.getByRole('tab', { name: 'Can A reach B?', exact: true }).click();
    const pick = (label: string, id: string) =>
      page.getByLabel(label, { exact: true }).selectOption(`container:${id}`);
    await pick('A (from)', ids.client);
    await pick('B (to)', ids.server);
    await page.getByLabel('Port', { exact: true }).fill('80');
    await expect(page.getByTestId('reach-verdict')).toHaveText('Yes, directly');
    const observed = page.getByTestId('reach-observed-badge');
    await expect(observed).toHaveText(/^observed in the last (\d+ s|[\d.]+ min): yes$/, {
      timeout: 15_000,
    });
    await expect(page.getByTestId('reach-observed')).toContainText('80/tcp');
    // The server never calls the client.
    await pick('A (from)', ids.server);
    await pick('B (to)', ids.client);
    await expect(observed).toHaveText(/^observed in the last (\d+ s|[\d.]+ min): no$/);
  });

  test('the edge stops moving and fades once the caller is stopped', async ({ page }) => {
    // NOTE: with stopped containers shown, so the stopped caller stays on the map.
    await openWithTraffic(page, 'light', { stopped: true });
    await expect.poll(async () => (await drawnEdge(page))?.active ?? null).toBe(true);
    await docker().getContainer(ids.client).stop({ t: 1 });
    await expect
      .poll(async () => await drawnEdge(page), { timeout: 20_000 })
      .toMatchObject({ active: false });
    await expect
      .poll(async () => (await drawnEdge(page))?.alpha ?? 0, { timeout: 20_000 })
      .toBeLessThan(0.95);
  });
});
