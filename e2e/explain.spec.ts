import { expect, test, type Locator, type Page } from '@playwright/test';

import { labDocker } from './support/lab';
import { openDashboard } from './support/session';

/**
 * The discovery page against the seeded lab: names per network, a name resolved in the UI and
 * verified live inside the container (prediction and reality agree), keyboard use of the tabs.
 */

/** The seeded container `web`'s address on appnet, read from the engine itself. */
async function webOnAppnet(): Promise<string> {
  const inspect = await labDocker('node-1').getContainer('web').inspect();
  const address = inspect.NetworkSettings.Networks.appnet?.IPAddress;
  if (!address) throw new Error('the seeded container web is not on appnet');
  return address;
}

/**
 * Selects the option whose label starts with `prefix`, once the options are there: they come with
 * the page's first topology (a clean-clone run read them once, too early, and found none).
 */
async function selectStartingWith(select: Locator, prefix: string) {
  let label: string | undefined;
  await expect
    .poll(
      async () => {
        const labels = await select.locator('option').allTextContents();
        label = labels.find((text) => text.startsWith(prefix));
        return label !== undefined;
      },
      { message: `an option starting with ${prefix}` },
    )
    .toBe(true);
  await select.selectOption({ label: label as string });
}

async function pickContainer(page: Page, name: string) {
  await selectStartingWith(page.getByLabel('From container', { exact: true }), `${name} ·`);
}

test.describe('discovery page', () => {
  test('resolves a name in the UI and verifies it live: prediction and reality agree', async ({
    page,
  }) => {
    const address = await webOnAppnet();
    await openDashboard(page, '/explain');
    await page.getByRole('tab', { name: 'Resolve', exact: true }).click();
    await pickContainer(page, 'client');
    await page.getByLabel('Name', { exact: true }).fill('frontend');

    const prediction = page.getByTestId('resolve-prediction');
    await expect(prediction).toContainText(address);
    await expect(page.getByTestId('resolve-rule')).toHaveText('shared network');

    await page.getByRole('button', { name: 'Verify live' }).click();
    const verified = page.getByTestId('resolve-verified');
    await expect(page.getByTestId('resolve-verdict')).toHaveText(/Agrees/, { timeout: 20_000 });
    await expect(verified).toContainText(address);
    await expect(verified).toContainText('nslookup inside client');

    // `web` is the container on appnet; the service web on meta-globe is out of client's sight,
    // and the prediction says so.
    await page.getByLabel('Name', { exact: true }).fill('web');
    await expect(prediction).toContainText(address);
    await expect(page.getByTestId('resolve-namesakes')).toContainText(
      'web also exists where client cannot see it: service web',
    );
    await expect(page.getByTestId('resolve-namesakes')).toContainText(
      'client does not join meta-globe',
    );

    // Network-scoped discovery: `orange` lives on meta-globe only. Docker forwards it upstream,
    // which in the lab never answers (~5 s): no answer, as predicted.
    await page.getByLabel('Name', { exact: true }).fill('orange');
    await expect(page.getByTestId('resolve-rule')).toHaveText('lives on another network');
    await expect(prediction).toContainText('registered on meta-globe');
    await page.getByRole('button', { name: 'Verify live' }).click();
    await expect(page.getByTestId('resolve-verdict')).toHaveText(/Agrees/, { timeout: 20_000 });
    await expect(verified).toContainText('no answer');
  });

  test('names per network lead to the resolver; the tabs work from the keyboard', async ({
    page,
  }) => {
    await openDashboard(page, '/explain');
    const names = page.getByTestId('dns-names');
    await expect(names).toBeVisible();
    await selectStartingWith(page.getByLabel('Network', { exact: true }), 'meta-globe');
    await expect(names.locator('[data-name="tasks.web"]')).toBeVisible();
    await expect(names.locator('[data-name="web"]')).toContainText('service');

    await page.getByRole('button', { name: 'Resolve tasks.web from a container' }).click();
    await expect(page.getByRole('tab', { name: 'Resolve', exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('tasks.web');

    await page.getByRole('tab', { name: 'Resolve', exact: true }).focus();
    await page.keyboard.press('ArrowRight');
    const reach = page.getByRole('tab', { name: 'Can A reach B?' });
    await expect(reach).toBeFocused();
    await expect(reach).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('reach-verdict')).toBeVisible();
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: 'Ingress & routing' })).toBeFocused();
    await expect(page.locator('[data-testid="ingress-path"][data-mode="ingress"]')).toContainText(
      ':5000',
    );
  });

  test('can A reach B: verified live from inside A, connected as predicted (#14)', async ({
    page,
  }) => {
    const address = await webOnAppnet();
    await openDashboard(page, '/explain');
    await page.getByRole('tab', { name: 'Can A reach B?', exact: true }).click();
    const pick = async (label: string, name: string) => {
      const select = page.getByLabel(label, { exact: true });
      const options = await select.locator('option').evaluateAll((nodes) =>
        nodes.map((node) => ({
          value: (node as HTMLOptionElement).value,
          text: node.textContent ?? '',
        })),
      );
      const option = options.find(
        (candidate) => candidate.value.startsWith('container:') && candidate.text.startsWith(name),
      );
      if (!option) throw new Error(`no container ${name} in ${label}`);
      await select.selectOption(option.value);
    };
    await pick('A (from)', 'client');
    await pick('B (to)', 'web');
    await page.getByLabel('Port', { exact: true }).fill('80');
    await expect(page.getByTestId('reach-verdict')).toHaveText('Yes, directly');
    await page.getByRole('button', { name: 'Verify live' }).click();
    const verified = page.getByTestId('reach-verified');
    await expect(verified).toContainText('as predicted', { timeout: 20_000 });
    await expect(verified).toContainText(`${address}:80`);
    await expect(verified).toContainText('connected');
  });
});
