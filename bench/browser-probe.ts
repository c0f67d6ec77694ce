/**
 * The dashboard in real Chromium, watched for the moment a change is painted: the list view's
 * row of an element, re-rendered, then the next animation frame (the paint that shows it).
 * Times are epoch milliseconds, comparable with an engine event's `timeNano` on this machine.
 */
import { chromium, type Browser, type Page } from 'playwright';

import { chromiumLaunchOptions } from '../e2e/chromium';

interface Paint {
  id: string;
  text: string;
  at: number;
}

/** Runs in the page: every change to a list row is stamped at the frame that paints it. */
const WATCH = `(() => {
  const paints = [];
  window.__paints = paints;
  const pending = new Set();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const at = performance.timeOrigin + performance.now();
    for (const row of pending) paints.push({ id: row.dataset.id, text: row.textContent, at });
    pending.clear();
  };
  new MutationObserver((records) => {
    for (const record of records) {
      const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
      const row = node && node.closest ? node.closest('tr[data-id]') : null;
      for (const added of record.addedNodes) {
        if (added.nodeType === 1 && added.matches('tr[data-id]')) pending.add(added);
      }
      if (row) pending.add(row);
    }
    if (!scheduled && pending.size > 0) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

export interface BrowserProbe {
  /** When the row of `id` was first painted with text matching `matches`, after `since` (epoch ms). */
  paintOf(id: string, matches: (text: string) => boolean, since: number): Promise<number>;
  close(): Promise<void>;
}

export async function openBrowserProbe(url: string, token: string): Promise<BrowserProbe> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${url}/?token=${token}&view=list&layers=stopped`);
  await page.waitForSelector('[data-testid="list-view"] tr[data-id]', { timeout: 60_000 });
  await page.evaluate(WATCH);
  return {
    async paintOf(id, matches, since) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const paints = (await page.evaluate(
          `window.__paints.filter((p) => p.id === ${JSON.stringify(id)} && p.at >= ${since})`,
        )) as Paint[];
        const hit = paints.find((paint) => matches(paint.text));
        if (hit) return hit.at;
        if (Date.now() > deadline) throw new Error(`no paint of ${id} within 15 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      await browser.close();
    },
  };
}
