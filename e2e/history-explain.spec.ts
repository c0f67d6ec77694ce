import { expect, test } from '@playwright/test';

import { dockerCli } from './support/map';
import { openDashboard } from './support/session';

/**
 * The discovery page at a past moment (`/explain?at=`): a network and an alias that are gone now
 * are shown as they were, under the mark of the past, with the live checks (a command run in a
 * container of now) turned off; "Back to live" shows the present again.
 */
const stamp = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const networkName = `h17-dns-${stamp}`;
const boxName = `h17-box-${stamp}`;
const alias = `h17-alias-${stamp}`;

test.afterAll(async () => {
  await dockerCli('rm', '-f', boxName).catch(() => undefined);
  await dockerCli('network', 'rm', networkName).catch(() => undefined);
});

test('the discovery page shows a past moment, marked as the past, with live checks off', async ({
  page,
}) => {
  await dockerCli('network', 'create', '--label', 'portolan.test=true', networkName);
  const networkId = await dockerCli('network', 'inspect', '-f', '{{.Id}}', networkName);
  await dockerCli(
    'run',
    '-d',
    '--name',
    boxName,
    '--label',
    'portolan.test=true',
    '--network',
    networkName,
    '--network-alias',
    alias,
    'busybox:latest',
    'sleep',
    '3600',
  );

  await openDashboard(page, '/explain');
  const networks = page.locator('#dns-network');
  const option = networks.locator(`option[value="${networkId}"]`);
  await expect(option).toHaveCount(1);
  await networks.selectOption(networkId);
  const aliasRow = page.locator(`[data-testid="dns-name"][data-name="${alias}"]`);
  await expect(aliasRow).toBeVisible();
  const during = new Date().toISOString();

  await dockerCli('rm', '-f', boxName);
  await dockerCli('network', 'rm', networkName);
  await expect(option).toHaveCount(0);
  await expect(page.getByTestId('past-banner')).toHaveCount(0);

  // From the map at that moment, the page link keeps the moment.
  await page.goto(`/?at=${encodeURIComponent(during)}`);
  const link = page.getByRole('link', { name: 'Discovery & routing' });
  await expect(link).toHaveAttribute('href', `/explain?at=${during}`);
  await link.click();

  const banner = page.getByTestId('past-banner');
  await expect(banner).toContainText('The past');
  await expect(banner).toContainText('as they were at');
  await expect(banner).not.toContainText('loading');
  await expect(page.locator('main[data-past="true"]')).toBeVisible();
  await networks.selectOption(networkId);
  await expect(aliasRow).toBeVisible();
  await test.info().attach('explain-past', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  await page.getByRole('tab', { name: 'Resolve', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Verify live' })).toBeDisabled();
  await expect(page.getByText('Live checks are off in the past')).toBeVisible();
  await page.getByRole('tab', { name: 'Can A reach B?', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Verify live' })).toBeDisabled();

  await banner.getByRole('link', { name: 'Back to live' }).click();
  await expect(page.getByTestId('past-banner')).toHaveCount(0);
  await expect(page.locator('main[data-past="false"]')).toBeVisible();
  await page.getByRole('tab', { name: 'Names (DNS)', exact: true }).click();
  await expect(option).toHaveCount(0);
});
