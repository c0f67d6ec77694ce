/**
 * Takes a screenshot of a Portolan page in Debian's Chromium, to look at what a person sees.
 * Usage: tsx scripts/screenshot.ts URL OUT.png [--map] [--dark] [--width 1280 --height 720]
 *        [--settle ms] [--full]
 * --map waits until the map's layout has settled instead of a fixed --settle time. With an access
 * token, put it in the URL (http://127.0.0.1:3300/?token=…): it is swapped for a session cookie
 * and the other parameters are kept.
 */
import { chromium, type Page } from 'playwright';

import { chromiumLaunchOptions } from '../e2e/chromium';

const USAGE =
  'usage: tsx scripts/screenshot.ts URL OUT.png [--map] [--dark] [--width W] [--height H] ' +
  '[--settle ms] [--full]';

const [url, out, ...rest] = process.argv.slice(2);
if (!url || !out) {
  console.error(USAGE);
  process.exit(2);
}
const option = (name: string, fallback: number) => {
  const at = rest.indexOf(name);
  return at >= 0 ? Number(rest[at + 1]) : fallback;
};

/** Waits until the map's layout has settled, then for the fit that follows it. */
async function waitForMap(page: Page): Promise<void> {
  await page
    .locator('[data-testid="map-canvas"][data-settled="true"]')
    .waitFor({ state: 'attached', timeout: 20_000 })
    .catch(() => console.error('map did not settle in 20 s'));
  // NOTE: the fit after settling is animated (450 ms).
  await page.waitForTimeout(700);
}

const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({
  viewport: { width: option('--width', 1280), height: option('--height', 720) },
  colorScheme: rest.includes('--dark') ? 'dark' : 'light',
});
page.on('console', (message) => {
  if (message.type() === 'error') console.error('page:', message.text());
});
page.on('pageerror', (error) => console.error('page error:', error.message));
// NOTE: the page keeps a socket open, so "network idle" never comes: wait for load, then let the
// live data and the layout arrive (a screenshot tool, not a test).
await page.goto(url, { waitUntil: 'load' });
if (rest.includes('--map')) await waitForMap(page);
else await page.waitForTimeout(option('--settle', 3000));
await page.screenshot({ path: out, fullPage: rest.includes('--full') });
await browser.close();
console.log(out);
