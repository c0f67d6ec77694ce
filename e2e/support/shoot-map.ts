/**
 * Screenshot of the map once its layout has settled (scripts/screenshot.ts does not wait for it).
 * Usage: tsx e2e/support/shoot-map.ts URL OUT.png [--dark] [--width 1280 --height 720]
 * (with an access token, put it in the URL: http://127.0.0.1:3300/?token=…; it is swapped for a
 * session cookie and the other parameters are kept).
 */
import { chromium } from 'playwright';

import { chromiumLaunchOptions } from '../chromium';

const [url, out, ...rest] = process.argv.slice(2);
if (!url || !out) {
  console.error(
    'usage: tsx e2e/support/shoot-map.ts URL OUT.png [--dark] [--width W] [--height H]',
  );
  process.exit(2);
}
const option = (name: string, fallback: number) => {
  const at = rest.indexOf(name);
  return at >= 0 ? Number(rest[at + 1]) : fallback;
};

const browser = await chromium.launch(chromiumLaunchOptions());
const page = await browser.newPage({
  viewport: { width: option('--width', 1280), height: option('--height', 720) },
  colorScheme: rest.includes('--dark') ? 'dark' : 'light',
});
page.on('console', (message) => {
  if (message.type() === 'error') console.error('page:', message.text());
});
page.on('pageerror', (error) => console.error('page error:', error.message));
await page.goto(url);
await page
  .locator('[data-testid="map-canvas"][data-settled="true"]')
  .waitFor({ state: 'attached', timeout: 20_000 })
  .catch(() => console.error('map did not settle in 20 s'));
// The fit after settling is animated (450 ms).
await page.waitForTimeout(700);
await page.screenshot({ path: out });
await browser.close();
console.log(out);
