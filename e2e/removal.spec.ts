import type Docker from 'dockerode';
import { expect, test } from '@playwright/test';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { waitForMap } from './support/map';
import { openDashboard } from './support/session';

/** Destructive actions (issue 14.5): one dialog that names what goes, then "<name> removed". */
const SLEEP = 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done';

type Made = { kind: 'network' | 'container'; id: string };

async function cleanup(docker: Docker, made: Made[]) {
  for (const item of made.splice(0).reverse()) {
    if (item.kind === 'container')
      await docker
        .getContainer(item.id)
        .remove({ force: true })
        .catch(() => undefined);
    else
      await docker
        .getNetwork(item.id)
        .remove()
        .catch(() => undefined);
  }
}

test.describe('removing from the inspector', () => {
  const docker = labDocker('node-1');
  const made: Made[] = [];
  test.afterEach(() => cleanup(docker, made));

  test('a network with an endpoint: each removal asks, naming the network and its endpoints; after "Disconnect and remove" the inspector says it is removed', async ({
    page,
  }) => {
    const netName = uniqueName('rmnet');
    const network = await docker.createNetwork({
      Name: netName,
      Labels: E2E_LABELS,
      IPAM: { Config: [{ Subnet: '10.246.0.0/24' }] },
    });
    made.push({ kind: 'network', id: network.id });
    const boxName = uniqueName('rmbox');
    const box = await docker.createContainer({
      name: boxName,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', SLEEP],
      Labels: E2E_LABELS,
      HostConfig: { NetworkMode: netName },
    });
    made.push({ kind: 'container', id: box.id });
    await box.start();

    await openDashboard(page, `/?select=${network.id}`);
    await waitForMap(page);
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-id', network.id);

    await inspector.getByRole('button', { name: 'Remove network' }).click();
    const plain = page.getByRole('alertdialog', { name: `Remove network ${netName}?` });
    await expect(plain).toBeVisible();
    await expect(plain).toContainText('10.246.0.0/24');
    await expect(plain).toContainText(boxName);
    await expect(plain.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(plain).toBeHidden();
    expect((await network.inspect()).Name).toBe(netName);

    await inspector.getByRole('button', { name: 'Disconnect all and remove' }).click();
    const both = page.getByRole('alertdialog', {
      name: `Disconnect every container from ${netName}, then remove it?`,
    });
    await expect(both).toContainText(`1 container loses its endpoint on it: ${boxName}`);
    await both.getByRole('button', { name: 'Disconnect and remove' }).click();
    await expect(page.getByTestId('inspector-removed')).toHaveText(`${netName} removed`);
    await expect(page.getByTestId('inspector-missing')).not.toContainText('filter hides it');
    await expect
      .poll(() =>
        network.inspect().then(
          () => 'there',
          () => 'gone',
        ),
      )
      .toBe('gone');

    // The audit names what was removed (from the engine's events seen), and filters it.
    await page.goto('/audit');
    const row = page.getByTestId('audit-row').filter({ hasText: `${netName} · no longer present` });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('ok (');
    await page.getByLabel('On what').selectOption('service');
    await expect(row).toHaveCount(0);
    await page.getByLabel('On what').selectOption('network');
    await page.getByLabel('Outcome').selectOption('ok');
    await expect(row).toHaveCount(1);
  });

  test('a container: the dialog names it and its networks; after yes, "<name> removed"', async ({
    page,
  }) => {
    const boxName = uniqueName('rmctr');
    const box = await docker.createContainer({
      name: boxName,
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', SLEEP],
      Labels: E2E_LABELS,
      HostConfig: { NetworkMode: 'appnet' },
    });
    made.push({ kind: 'container', id: box.id });
    await box.start();

    await openDashboard(page, `/?select=${box.id}`);
    await waitForMap(page);
    const inspector = page.getByTestId('inspector');
    await expect(inspector).toHaveAttribute('data-id', box.id);
    await inspector.getByRole('button', { name: 'Remove', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: `Remove container ${boxName}?` });
    await expect(dialog).toContainText('It is running');
    await expect(dialog).toContainText('appnet');
    await dialog.getByRole('button', { name: 'Remove container' }).click();
    await expect(page.getByTestId('inspector-removed')).toHaveText(`${boxName} removed`);
    await expect
      .poll(() =>
        box.inspect().then(
          () => 'there',
          () => 'gone',
        ),
      )
      .toBe('gone');
  });
});
