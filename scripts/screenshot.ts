/**
 * Takes a screenshot of a Portolan page in Debian's Chromium, to look at what a person sees.
 * Usage: tsx scripts/screenshot.ts URL OUT.png [--dark] [--width 1280 --height 720] [--settle ms]
 */
import { chromium } from 'playwright';

import { chromiumLaunchOptions } from '../e2e/chromium';

const [url, out, ...rest] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: tsx scripts/screenshot.ts URL OUT.png [--dark] [--width W] [--height H]');
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
// NOTE: the page keeps a socket open, so "network idle" never comes: wait for load, then let the
// live data and the layout arrive (a screenshot tool, not a test).
await page.goto(url, { waitUntil: 'load' });
await page.waitForTimeout(option('--settle', 3000));
await page.screenshot({ path: out, fullPage: rest.includes('--full') });
await browser.close();
console.log(out);
