import type Docker from 'dockerode';
import { expect, test, type Page } from '@playwright/test';

import type { Topology } from '@/lib/topology/types';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { listRow, showList, waitForMap } from './support/map';
import { openDashboard, operatorHeaders } from './support/session';

/** Changing things from the UI (issues 6 and 7): every change shows on the map through the engine's events. */
const SLEEP = 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done';

type Made = { docker: Docker; kind: 'network' | 'container' | 'service'; id: string };

async function cleanup(made: Made[]) {
  for (const item of made.splice(0).reverse()) {
    if (item.kind === 'service')
      await item.docker
        .getService(item.id)
        .remove()
        .catch(() => undefined);
    if (item.kind === 'container')
      await item.docker
        .getContainer(item.id)
        .remove({ force: true })
        .catch(() => undefined);
    if (item.kind === 'network')
      await item.docker
        .getNetwork(item.id)
        .remove()
        .catch(() => undefined);
  }
}

async function networksByName(docker: Docker, name: string) {
  return (await docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
}

async function topology(page: Page): Promise<Topology> {
  const response = await page.request.get('/api/topology', { headers: operatorHeaders });
  return (await response.json()) as Topology;
}

async function openNewNetwork(page: Page) {
  await page.getByRole('button', { name: '+ Network' }).click();
  await expect(page.getByRole('dialog', { name: 'New network' })).toBeVisible();
}

test.describe('networks from the UI', () => {
  const made: Made[] = [];
  test.afterEach(() => cleanup(made));

  const drivers = [
    { driver: 'bridge', engine: 'node-1', subnet: '' },
    { driver: 'overlay', engine: '', subnet: '' },
    { driver: 'macvlan', engine: 'node-2', subnet: '10.241.0.0/24' },
    { driver: 'ipvlan', engine: 'node-3', subnet: '10.242.0.0/24' },
  ] as const;

  for (const { driver, engine, subnet } of drivers) {
    test(`a ${driver} network created from the form appears on the map live`, async ({ page }) => {
      await openDashboard(page);
      await waitForMap(page);
      const name = uniqueName(`form-${driver}`);
      await openNewNetwork(page);
      if (engine) await page.locator('#network-engine').selectOption(engine);
      await page.locator('#network-name').fill(name);
      await page.locator(`input[name="driver"][value="${driver}"]`).check();
      if (subnet) await page.locator('#network-subnet').fill(subnet);
      if (driver === 'macvlan' || driver === 'ipvlan')
        await page.locator('#network-parent').fill('eth1');
      if (driver === 'overlay') await page.locator('#network-attachable').check();
      await page.getByRole('button', { name: 'Create network' }).click();
      await expect(page.getByRole('dialog', { name: 'New network' })).toBeHidden();

      const docker = labDocker((engine || 'node-1') as 'node-1');
      const [created] = await networksByName(docker, name);
      expect(created?.Driver).toBe(driver);
      if (created) made.push({ docker, kind: 'network', id: created.Id });
      expect(created?.Labels?.['com.portolan.managed']).toBe('true');
      await showList(page);
      await expect(listRow(page, 'network', name)).toHaveCount(1);
    });
  }

  test('the map’s context menu opens the same New network form', async ({ page }) => {
    await openDashboard(page);
    await waitForMap(page);
    await page.getByTestId('map-canvas').click({ button: 'right', position: { x: 200, y: 200 } });
    await page
      .getByTestId('map-context-menu')
      .getByRole('menuitem', { name: 'New network…' })
      .click();
    await expect(page.getByRole('dialog', { name: 'New network' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'New network' })).toBeHidden();
  });

  test('bad input is refused beside its field, and nothing is created', async ({ page }) => {
    await openDashboard(page);
    await waitForMap(page);
    const docker = labDocker('node-1');
    const before = (await docker.listNetworks()).map((n) => n.Id).sort();
    await openNewNetwork(page);
    await page.locator('#network-engine').selectOption('node-1');
    await page.locator('#network-name').fill('not a name!');
    await page.locator('#network-subnet').fill('10.0.0.0/33');
    await page.locator('#network-gateway').fill('10.9.9.9');
    await page.getByRole('button', { name: 'Create network' }).click();
    await expect(page.getByTestId('error-network-name')).toBeVisible();
    await expect(page.getByTestId('error-network-subnet')).toBeVisible();
    await expect(page.locator('#network-name')).toHaveAttribute('aria-invalid', 'true');

    // A subnet that overlaps a seeded network is refused with that network's name.
    const appnet = (await networksByName(docker, 'appnet'))[0];
    const appnetInspect = (await docker.getNetwork(appnet?.Id ?? 'appnet').inspect()) as {
      IPAM: { Config: { Subnet: string }[] };
    };
    const appnetSubnet = appnetInspect.IPAM.Config[0]?.Subnet ?? '';
    await page.locator('#network-name').fill(uniqueName('overlap'));
    await page.locator('#network-subnet').fill(appnetSubnet);
    await page.locator('#network-gateway').fill('');
    await page.getByRole('button', { name: 'Create network' }).click();
    await expect(page.getByTestId('error-network-subnet')).toContainText('appnet');
    expect((await docker.listNetworks()).map((n) => n.Id).sort()).toEqual(before);
  });

  test('connect and disconnect a container from the inspector', async ({ page }) => {
    const docker = labDocker('node-1');
    const netName = uniqueName('joinable');
    const network = await docker.createNetwork({
      Name: netName,
      Labels: E2E_LABELS,
      IPAM: { Config: [{ Subnet: '10.243.0.0/24' }] },
    });
    made.push({ docker, kind: 'network', id: network.id });
    const box = await docker.createContainer({
      name: uniqueName('joiner'),
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', SLEEP],
      Labels: E2E_LABELS,
      HostConfig: { NetworkMode: 'appnet' },
    });
    made.push({ docker, kind: 'container', id: box.id });
    await box.start();

    await openDashboard(page, `/?select=${box.id}`);
    await waitForMap(page);
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-id', box.id);
    await inspector
      .locator('#connect-network')
      .selectOption({ label: `${netName} (bridge 10.243.0.0/24)` });
    await inspector.locator('#connect-aliases').fill('api');
    await inspector.locator('#connect-ipv4').fill('10.243.0.77');
    await inspector.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect
      .poll(async () => (await box.inspect()).NetworkSettings.Networks[netName]?.IPAddress)
      .toBe('10.243.0.77');
    expect((await box.inspect()).NetworkSettings.Networks[netName]?.Aliases).toContain('api');
    await expect(
      inspector.getByRole('button', { name: `Disconnect from ${netName}` }),
    ).toBeVisible();

    await inspector.getByRole('button', { name: `Disconnect from ${netName}` }).click();
    await expect
      .poll(async () => (await box.inspect()).NetworkSettings.Networks[netName])
      .toBeUndefined();
    await expect(inspector.getByRole('button', { name: `Disconnect from ${netName}` })).toHaveCount(
      0,
    );
  });
});

test.describe('services from the UI', () => {
  const made: Made[] = [];
  test.afterEach(() => cleanup(made));

  test('create a service with a published port, see its VIP and ingress path, scale it 1 → 6 → 2 from the inspector', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const docker = labDocker('node-1');
    const overlayName = uniqueName('svcnet');
    const overlay = await docker.createNetwork({
      Name: overlayName,
      Driver: 'overlay',
      Attachable: true,
      Labels: E2E_LABELS,
    });
    made.push({ docker, kind: 'network', id: overlay.id });
    const name = uniqueName('svc');
    const published = 31_000 + Math.floor(Math.random() * 700);

    await openDashboard(page);
    await waitForMap(page);
    await page.getByRole('button', { name: '+ Service' }).click();
    const dialog = page.getByRole('dialog', { name: 'New service' });
    await dialog.locator('#service-name').fill(name);
    await dialog.locator('#service-command').fill(SLEEP);
    await dialog.getByRole('checkbox', { name: overlayName }).check();
    await dialog.getByRole('button', { name: '+ Publish a port' }).click();
    await dialog.getByLabel('Port 1 published').fill(String(published));
    await dialog.getByLabel('Port 1 target').fill('80');
    await dialog.getByText('Environment, labels, placement').click();
    await dialog.locator('#service-labels').fill('portolan.test=true');
    await dialog.getByRole('button', { name: 'Create service' }).click();
    await expect(dialog).toBeHidden();

    const [service] = await docker.listServices({ filters: { name: [name] } });
    expect(service).toBeDefined();
    made.push({ docker, kind: 'service', id: service!.ID });
    await expect
      .poll(async () => {
        const current = (await topology(page)).services[service!.ID];
        return current?.vips.some((vip) => vip.network === overlay.id) ?? false;
      })
      .toBe(true);
    await expect
      .poll(async () =>
        Object.values((await topology(page)).ingress).some(
          (path) =>
            path.kind === 'ingress' && path.service === service!.ID && path.published === published,
        ),
      )
      .toBe(true);

    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-id', service!.ID);
    const progress = inspector.getByTestId('replicas-progress');
    await expect(progress).toHaveText('1/1 running', { timeout: 30_000 });
    const running = async () =>
      (
        await docker.listTasks({
          filters: { service: [service!.ID], 'desired-state': ['running'] },
        })
      ).filter((task) => task.Status?.State === 'running').length;
    for (const replicas of [6, 2]) {
      await inspector.getByLabel('Replicas').fill(String(replicas));
      await inspector.getByLabel('Replicas').press('Enter');
      await expect.poll(running, { timeout: 60_000 }).toBe(replicas);
      await expect(progress).toHaveText(`${replicas}/${replicas} running`, { timeout: 2_000 });
    }

    // A rolling update from the inspector: the engine gets the new variable, the map its key.
    await inspector.getByText('Update (rolling)').click();
    await inspector.getByLabel('Add or change variables (KEY=value per line)').fill('STAGE=two');
    await inspector.getByRole('button', { name: 'Apply update' }).click();
    await expect
      .poll(
        async () =>
          (await docker.getService(service!.ID).inspect()).Spec.TaskTemplate.ContainerSpec.Env ??
          [],
      )
      .toContain('STAGE=two');
    await expect
      .poll(async () => (await topology(page)).services[service!.ID]?.envKeys ?? [])
      .toContain('STAGE');
  });

  test('a constraint that cannot be met shows the task’s own reason', async ({ page }) => {
    const docker = labDocker('node-1');
    const name = uniqueName('stuck');
    const response = await page.request.post('/api/services', {
      headers: operatorHeaders,
      data: {
        name,
        image: 'busybox:latest',
        command: ['sh', '-c', SLEEP],
        constraints: ['node.labels.nope==1'],
        labels: E2E_LABELS,
      },
    });
    expect(response.status()).toBe(201);
    const { id } = (await response.json()) as { id: string };
    made.push({ docker, kind: 'service', id });
    await openDashboard(page, `/?select=${id}`);
    await waitForMap(page);
    await expect(page.getByTestId('task-problem').first()).toContainText(
      /suitable node|constraint/i,
      {
        timeout: 20_000,
      },
    );
  });
});
