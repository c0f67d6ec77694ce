import { expect, test, type Page } from '@playwright/test';

import { dockerCli, enableMapTestHooks, listRow, showList, waitForMap } from './support/map';
import { openDashboard } from './support/session';

const DEFAULT_NETWORKS = ['bridge', 'host', 'none', 'docker_gwbridge'];
/** Every engine has bridge, host and none; docker_gwbridge only the swarm's three (not node-4). */
const ON_ENGINES: Record<string, number> = { bridge: 4, host: 4, none: 4, docker_gwbridge: 3 };

/** Tasks node-2 runs now, by the Docker CLI (other tests may scale services on the shared lab). */
async function tasksOnNode2(): Promise<number> {
  const out = await dockerCli(
    'node',
    'ps',
    'node-2',
    '--filter',
    'desired-state=running',
    '--format',
    '{{.Name}}',
  );
  return out.split('\n').filter((line) => line.trim() !== '').length;
}

async function search(page: Page, query: string) {
  await page.getByTestId('search').fill(query);
  await expect(page).toHaveURL(
    new RegExp(`q=${encodeURIComponent(query).replace(/%20/g, '(%20|\\+)')}`),
  );
}

test.describe('find and hide', () => {
  test.beforeEach(async ({ page }) => {
    await enableMapTestHooks(page);
  });

  test('node:node-2 counts the tasks node-2 runs; the rest is said to be context', async ({
    page,
  }) => {
    await openDashboard(page, '/');
    await waitForMap(page);
    await search(page, 'node:node-2');
    await expect
      .poll(async () => {
        const text = (await page.getByTestId('counts').textContent()) ?? '';
        const n = await tasksOnNode2();
        return text.includes(`· ${n} task${n === 1 ? '' : 's'} ·`) ? 'same' : `${text} vs ${n}`;
      })
      .toBe('same');
    await expect(page.getByTestId('counts')).toContainText('as context');
    await expect(page.getByTestId('search-error')).toHaveCount(0);
  });

  test('an unknown key says so under the box and is left out of the matching', async ({ page }) => {
    await openDashboard(page, '/?view=list');
    await search(page, 'bogus:zzz');
    await expect(page.getByTestId('search-error')).toContainText('Unknown key “bogus:”');
    await expect(page.getByTestId('search')).toHaveAttribute('aria-invalid', 'true');
    // Ignored, not matching nothing: the seeded containers are all still listed.
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(1);
    await search(page, 'network:appnet');
    await expect(page.getByTestId('search-error')).toHaveCount(0);
  });

  test('"Hide default networks" hides bridge, host, none and docker_gwbridge on every node, and undoes', async ({
    page,
  }) => {
    await openDashboard(page, '/?view=list');
    await showList(page);
    for (const name of DEFAULT_NETWORKS) {
      await expect(listRow(page, 'network', name)).toHaveCount(ON_ENGINES[name]!);
    }
    const preset = page.getByTestId('preset-default-networks');
    await preset.click();
    await expect(preset).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('search')).toHaveValue(/hide:kind:network hide:name:=bridge/);
    for (const name of DEFAULT_NETWORKS) {
      await expect(listRow(page, 'network', name)).toHaveCount(0);
    }
    // Only those: ingress, the seeded networks and what was on the default ones stay.
    await expect(listRow(page, 'network', 'ingress')).toHaveCount(1);
    await expect(listRow(page, 'network', 'appnet')).toHaveCount(1);
    await expect(listRow(page, 'container', 'hostnet')).toHaveCount(1);
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(1);

    await preset.click();
    await expect(preset).toHaveAttribute('aria-pressed', 'false');
    await expect(listRow(page, 'network', 'bridge')).toHaveCount(4);
  });

  test('"Hide system" is the system layer; "Only what talks to X" keeps what shares a network with X', async ({
    page,
  }) => {
    await openDashboard(page, '/?view=list');
    await page.getByTestId('preset-system').click();
    await expect(page.getByTestId('layer-system')).not.toBeChecked();
    await expect(listRow(page, 'network', 'ingress')).toHaveCount(0);
    await page.getByTestId('preset-system').click();
    await expect(page.getByTestId('layer-system')).toBeChecked();

    const talks = page.getByTestId('preset-talks-to');
    await expect(talks).toBeDisabled();
    await listRow(page, 'container', 'client').getByRole('button').first().click();
    await expect(page.getByTestId('inspector-title')).toHaveText('client');
    await expect(talks).toHaveText('Only what talks to client');
    await talks.click();
    await expect(page.getByTestId('search')).toHaveValue('network:=appnet');
    await expect(listRow(page, 'container', 'web')).toHaveCount(1);
    await expect(listRow(page, 'container', 'client')).toHaveCount(1);
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(0);
  });

  test('find and hide in one query: appnet without web, and the OR of two names', async ({
    page,
  }) => {
    await openDashboard(page, '/?view=list');
    await search(page, 'network:appnet hide:name:=web');
    await expect(listRow(page, 'container', 'client')).toHaveCount(1);
    await expect(listRow(page, 'container', 'web')).toHaveCount(0);
    await search(page, 'kind:container name:=client OR name:=legacy');
    await expect(listRow(page, 'container', 'client')).toHaveCount(1);
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(1);
    await expect(listRow(page, 'container', 'edge')).toHaveCount(0);
  });
});
