import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

import { expect, type Page } from '@playwright/test';

import type { PortolanTestHooks } from '@/components/map/test-hooks';

const exec = promisify(execFile);

/** The manager's socket, from PORTOLAN_ENGINES (npm test exports the lab's). */
export function managerHost(): string {
  const entry = (process.env.PORTOLAN_ENGINES ?? '')
    .split(',')
    .map((item) => item.split('='))
    .find(([engine]) => engine === 'node-1');
  if (!entry?.[1]) throw new Error('PORTOLAN_ENGINES is not set to the lab: run through npm test');
  return entry[1];
}

/** Runs the docker CLI against the lab manager, as a person would. */
export async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await exec('/usr/bin/docker', ['-H', managerHost(), ...args], {
    timeout: 60_000,
  });
  return stdout.trim();
}

export const canvas = (page: Page) => page.getByTestId('map-canvas');

/** Waits until the map has a graph and its layout has settled. */
export async function waitForMap(page: Page) {
  await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected');
  await expect(canvas(page)).not.toHaveAttribute('data-nodes', '0');
  await expect(canvas(page)).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
}

/**
 * Reads the canvas's pixels in the page and counts those close to each theme colour (the CSS
 * variables the map draws with), plus every pixel that is not the background.
 */
export async function canvasColours(page: Page, variables: string[]) {
  return page.evaluate((names) => {
    const element = document.querySelector<HTMLCanvasElement>('[data-testid="map-canvas"]');
    const ctx = element?.getContext('2d');
    if (!element || !ctx) throw new Error('no map canvas');
    const style = getComputedStyle(document.documentElement);
    const rgb = (value: string) => {
      const hex = value.trim().replace('#', '');
      return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    };
    const targets = names.map((name) => ({ name, rgb: rgb(style.getPropertyValue(name)) }));
    const bg = rgb(style.getPropertyValue('--bg'));
    const { data } = ctx.getImageData(0, 0, element.width, element.height);
    const counts: Record<string, number> = { total: 0, background: 0 };
    for (const { name } of targets) counts[name] = 0;
    for (let i = 0; i < data.length; i += 4 * 2) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      counts.total = (counts.total ?? 0) + 1;
      const near = (c: number[]) =>
        Math.abs(r - (c[0] ?? 0)) + Math.abs(g - (c[1] ?? 0)) + Math.abs(b - (c[2] ?? 0));
      if (near(bg) < 12) counts.background = (counts.background ?? 0) + 1;
      for (const target of targets) {
        if (near(target.rgb) < 24) counts[target.name] = (counts[target.name] ?? 0) + 1;
      }
    }
    return counts;
  }, variables);
}

/**
 * Asks the pages `page` opens from now on for the map's test hooks (components/map/test-hooks.ts):
 * call before opening the dashboard. Without it `drawnAt` has nothing to ask.
 */
export async function enableMapTestHooks(page: Page) {
  await page.addInitScript('window.__portolanTestHooks = {};');
}

/** Where an element is drawn on the canvas (CSS px, page coordinates), or null. */
export async function drawnAt(page: Page, id: string) {
  return page.evaluate((target) => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    if (!hooks) throw new Error('no test hooks: call enableMapTestHooks(page) before opening it');
    const element = document.querySelector('[data-testid="map-canvas"]');
    const position = hooks.map?.screenPosition(target);
    if (!element || !position) return null;
    const box = element.getBoundingClientRect();
    return { x: box.left + position.x, y: box.top + position.y };
  }, id);
}

/** The list view's row for an element of a kind and name. */
export const listRow = (page: Page, kind: string, name: string) =>
  page.locator(`[data-testid="list-row"][data-kind="${kind}"][data-name="${name}"]`);

export async function showList(page: Page) {
  await page.getByTestId('view-switch').getByRole('radio', { name: 'List' }).click();
  await expect(page.getByTestId('list-view')).toBeVisible();
}

export async function showMap(page: Page) {
  await page.getByTestId('view-switch').getByRole('radio', { name: 'Map' }).click();
  await expect(canvas(page)).toBeVisible();
}

export type Positions = Record<string, { x: number; y: number }>;

/** Every element's place in the map's layout (layout units: the camera does not change them). */
export async function layoutPositions(page: Page): Promise<Positions> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    if (!hooks?.map) throw new Error('no map test hooks: call enableMapTestHooks(page) first');
    return hooks.map.layoutPositions();
  });
}

/** Waits until nothing on the map moves or animates (the canvas holds a still picture). */
export async function waitForStillMap(page: Page) {
  await waitForMap(page);
  await page.waitForFunction(
    () =>
      (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks?.map?.idle() ===
      true,
    null,
    // NOTE: the lab is shared: others' changes glow on the map for a while.
    { timeout: 30_000 },
  );
}

/**
 * How far the elements of `before` that are still on the map have moved (layout units), the
 * farthest first, and how many were compared.
 */
export function movedSince(before: Positions, after: Positions) {
  const moves = Object.entries(before)
    .filter(([id]) => id in after)
    .map(([id, old]) => {
      const now = after[id] ?? old;
      return { id, distance: Math.hypot(now.x - old.x, now.y - old.y) };
    })
    .sort((a, b) => b.distance - a.distance);
  return { compared: moves.length, farthest: moves.slice(0, 5) };
}

/** Saves one of the map's exports (Export menu) and returns its bytes. */
export async function exportMap(page: Page, format: 'svg' | 'png' | 'json', path: string) {
  await page.getByTestId('export').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`export-${format}`).click(),
  ]);
  await download.saveAs(path);
  return readFile(path);
}

/**
 * Compares two PNGs pixel by pixel in the page (createImageBitmap decodes them as the browser
 * does): their sizes, and how many pixels differ.
 */
export async function comparePngs(page: Page, a: Buffer, b: Buffer) {
  return page.evaluate(
    async ([first, second]) => {
      const decode = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [x, y] = await Promise.all([decode(first), decode(second)]);
      let differing = 0;
      if (x.width === y.width && x.height === y.height) {
        for (let i = 0; i < x.data.length; i += 4) {
          if (
            x.data[i] !== y.data[i] ||
            x.data[i + 1] !== y.data[i + 1] ||
            x.data[i + 2] !== y.data[i + 2]
          ) {
            differing++;
          }
        }
      }
      return {
        sizes: [
          [x.width, x.height],
          [y.width, y.height],
        ],
        differing,
      };
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}
