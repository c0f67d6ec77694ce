import { expect, test, type Page } from '@playwright/test';

import { dockerCli, listRow, showList, waitForMap } from './support/map';
import { openDashboard } from './support/session';

/**
 * Time travel: a network made with the docker CLI is on the live map; stepping back through the
 * changes with the keyboard reaches a moment before it, where it is not on the map, the page is
 * marked as the past and nothing can be changed; compared with now, the network is listed as
 * added with its subnet; Live brings it back; a deep link opens the past.
 */
const networkName = `t-hx-e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

async function shoot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

test.afterAll(async () => {
  await dockerCli('network', 'rm', networkName).catch(() => undefined);
});

test('scrub back to before a network existed, see the past marked, and come back to live', async ({
  page,
}) => {
  await openDashboard(page);
  await waitForMap(page);
  await showList(page);
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByTestId('timeline-slider')).toBeVisible();
  await expect(timeline.getByTestId('timeline-live')).toHaveAttribute('aria-pressed', 'true');
  const before = new Date().toISOString();

  await dockerCli('network', 'create', '--label', 'portolan.test=true', networkName);
  const row = listRow(page, 'network', networkName);
  await expect(row).toBeVisible();

  // NOTE: the lab is shared: other changes may come between; step back until the network is gone.
  const banner = page.getByTestId('past-banner');
  const moment = page.getByTestId('timeline-moment');
  for (let presses = 0; presses < 40; presses++) {
    const shown = (await moment.getAttribute('data-at')) ?? '';
    await page.keyboard.press('[');
    await expect(moment).not.toHaveAttribute('data-at', shown);
    await expect(banner).toBeVisible();
    await expect(banner).not.toContainText('loading');
    if ((await row.count()) === 0) break;
  }
  await expect(row).toHaveCount(0);
  await expect(banner).toContainText('The past');
  await expect(banner).toContainText('Nothing can be changed');
  expect(new URL(page.url()).searchParams.get('at')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  await expect(page.getByTestId('timeline-live')).toHaveAttribute('aria-pressed', 'false');
  // Actions are off in the past: the header's "New…" buttons give way to a read-only note.
  await expect(page.getByRole('button', { name: '+ Network' })).toHaveCount(0);
  await expect(page.getByTestId('read-only-note')).toHaveAttribute('title', /past/);

  // Compared with now, the network is listed as added, with its subnet, and actions stay off.
  const subnet = await dockerCli(
    'network',
    'inspect',
    '-f',
    '{{(index .IPAM.Config 0).Subnet}}',
    networkName,
  );
  await banner.getByRole('button', { name: 'Compare with now' }).click();
  const added = page
    .getByTestId('compare-panel')
    .locator(`li[data-change="added"][data-kind="network"][data-name="${networkName}"]`);
  await expect(added).toContainText(subnet);
  await expect(page.getByTestId('compare-panel')).toContainText('to now:');
  await shoot(page, 'past-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(page, 'past-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The next change from there is the network's (or one before it): ] steps forward.
  await page.keyboard.press(']');
  await expect(banner).not.toContainText('loading');

  await page.getByTestId('timeline-live').click();
  await expect(banner).toHaveCount(0);
  await expect(row).toBeVisible();
  expect(new URL(page.url()).searchParams.get('at')).toBeNull();
  await expect(page.getByRole('button', { name: '+ Network' })).toBeVisible();

  // A deep link to a moment before the network: the past, straight away.
  await page.goto(`/?view=list&at=${encodeURIComponent(before)}`);
  await expect(page.getByTestId('past-banner')).toContainText('The map as it was at');
  await expect(page.getByTestId('list-view')).toBeVisible();
  await expect(listRow(page, 'network', 'appnet').first()).toBeVisible();
  await expect(row).toHaveCount(0);
  await shoot(page, 'deep-link-light');
});

test('a moment before the kept history says so, and Live is one click away', async ({ page }) => {
  await openDashboard(page, '/?at=2020-01-01T00:00:00Z');
  const banner = page.getByTestId('past-banner');
  await expect(banner.getByTestId('past-error')).toContainText('before the kept history');
  await banner.getByRole('button', { name: 'Back to live' }).click();
  await waitForMap(page);
  await expect(banner).toHaveCount(0);
});
