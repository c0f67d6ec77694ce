import { readFile } from 'node:fs/promises';

import { expect, test, type Page, type WebSocketRoute } from '@playwright/test';
import type Docker from 'dockerode';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import {
  canvas,
  canvasColours,
  dockerCli,
  drawnAt,
  enableMapTestHooks,
  listRow,
  showList,
  showMap,
  waitForMap,
} from './support/map';
import { openDashboard } from './support/session';

const manager = () => labDocker('node-1');

/** What scripts/lab/seed.sh creates (docs/lab.md). */
const SEEDED = {
  network: ['appnet', 'backend', 'external', 'meta-globe', 'secure', 'ingress'],
  container: ['web', 'client', 'legacy', 'edge', 'hostnet', 'isolated'],
  service: ['web', 'orange', 'blue', 'plumb', 'vault'],
};

async function shoot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

async function networkId(name: string): Promise<string> {
  const [network] = await manager().listNetworks({ filters: { name: [name] } });
  const found = network?.Name === name ? network.Id : undefined;
  if (!found) throw new Error(`no network ${name} on node-1`);
  return found;
}

test.describe('the map', () => {
  const made: { kind: 'network' | 'container'; id: string }[] = [];

  test.beforeEach(async ({ page }) => {
    await enableMapTestHooks(page);
  });

  test.afterEach(async () => {
    const docker = manager();
    for (const item of made.splice(0).reverse()) {
      if (item.kind === 'container') {
        await docker
          .getContainer(item.id)
          .remove({ force: true })
          .catch(() => undefined);
      } else {
        await docker
          .getNetwork(item.id)
          .remove()
          .catch(() => undefined);
      }
    }
  });

  test('shows the seeded topology: a row for each seeded element, and a canvas that is drawn', async ({
    page,
  }) => {
    await openDashboard(page);
    await waitForMap(page);

    // Pixels, not only the DOM: the canvas has the colours of every kind of thing it draws.
    const colours = await canvasColours(page, [
      '--driver-bridge',
      '--driver-overlay',
      '--driver-macvlan',
      '--kind-container',
      '--kind-task',
      '--kind-service',
      '--kind-ingress',
    ]);
    const total = colours.total ?? 1;
    expect((total - (colours.background ?? 0)) / total).toBeGreaterThan(0.2);
    for (const variable of Object.keys(colours).filter((key) => key.startsWith('--'))) {
      expect(colours[variable], `${variable} drawn`).toBeGreaterThan(20);
    }
    await shoot(page, 'map-light');

    await showList(page);
    for (const [kind, names] of Object.entries(SEEDED)) {
      for (const name of names) await expect(listRow(page, kind, name).first()).toBeVisible();
    }
    // Every current task of the seeded services has a row, on the node the engine placed it on.
    const tasks = await manager().listTasks({ filters: { 'desired-state': ['running'] } });
    const nodes = await manager().listNodes();
    for (const task of tasks) {
      const service = await manager().getService(task.ServiceID).inspect();
      // Only the seeded services: others may come and go while this runs (shared lab).
      if (!SEEDED.service.includes(service.Spec.Name ?? '')) continue;
      const name = `${service.Spec.Name}.${task.Slot}`;
      const host = nodes.find((node) => node.ID === task.NodeID)?.Description?.Hostname ?? '';
      await expect(
        listRow(page, 'task', name).filter({ has: page.locator('td', { hasText: host }) }),
      ).toHaveCount(1);
    }

    await showMap(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    // Redrawn in the dark theme: most pixels are now the dark background or panel colour.
    await expect
      .poll(async () => {
        const dark = await canvasColours(page, ['--panel']);
        return ((dark.background ?? 0) + (dark['--panel'] ?? 0)) / (dark.total ?? 1);
      })
      .toBeGreaterThan(0.5);
    await shoot(page, 'map-dark');
  });

  test('docker service scale web=6 shows 6 running within 2 s of the tasks running', async ({
    page,
  }) => {
    const before = JSON.parse(
      await dockerCli(
        'service',
        'inspect',
        'web',
        '--format',
        '{{json .Spec.Mode.Replicated.Replicas}}',
      ),
    ) as number;
    await openDashboard(page, '/?view=list');
    await waitForMap(page).catch(() => undefined);
    const state = listRow(page, 'service', 'web').locator('[data-col="state"]');
    await expect(state).toHaveText(`${before}/${before} running`);

    // The page notes when the row first says 6/6, checked every frame.
    await page.evaluate(() => {
      const w = window as unknown as { seenSix?: number };
      const check = () => {
        const cell = document.querySelector(
          '[data-testid="list-row"][data-kind="service"][data-name="web"] [data-col="state"]',
        );
        if (cell?.textContent?.includes('6/6 running')) w.seenSix = Date.now();
        else requestAnimationFrame(check);
      };
      check();
    });

    try {
      await dockerCli('service', 'scale', '--detach', 'web=6');
      // When the engine says the sixth task is running (its own timestamp).
      let runningAt = 0;
      await expect
        .poll(
          async () => {
            const tasks = await manager().listTasks({
              filters: { service: ['web'], 'desired-state': ['running'] },
            });
            const running = tasks.filter((task) => task.Status?.State === 'running');
            if (running.length < 6) return running.length;
            runningAt = Math.max(
              ...running.map((task) => Date.parse(task.Status?.Timestamp ?? '')),
            );
            return running.length;
          },
          { timeout: 45_000, intervals: [100] },
        )
        .toBe(6);
      const seenAt = await page
        .waitForFunction(() => (window as unknown as { seenSix?: number }).seenSix, null, {
          timeout: 10_000,
        })
        .then((handle) => handle.jsonValue() as Promise<number>);
      const latency = seenAt - runningAt;
      test.info().annotations.push({ type: 'latency', description: `${latency} ms` });
      console.log(`[map] sixth task running → 6/6 on the page: ${latency} ms`);
      expect(latency, 'ms from the sixth task running to the map saying 6/6').toBeLessThan(2_000);
      await expect(
        page.locator('[data-testid="list-row"][data-kind="task"][data-name^="web."]'),
      ).toHaveCount(6);
      await showMap(page);
      await shoot(page, 'map-scaled');
    } finally {
      await dockerCli('service', 'scale', '--detach', `web=${before}`);
    }
    await showList(page);
    await expect(state).toHaveText(`${before}/${before} running`, { timeout: 30_000 });
  });

  test('a new container appears on the map and in the list; removing it removes its element', async ({
    page,
  }) => {
    await openDashboard(page);
    await waitForMap(page);
    const name = uniqueName('mapbox');
    const box = await manager().createContainer({
      name,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', 'trap exit TERM; sleep 600 & wait'],
      Labels: E2E_LABELS,
      HostConfig: { NetworkMode: 'appnet' },
    });
    made.push({ kind: 'container', id: box.id });
    await box.start();

    await expect.poll(() => drawnAt(page, box.id)).not.toBeNull();
    await showList(page);
    await expect(listRow(page, 'container', name)).toHaveCount(1);

    await box.remove({ force: true });
    await expect(listRow(page, 'container', name)).toHaveCount(0);
    await showMap(page);
    await expect.poll(() => drawnAt(page, box.id)).toBeNull();
  });

  test('selecting a container shows the IP it has on each network, as the Engine API reports', async ({
    page,
  }) => {
    const docker: Docker = manager();
    const [netA, netB] = [uniqueName('mapnet-a'), uniqueName('mapnet-b')];
    for (const net of [netA, netB]) {
      const created = await docker.createNetwork({
        Name: net,
        Driver: 'bridge',
        Labels: E2E_LABELS,
      });
      made.push({ kind: 'network', id: created.id });
    }
    const name = uniqueName('mapsandbox');
    const box = await docker.createContainer({
      name,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', 'trap exit TERM; sleep 600 & wait'],
      Labels: E2E_LABELS,
      HostConfig: { NetworkMode: netA },
      NetworkingConfig: { EndpointsConfig: { [netA]: { Aliases: ['sandbox-a'] } } },
    });
    made.push({ kind: 'container', id: box.id });
    await docker
      .getNetwork(netB)
      .connect({ Container: box.id, EndpointConfig: { Aliases: ['sandbox-b'] } });
    await box.start();
    const inspect = await box.inspect();
    const engine = inspect.NetworkSettings.Networks;
    expect(Object.keys(engine).sort()).toEqual([netA, netB].sort());

    // On the map, filtered to the container: click it on the canvas.
    await openDashboard(page, `/?q=${encodeURIComponent(`name:${name}`)}`);
    await waitForMap(page);
    await expect.poll(() => drawnAt(page, box.id)).not.toBeNull();
    const at = await drawnAt(page, box.id);
    if (!at) throw new Error('the container is not drawn');
    await page.mouse.click(at.x, at.y);
    const inspector = page.getByTestId('inspector');
    await expect(inspector.getByTestId('inspector-title')).toHaveText(name);
    await expect(page).toHaveURL(new RegExp(`select=${box.id}`));

    // One card per endpoint: the network, then IPv4, IPv6, MAC and aliases.
    const endpoint = (network: string) =>
      inspector.getByRole('region', { name: /Networks/ }).getByRole('group', { name: network });
    const field = (network: string, name: string) =>
      endpoint(network).locator(`dd[data-field="${name}"]`);
    for (const [network, settings] of Object.entries(engine)) {
      await expect(field(network, 'IPv4')).toHaveText(settings.IPAddress);
      await expect(field(network, 'MAC')).toHaveText(settings.MacAddress);
      await expect(field(network, 'aliases')).toContainText(
        network === netA ? 'sandbox-a' : 'sandbox-b',
      );
    }
    // Recent events about it, from the live event stream.
    await expect(inspector.getByTestId('inspector-events')).toContainText('container start');
    await expect(inspector.getByTestId('inspector-events')).toContainText('network connect');
    await shoot(page, 'inspector');

    // The keyboard path: from the list, Enter on the name opens the inspector with focus in it.
    await inspector.getByRole('button', { name: 'Close inspector' }).click();
    await expect(inspector).toHaveCount(0);
    await showList(page);
    await listRow(page, 'container', name).getByRole('button', { name }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('inspector-title')).toBeFocused();
    for (const [network, settings] of Object.entries(engine)) {
      await expect(field(network, 'IPv4')).toHaveText(settings.IPAddress);
    }
  });

  test('filters, layers and group-by are applied and kept in the URL; a deep link restores them', async ({
    page,
  }) => {
    await openDashboard(page, '/?view=list');
    await waitForMap(page).catch(() => undefined);
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(1);

    await page.getByTestId('search').fill('network:appnet');
    await expect(page).toHaveURL(/q=network%3Aappnet/);
    await expect(listRow(page, 'network', 'appnet')).toHaveCount(1);
    await expect(listRow(page, 'container', 'web')).toHaveCount(1);
    await expect(listRow(page, 'container', 'client')).toHaveCount(1);
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(0);
    await expect(listRow(page, 'service', 'web')).toHaveCount(0);

    await page.getByTestId('search').fill('');
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(1);
    await expect(listRow(page, 'network', 'ingress')).toHaveCount(1);
    await page.getByTestId('layer-system').uncheck();
    await expect(page).toHaveURL(/layers=ingress%2Ctasks/);
    await expect(listRow(page, 'network', 'ingress')).toHaveCount(0);
    await expect(listRow(page, 'network', 'docker_gwbridge')).toHaveCount(0);
    await expect(listRow(page, 'network', 'appnet')).toHaveCount(1);
    await page.getByTestId('layer-tasks').uncheck();
    await expect(page.locator('[data-testid="list-row"][data-kind="task"]')).toHaveCount(0);
    await expect(listRow(page, 'service', 'web')).toHaveCount(1);
    await page.getByTestId('layer-ingress').uncheck();
    await expect(page.locator('[data-testid="list-row"][data-kind="port"]')).toHaveCount(0);

    // Group by network redraws the map differently.
    await showMap(page);
    const byNode = await canvas(page).screenshot();
    await page.getByTestId('group-by').getByRole('radio', { name: 'By network' }).click();
    await expect(page).toHaveURL(/group=network/);
    await expect(canvas(page)).toHaveAttribute('data-settled', 'true');
    await expect.poll(async () => (await canvas(page).screenshot()).equals(byNode)).toBe(false);
    await shoot(page, 'map-by-network');

    // A deep link: selection, filter, layers and view come back.
    const appnet = await networkId('appnet');
    await openDashboard(
      page,
      `/?select=${appnet}&q=${encodeURIComponent('driver:bridge')}&layers=system%2Cingress&view=list`,
    );
    await expect(page.getByTestId('inspector-title')).toHaveText('appnet');
    await expect(page.getByTestId('search')).toHaveValue('driver:bridge');
    await expect(page.getByTestId('layer-tasks')).not.toBeChecked();
    await expect(page.getByTestId('layer-system')).toBeChecked();
    await expect(page.getByTestId('layer-stopped')).not.toBeChecked();
    await expect(listRow(page, 'network', 'appnet')).toHaveAttribute('aria-selected', 'true');
    await expect(listRow(page, 'container', 'legacy')).toHaveCount(1);
    await expect(listRow(page, 'network', 'meta-globe')).toHaveCount(0);
    await expect(page.locator('[data-testid="list-row"][data-kind="task"]')).toHaveCount(0);
  });

  test('when the server link drops, the map stays drawn, marked stale, and comes back live', async ({
    page,
  }) => {
    // The page's socket goes through the test, which can cut it and refuse reconnections.
    let allow = true;
    const open: WebSocketRoute[] = [];
    const held: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (!allow) {
        // The server is gone: the attempt hangs unanswered (as a dead host's would).
        held.push(ws);
        return;
      }
      ws.connectToServer();
      open.push(ws);
    });
    await openDashboard(page);
    await waitForMap(page);
    await expect(page.getByTestId('map-offline')).toHaveCount(0);
    const live = { nodes: (await canvas(page).getAttribute('data-nodes')) ?? '' };

    allow = false;
    for (const ws of open.splice(0)) await ws.close({ code: 1011, reason: 'test: cut' });
    await expect(page.getByTestId('server-link')).not.toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('server-link')).toContainText('reconnecting');
    await expect(page.getByTestId('map-offline')).toBeVisible();
    // Still drawn (pixels: most of the canvas is not background), faded as stale.
    const drawn = await canvasColours(page, []);
    expect(((drawn.total ?? 0) - (drawn.background ?? 0)) / (drawn.total ?? 1)).toBeGreaterThan(
      0.2,
    );
    await expect(canvas(page)).toHaveAttribute('data-nodes', live.nodes);
    await shoot(page, 'map-offline');
    await showList(page);
    await expect(listRow(page, 'service', 'web')).toHaveCount(1);

    // The server is back: the attempt that was waiting goes through.
    allow = true;
    for (const ws of held.splice(0)) ws.connectToServer();
    await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected', {
      timeout: 15_000,
    });
    await expect(page.getByTestId('map-offline')).toHaveCount(0);
  });

  test('exports the current view as SVG, PNG and JSON', async ({ page }) => {
    await openDashboard(page);
    await waitForMap(page);

    const save = async (format: 'svg' | 'png' | 'json') => {
      await page.getByTestId('export').click();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId(`export-${format}`).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^portolan-map-.*\\.${format}$`));
      const path = test.info().outputPath(`export.${format}`);
      await download.saveAs(path);
      return readFile(path);
    };

    const svg = (await save('svg')).toString('utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const name of ['node-1', 'meta-globe', 'appnet', 'legacy'])
      expect(svg).toContain(`>${name}<`);

    const png = await save('png');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.readUInt32BE(20)).toBeGreaterThan(300);

    const json = JSON.parse((await save('json')).toString('utf8')) as {
      format: string;
      nodes: { kind: string; name: string; x: number | null; y: number | null }[];
      links: { source: string; target: string; label: string }[];
    };
    expect(json.format).toBe('portolan.map/v1');
    const appnet = json.nodes.find((node) => node.kind === 'network' && node.name === 'appnet');
    expect(typeof appnet?.x).toBe('number');
    const web = json.nodes.find((node) => node.kind === 'container' && node.name === 'web');
    expect(json.links.some((link) => link.label.includes('frontend'))).toBe(true);
    expect(web).toBeDefined();
  });
});
