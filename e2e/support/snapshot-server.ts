import type { Page } from '@playwright/test';

import type { PortolanTestHooks } from '@/components/map/test-hooks';

import { ServerProcess } from './server-process';

/**
 * `npm start -- --snapshot FILE` as a second server beside the e2e one: the production build, no
 * engine at all (no PORTOLAN_ENGINES, DOCKER_HOST or context reaches it), on its own port.
 */
export function snapshotServer(port: number, file: string): ServerProcess {
  return new ServerProcess({
    port,
    name: 'snapshot',
    args: ['--snapshot', file],
    env: (stateDir) => ({
      PORTOLAN_ENGINES: null,
      DOCKER_HOST: null,
      DOCKER_CONTEXT: null,
      PORTOLAN_AGENTS: null,
      // NOTE: an empty CLI config folder: no current context to fall back on.
      DOCKER_CONFIG: stateDir,
    }),
  });
}

/** Every row of the list view, as `kind name`, sorted: what the list shows, in the DOM. */
export async function listedRows(page: Page): Promise<string[]> {
  const rows = await page
    .locator('[data-testid="list-row"]')
    .evaluateAll((elements) =>
      elements.map((row) => `${row.getAttribute('data-kind')} ${row.getAttribute('data-name')}`),
    );
  return rows.sort();
}

/** The page's live topology version (test hooks), or null before the first one. */
export async function pageVersion(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    return hooks?.live?.topology()?.version ?? null;
  });
}

/** The ids of every element the map laid out (test hooks), sorted. */
export async function mappedIds(page: Page): Promise<string[]> {
  const ids = await page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    if (!hooks?.map) throw new Error('no map test hooks');
    return Object.keys(hooks.map.layoutPositions());
  });
  return ids.sort();
}
