import { expect, test } from '@playwright/test';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { waitForMap } from './support/map';
import { openDashboard } from './support/session';

const manager = () => labDocker('node-1');

test.describe('event view', () => {
  const made: { kind: 'network' | 'container'; id: string }[] = [];
  test.afterEach(async () => {
    const docker = manager();
    for (const item of made.splice(0)) {
      if (item.kind === 'network')
        await docker
          .getNetwork(item.id)
          .remove()
          .catch(() => undefined);
      else
        await docker
          .getContainer(item.id)
          .remove({ force: true })
          .catch(() => undefined);
    }
  });

  test('shows real docker events within a second, filters them, and keeps them across a reload', async ({
    page,
  }) => {
    await openDashboard(page, '/events');
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    // Wait for the live link before changing anything.
    await expect(page.getByTestId('event-count')).toBeVisible();
    await page.waitForFunction(() => document.readyState === 'complete');

    const name = uniqueName('evnet');
    const network = await manager().createNetwork({ Name: name, Labels: E2E_LABELS });
    made.push({ kind: 'network', id: network.id });
    const row = page.locator(
      `[data-testid="event-row"][data-name="${name}"][data-action="create"]`,
    );
    await expect(row).toBeVisible({ timeout: 1_000 });
    await expect(row).toContainText('network');
    await expect(row).toContainText('node-1');
    await expect(row).toContainText('driver=bridge');

    const boxName = uniqueName('evbox');
    const box = await manager().createContainer({
      name: boxName,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', 'exit 7'],
      Labels: E2E_LABELS,
    });
    made.push({ kind: 'container', id: box.id });
    await box.start();
    const died = page.locator(
      `[data-testid="event-row"][data-name="${boxName}"][data-action="die"]`,
    );
    await expect(died).toContainText('exit=7', { timeout: 1_000 });

    await page.getByRole('button', { name: 'Network changes' }).click();
    await expect(row).toBeVisible();
    await expect(died).toHaveCount(0);
    await page.getByRole('button', { name: 'Failures' }).click();
    await expect(died).toBeVisible();
    await expect(row).toHaveCount(0);
    await page.getByRole('button', { name: 'All events' }).click();
    await page.getByLabel('Name or label').fill(boxName);
    await expect(row).toHaveCount(0);
    await expect(died).toBeVisible();

    await page.reload();
    await expect(row).toBeVisible();
    await expect(died).toBeVisible();
  });

  test('during a burst of 500 events the page keeps answering input, and lists every event', async ({
    page,
  }) => {
    await page.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await openDashboard(page, '/events');
    await expect(page.getByTestId('event-count')).toBeVisible();
    await page.waitForLoadState('networkidle');
    await page.evaluate(
      () => ((window as unknown as { longTasks: number[] }).longTasks.length = 0),
    );

    const docker = manager();
    const prefix = uniqueName('burst');
    // 250 containers created and removed: 500 events in a few seconds.
    const burst = (async () => {
      for (let start = 0; start < 250; start += 25) {
        const batch = await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            docker.createContainer({
              name: `${prefix}-${start + i}`,
              Image: 'busybox:latest',
              Labels: E2E_LABELS,
            }),
          ),
        );
        await Promise.all(batch.map((container) => container.remove()));
      }
    })();
    let done = false;
    void burst.finally(() => (done = true));
    // NOTE: no bound on time here (a loaded machine stalls any page for a while; `npm run
    // bench:burst` owns the timings): the page must take each click while the events pour in.
    const failures = page.getByRole('button', { name: 'Failures' });
    const everything = page.getByRole('button', { name: 'All events' });
    let answered = 0;
    while (!done) {
      await failures.click();
      await expect(failures).toHaveAttribute('aria-pressed', 'true');
      await everything.click();
      await expect(everything).toHaveAttribute('aria-pressed', 'true');
      answered += 1;
    }
    await burst;
    expect(answered, 'clicks answered during the burst').toBeGreaterThan(0);
    await page.getByLabel('Name or label').fill(prefix);
    await expect(page.getByTestId('event-count')).toHaveText('500 events', { timeout: 15_000 });
    const longest = await page.evaluate(() =>
      Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks),
    );
    test
      .info()
      .annotations.push(
        { type: 'longest main-thread task (ms)', description: String(longest) },
        { type: 'filter clicks answered during the burst', description: String(answered) },
      );
  });

  test('clicking or pressing Enter on an event selects its object on the map, without a reload', async ({
    page,
  }) => {
    await openDashboard(page, '/events');
    await expect(page.getByTestId('event-count')).toBeVisible();
    await page.waitForFunction(() => document.readyState === 'complete');
    const name = uniqueName('evsel');
    const network = await manager().createNetwork({ Name: name, Labels: E2E_LABELS });
    made.push({ kind: 'network', id: network.id });
    const row = page.locator(
      `[data-testid="event-row"][data-name="${name}"][data-action="create"]`,
    );
    await expect(row).toBeVisible();
    // NOTE: a mark on the window is lost on a reload, kept across a client-side navigation.
    const mark = () =>
      page.evaluate(() => ((window as unknown as { unreloaded?: boolean }).unreloaded = true));
    const unreloaded = () =>
      page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded === true);
    const inspector = page.getByTestId('inspector');

    // A click anywhere on the row, not only on the name.
    await mark();
    await row.click({ position: { x: 20, y: 10 } });
    await expect(page).toHaveURL(new RegExp(`/\\?select=${network.id}`));
    await expect(inspector).toHaveAttribute('data-id', network.id);
    await expect(page.getByTestId('inspector-title')).toHaveText(name);
    expect(await unreloaded()).toBe(true);

    // Enter on a row reached with the keyboard.
    await page.goBack();
    await expect(row).toBeVisible();
    await mark();
    const rowButton = row.getByRole('button');
    await rowButton.focus();
    await expect(rowButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(inspector).toHaveAttribute('data-id', network.id);
    expect(await unreloaded()).toBe(true);
  });

  test("the map's event drawer selects an event's object on click and on Enter", async ({
    page,
  }) => {
    await openDashboard(page, '/');
    await waitForMap(page);
    const name = uniqueName('evdrawer');
    const network = await manager().createNetwork({ Name: name, Labels: E2E_LABELS });
    made.push({ kind: 'network', id: network.id });
    await page.getByTestId('events-drawer-toggle').click();
    const row = page.locator(
      `[data-testid="event-row"][data-name="${name}"][data-action="create"]`,
    );
    await expect(row).toBeVisible();
    const inspector = page.getByTestId('inspector');
    await row.click({ position: { x: 20, y: 10 } });
    await expect(inspector).toHaveAttribute('data-id', network.id);

    await inspector.getByRole('button', { name: 'Close inspector' }).click();
    await expect(inspector).toHaveCount(0);
    await row.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(inspector).toHaveAttribute('data-id', network.id);
  });
});
