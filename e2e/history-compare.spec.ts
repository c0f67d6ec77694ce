import { expect, test, type Page } from '@playwright/test';

import type { PortolanTestHooks } from '@/components/map/test-hooks';

import { dockerCli, enableMapTestHooks, listRow, showList, waitForMap } from './support/map';
import { operatorHeaders, openDashboard } from './support/session';
import { mappedIds } from './support/snapshot-server';

/**
 * Comparing moments in Chromium on the lab: two past moments around the creation of a network
 * (it is listed as added, with its subnet, and glows on the map of the second moment), and "since
 * the last deploy of" a service made and then updated with the docker CLI.
 */
const suffix = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const networkName = `ht-cmp-${suffix}`;
const serviceName = `ht-dep-${suffix}`;

test.afterAll(async () => {
  await dockerCli('network', 'rm', networkName).catch(() => undefined);
  await dockerCli('service', 'rm', serviceName).catch(() => undefined);
});

/** A moment as the page's `datetime-local` input takes it (the browser's local time). */
async function localInput(page: Page, time: number): Promise<string> {
  return page.evaluate(
    (t) => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 19),
    time,
  );
}

async function glowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    if (!hooks?.map) throw new Error('no map test hooks');
    return hooks.map.glowing();
  });
}

test('two past moments around a network’s creation: listed as added with its subnet, glowing on the map', async ({
  page,
}) => {
  await enableMapTestHooks(page);
  await openDashboard(page);
  await waitForMap(page);
  // The second moment is given to the second (datetime-local), so the first is a whole second.
  const first = Math.floor(Date.now() / 1000) * 1000;
  await dockerCli('network', 'create', '--label', 'portolan.test=true', networkName);
  const id = await dockerCli('network', 'inspect', '-f', '{{.Id}}', networkName);
  const subnet = await dockerCli(
    'network',
    'inspect',
    '-f',
    '{{(index .IPAM.Config 0).Subnet}}',
    networkName,
  );
  await showList(page);
  await expect(listRow(page, 'network', networkName)).toBeVisible();
  // The second moment: the next whole second once it is past (a moment to come is refused).
  const second = Math.ceil((Date.now() + 1) / 1000) * 1000;
  await expect.poll(() => Date.now()).toBeGreaterThan(second);

  await page.goto(`/?at=${encodeURIComponent(new Date(first).toISOString())}`);
  const banner = page.getByTestId('past-banner');
  await expect(banner).not.toContainText('loading');
  await waitForMap(page);
  expect(await mappedIds(page)).not.toContain(id);
  await banner.getByRole('button', { name: 'Compare with now' }).click();
  const panel = page.getByTestId('compare-panel');
  await panel.getByRole('combobox', { name: 'Compare to' }).selectOption('moment');
  await panel.getByLabel('Second moment').fill(await localInput(page, second));
  await expect(panel.getByTestId('compare-summary')).toContainText('to then:');
  const added = panel.locator(
    `li[data-change="added"][data-kind="network"][data-name="${networkName}"]`,
  );
  await expect(added).toContainText(subnet);
  // Nothing of the network on the first moment's map; on the second's, it glows.
  expect(await glowing(page)).not.toContain(id);
  await panel.getByRole('radio', { name: 'the second moment' }).click();
  await expect.poll(() => glowing(page)).toContain(id);
  // Actions stay off on either moment.
  await expect(page.getByRole('button', { name: '+ Network' })).toHaveCount(0);
});

test('since the last deploy of a service: the picker finds the update and lists what changed', async ({
  page,
}) => {
  await dockerCli(
    ...['service', 'create', '-d', '--name', serviceName, '--label', 'portolan.test=true'],
    ...['--replicas', '1', '--stop-grace-period', '1s'],
    ...['busybox:latest', 'sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
  );
  const serviceId = await dockerCli('service', 'inspect', '-f', '{{.ID}}', serviceName);
  await openDashboard(page, '/?view=list');
  await expect(listRow(page, 'service', serviceName)).toBeVisible();
  const created = Date.parse(
    await dockerCli(
      'service',
      'inspect',
      '-f',
      '{{.CreatedAt.Format "2006-01-02T15:04:05.999999999Z07:00"}}',
      serviceName,
    ),
  );
  await dockerCli('service', 'update', '-d', '--replicas', '2', serviceName);

  // Wait until the history holds the update as the service's last deploy.
  await expect
    .poll(
      async () => {
        const response = await page.request.get(
          `/api/history/deploy?service=${encodeURIComponent(serviceId)}`,
          { headers: operatorHeaders },
        );
        if (!response.ok()) return 0;
        const body = (await response.json()) as { before?: string };
        return body.before ? Date.parse(body.before) : 0;
      },
      { message: 'the update recorded as the last deploy', timeout: 30_000 },
    )
    .toBeGreaterThan(created);

  await page.getByTestId('deploy-picker').selectOption({ label: serviceName });
  await expect(page).toHaveURL(/[?&]at=/);
  const at = Date.parse(new URL(page.url()).searchParams.get('at') ?? '');
  expect(at).toBeGreaterThan(created);
  const panel = page.getByTestId('compare-panel');
  await expect(panel).toContainText('to now:');
  const changed = panel.locator(
    `li[data-change="changed"][data-kind="service"][data-name="${serviceName}"]`,
  );
  await expect(changed).toContainText('replicas.desired: 1 → 2');
  await expect(
    panel.locator(`li[data-change="added"][data-kind="service"][data-name="${serviceName}"]`),
  ).toHaveCount(0);
  await expect(page.getByRole('button', { name: '+ Network' })).toHaveCount(0);
});
