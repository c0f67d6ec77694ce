import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import type { PortolanTestHooks } from '@/components/map/test-hooks';

import { labDocker, uniqueName } from './support/lab';
import {
  dockerCli,
  enableMapTestHooks,
  layoutPositions,
  listRow,
  showList,
  showMap,
  waitForMap,
} from './support/map';
import { openDashboard } from './support/session';

/*
 * Issue 13, stacks and compose projects first-class: grouping by stack draws a stack as one box
 * with its services (a compose project as a box inside its host), `stack:NAME` filters to it,
 * the list view is grouped the same way and a stack has its own inspector page.
 */

type Regions = ReturnType<NonNullable<PortolanTestHooks['map']>['regions']>;

async function regions(page: Page): Promise<Regions> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    if (!hooks?.map) throw new Error('no map test hooks');
    return hooks.map.regions();
  });
}

const within = (p: { x: number; y: number }, r: Regions[number]['rect']) =>
  p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;

const LOOP = "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done";

test.describe('stacks and compose projects on the map', () => {
  const STACK = uniqueName('stk').replace(/-/g, '');
  let workDir = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-e2e-stack-'));
    const file = path.join(workDir, 'compose.yml');
    fs.writeFileSync(
      file,
      `version: "3.8"
services:
  web:
    image: busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    networks: [mesh]
    deploy: { replicas: 2, labels: { portolan.test: "true" } }
  api:
    image: busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    networks: [mesh]
    deploy: { replicas: 1, labels: { portolan.test: "true" } }
networks:
  mesh: { driver: overlay, labels: { portolan.test: "true" } }
`,
    );
    await dockerCli('stack', 'deploy', '--resolve-image', 'never', '-c', file, STACK);
    await expect
      .poll(
        async () => {
          const tasks = await labDocker('node-1').listTasks({
            filters: {
              label: [`com.docker.stack.namespace=${STACK}`],
              'desired-state': ['running'],
            },
          });
          return tasks.filter((task) => task.Status?.State === 'running').length;
        },
        { timeout: 90_000 },
      )
      .toBe(3);
  });

  test.afterAll(async () => {
    await dockerCli('stack', 'rm', STACK).catch(() => undefined);
    await expect
      .poll(
        async () => {
          const left = await dockerCli('network', 'ls', '-q', '--filter', `name=${STACK}_`);
          if (left !== '') await dockerCli('network', 'rm', `${STACK}_mesh`).catch(() => undefined);
          return left;
        },
        { timeout: 60_000 },
      )
      .toBe('');
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  test.beforeEach(async ({ page }) => {
    await enableMapTestHooks(page);
  });

  test('"By stack" draws the stack as one box with its services; stack:NAME filters to it', async ({
    page,
  }) => {
    const services = await labDocker('node-1').listServices({
      filters: { label: [`com.docker.stack.namespace=${STACK}`] },
    });
    expect(services.map((s) => s.Spec?.Name).sort()).toEqual([`${STACK}_api`, `${STACK}_web`]);

    await openDashboard(page, '/');
    await waitForMap(page);
    await page.getByTestId('group-by').getByRole('radio', { name: 'By stack' }).click();
    await expect(page).toHaveURL(/group=stack/);
    await waitForMap(page);
    const box = async () => (await regions(page)).find((r) => r.id === `stack:${STACK}`);
    await expect.poll(async () => (await box())?.kind).toBe('stack');
    const band = (await regions(page)).find((r) => r.id === 'swarm')!;
    const rect = (await box())!.rect;
    expect(within({ x: rect.x, y: rect.y }, band.rect)).toBe(true);
    expect(within({ x: rect.x + rect.w, y: rect.y + rect.h }, band.rect)).toBe(true);
    // One box for the stack, holding both its services and its network.
    expect((await regions(page)).filter((r) => r.group === `stack:${STACK}`)).toHaveLength(1);
    const network = (
      await labDocker('node-1').listNetworks({ filters: { name: [`${STACK}_mesh`] } })
    )[0]!;
    const at = await layoutPositions(page);
    for (const id of [...services.map((s) => s.ID), network.Id]) {
      expect(at[id], id).toBeDefined();
      expect(within(at[id]!, rect), id).toBe(true);
    }
    await page.screenshot({ path: test.info().outputPath('map-by-stack-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: test.info().outputPath('map-by-stack-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    // The seeded services belong to no stack: not in the box.
    const seeded = (await labDocker('node-1').listServices({ filters: { name: ['orange'] } }))[0]!;
    expect(within(at[seeded.ID]!, rect)).toBe(false);

    // stack:NAME leaves the stack alone on the map and in the list.
    await page.getByTestId('search').fill(`stack:${STACK}`);
    await expect(page).toHaveURL(/q=stack%3A/);
    await waitForMap(page);
    await expect
      .poll(async () => (await regions(page)).filter((r) => r.kind === 'stack').map((r) => r.id))
      .toEqual([`stack:${STACK}`]);
    await showList(page);
    // (the hosts its tasks run on are listed too, as rows of kind node)
    const matches = page.locator(
      '[data-testid="list-row"]:not([data-context]):not([data-kind="node"])',
    );
    await expect(matches).toHaveCount(6); // 2 services, 3 tasks, 1 network
    for (const name of await matches.evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-name')),
    ))
      expect(name).toMatch(new RegExp(`^${STACK}_`));
    await expect(listRow(page, 'service', `${STACK}_web`)).toHaveCount(1);
    await expect(listRow(page, 'service', 'orange')).toHaveCount(0);

    // The list is grouped the same way; the section's header opens the stack's page.
    const section = page.locator(`[data-testid="list-section"][data-id="stack:${STACK}"]`);
    await expect(section).toContainText(`stack ${STACK}`);
    await section.getByRole('button').click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-kind', 'stack');
    await expect(inspector.getByRole('region', { name: /^Services \(2\)/ })).toContainText(
      `${STACK}_web`,
    );
    await expect(inspector.getByRole('region', { name: /^Networks \(1\)/ })).toContainText(
      `${STACK}_mesh`,
    );
    await showMap(page);
  });

  test('a compose project on the standalone node-4 is a box inside that host', async ({ page }) => {
    const containers = await labDocker('node-4').listContainers({
      filters: { label: ['com.docker.compose.project=pantry'] },
    });
    expect(containers.map((c) => c.Names[0]).sort()).toEqual([
      '/pantry_api_1',
      '/pantry_front_1',
      '/pantry_probe_1',
    ]);
    await openDashboard(page, '/?group=stack');
    await waitForMap(page);
    const find = async () => {
      const all = await regions(page);
      return {
        host: all.find((r) => r.id === 'engine:node-4'),
        box: all.find((r) => r.id === 'compose:pantry@engine:node-4'),
      };
    };
    await expect.poll(async () => (await find()).box?.group).toBe('compose:pantry');
    const { host, box } = await find();
    expect(host?.kind).toBe('host');
    expect(within({ x: box!.rect.x, y: box!.rect.y }, host!.rect)).toBe(true);
    expect(within({ x: box!.rect.x + box!.rect.w, y: box!.rect.y + box!.rect.h }, host!.rect)).toBe(
      true,
    );
    const at = await layoutPositions(page);
    for (const container of containers) expect(within(at[container.Id]!, box!.rect)).toBe(true);

    await showList(page);
    const section = page.locator('[data-testid="list-section"][data-id="compose:pantry"]');
    await section.getByRole('button').click();
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-kind', 'project');
    await expect(inspector.getByRole('region', { name: /^Containers \(3\)/ })).toContainText(
      "shares pantry_api_1's network namespace",
    );
    await expect(inspector.getByRole('region', { name: /^Networks/ })).toContainText('external');
    await expect(inspector.getByRole('region', { name: /^Published ports/ })).toContainText('8081');
    await page.screenshot({ path: test.info().outputPath('compose-project-inspector.png') });

    // The forms on node-4: overlays are offered greyed, saying why.
    await listRow(page, 'container', 'pantry_front_1').getByRole('button').click();
    await expect(page.getByTestId('connect-overlay-note')).toContainText(
      'node-4 is a standalone engine (not in a swarm)',
    );
    const overlay = page.locator('#connect-network option', { hasText: 'meta-globe' });
    await expect(overlay).toBeDisabled();
    await showMap(page);
  });
});
