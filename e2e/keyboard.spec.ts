import { expect, test, type Page } from '@playwright/test';

import { THEME_COOKIE } from '@/lib/theme';

import { canvas, enableMapTestHooks, waitForStillMap } from './support/map';
import { openDashboard } from './support/session';

/**
 * Keyboard navigation of the canvas (issue 14.8): Tab reaches the map, then moves through the
 * elements on screen; the arrows go to the nearest element that way; a screen reader hears which
 * element it is; Enter opens it in the inspector; Tab past the last element leaves the map.
 * The focus ring is looked at in screenshots (light and dark).
 */

const focused = (page: Page) => canvas(page).getAttribute('data-key-focus');

async function shoot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

test.describe('the map from the keyboard', () => {
  test.beforeEach(async ({ page }) => {
    await enableMapTestHooks(page);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`Tab and arrows through the elements, Enter inspects (${theme})`, async ({ page }) => {
      await page
        .context()
        .addCookies([{ name: THEME_COOKIE, value: theme, domain: '127.0.0.1', path: '/' }]);
      await openDashboard(page);
      await waitForStillMap(page);
      const map = canvas(page);
      await map.focus();
      await expect(map).toBeFocused();
      await expect(map).toHaveAttribute('data-key-focus', '');

      // Tab: the first element on screen, announced.
      await page.keyboard.press('Tab');
      await expect(map).toBeFocused();
      await expect(map).not.toHaveAttribute('data-key-focus', '');
      const first = await focused(page);
      const announcer = page.getByTestId('map-announcer');
      await expect(announcer).toHaveAttribute('aria-live', 'polite');
      await expect(announcer).toContainText('Enter to inspect.');

      // Tab again: another element; Shift+Tab back to the first.
      await page.keyboard.press('Tab');
      const second = await focused(page);
      expect(second).not.toBe(first);
      await page.keyboard.press('Shift+Tab');
      await expect(map).toHaveAttribute('data-key-focus', first ?? '');

      // The arrows move between elements (not the view) while one is focused.
      const seen = new Set([first]);
      for (const key of ['ArrowDown', 'ArrowRight', 'ArrowDown', 'ArrowLeft']) {
        await page.keyboard.press(key);
        seen.add(await focused(page));
      }
      expect(seen.size).toBeGreaterThan(1);
      await waitForStillMap(page);
      await shoot(page, `keyboard-focus-${theme}`);

      // Enter inspects it: the inspector opens on the focused element.
      const target = await focused(page);
      const text = (await announcer.textContent()) ?? '';
      const name = text.slice(0, text.indexOf(','));
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(new RegExp(`select=${encodeURIComponent(target ?? '')}`));
      await expect(page.getByTestId('inspector-title')).toContainText(name);
      await shoot(page, `keyboard-inspect-${theme}`);

      // Escape lets go of the element: the arrows pan again.
      await map.focus();
      await page.keyboard.press('Escape');
      await expect(map).toHaveAttribute('data-key-focus', '');
    });
  }

  test('Tab past the last element leaves the map for the rest of the page', async ({ page }) => {
    await openDashboard(page);
    await waitForStillMap(page);
    const map = canvas(page);
    await map.focus();
    await page.keyboard.press('Shift+Tab');
    // From nothing, Shift+Tab goes to the last element; Tab from there leaves the map.
    await expect(map).not.toHaveAttribute('data-key-focus', '');
    await page.keyboard.press('Tab');
    await expect(map).not.toBeFocused();
    await expect(map).toHaveAttribute('data-key-focus', '');
  });
});
