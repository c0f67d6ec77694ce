import { expect, test, type Page } from '@playwright/test';

import { E2E_LABELS, labDocker } from './support/lab';
import { listRow, showList, waitForMap } from './support/map';
import { openDashboard } from './support/session';

/**
 * Names, labels and other engine metadata are untrusted: a network named like an HTML payload
 * renders as text everywhere (map, list, inspector, event list, discovery page) and never runs.
 */
const xssFired = (page: Page) =>
  page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? null);

test('hostile names and labels render inert, as text', async ({ page }) => {
  const docker = labDocker('node-1');
  const suffix = Date.now().toString(36);
  const hostile = `<img src=x onerror=window.__xss=1>${suffix}`;
  const network = await docker.createNetwork({
    Name: hostile,
    Labels: { ...E2E_LABELS, note: '<script>window.__xss=2</script>' },
  });
  const box = await docker.createContainer({
    name: `e2e-hostile-${suffix}`,
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'],
    Labels: { ...E2E_LABELS, evil: '<svg onload=window.__xss=3>' },
    HostConfig: { NetworkMode: hostile },
  });
  try {
    await box.start();
    await openDashboard(page, `/?select=${network.id}`);
    await waitForMap(page);
    await expect(page.getByTestId('inspector-title')).toHaveText(hostile);
    await showList(page);
    await expect(listRow(page, 'network', hostile)).toHaveCount(1);
    expect(await xssFired(page)).toBeNull();

    await page.goto('/events');
    await page.getByLabel('Name or label').fill(suffix);
    await expect(page.locator('[data-testid="event-row"]').first()).toBeVisible();
    await expect(page.getByText(hostile).first()).toBeVisible();
    expect(await xssFired(page)).toBeNull();

    await page.goto('/explain');
    // The discovery page offers it in its pickers: as an option's text.
    await expect(page.locator('option', { hasText: hostile }).first()).toBeAttached();
    expect(await xssFired(page)).toBeNull();
    expect(await page.locator('img[src="x"], script:not([src]):has-text("__xss")').count()).toBe(0);
  } finally {
    await box.remove({ force: true }).catch(() => undefined);
    await network.remove().catch(() => undefined);
  }
});
