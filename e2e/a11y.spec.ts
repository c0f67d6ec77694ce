import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import { THEME_COOKIE, type Theme } from '@/lib/theme';

import type { Topology } from '@/lib/topology/types';

import { waitForMap } from './support/map';
import { openDashboard, operatorHeaders } from './support/session';

/**
 * Accessibility (issue 14.8): axe-core on every page, in both themes, with no serious or critical
 * violation; and what axe cannot judge: one h1 and a main landmark per page, a theme button that
 * names its action.
 */
const PAGES = [
  { path: '/', ready: (page: Page) => waitForMap(page) },
  { path: '/events', ready: (page: Page) => expect(page.getByTestId('event-count')).toBeVisible() },
  { path: '/explain', ready: (page: Page) => expect(page.getByRole('tab').first()).toBeVisible() },
  { path: '/audit', ready: (page: Page) => expect(page.getByText('Loading…')).toHaveCount(0) },
] as const;

const THEMES: Theme[] = ['light', 'dark'];

async function openInTheme(page: Page, path: string, theme: Theme) {
  await page
    .context()
    .addCookies([{ name: THEME_COOKIE, value: theme, domain: '127.0.0.1', path: '/' }]);
  await openDashboard(page, path);
  await expect(page.locator('html')).toHaveClass(theme);
}

async function graveViolations(page: Page, include?: string) {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
}

test.describe('accessibility', () => {
  for (const { path, ready } of PAGES) {
    for (const theme of THEMES) {
      test(`${path} in the ${theme} theme: no serious or critical axe violation`, async ({
        page,
      }) => {
        await openInTheme(page, path, theme);
        await ready(page);
        await expect(page.getByRole('main')).toHaveCount(1);
        await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);

        const grave = await graveViolations(page);
        expect(grave).toEqual([]);
      });
    }
  }

  test('the theme button names what it does, and does it', async ({ page }) => {
    await openInTheme(page, '/events', 'light');
    const toggle = page.getByRole('button', { name: 'Switch to dark theme' });
    await expect(toggle).toBeVisible();
    await toggle.click();
    await expect(page.locator('html')).toHaveClass('dark');
    await expect(page.getByRole('button', { name: 'Switch to light theme' })).toBeVisible();
  });

  for (const theme of THEMES) {
    test(`the inspector of a container, a service and a network, ${theme}: every button named, no serious violation`, async ({
      page,
    }) => {
      const response = await page.request.get('/api/topology', { headers: operatorHeaders });
      const topology = (await response.json()) as Topology;
      const client = Object.values(topology.containers).find((c) => c.name === 'client');
      const web = Object.values(topology.services).find((s) => s.name === 'web');
      const appnet = Object.values(topology.networks).find((n) => n.name === 'appnet');
      expect(client && web && appnet).toBeTruthy();
      for (const id of [client!.id, web!.id, appnet!.id]) {
        await openInTheme(page, `/?select=${id}`, theme);
        await waitForMap(page);
        await expect(page.getByTestId('inspector')).toHaveAttribute('data-id', id);
        expect(await graveViolations(page, '[data-testid="inspector"]')).toEqual([]);
      }
    });
  }
});
