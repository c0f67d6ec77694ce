import fs from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { fieldPath, type PortableSnapshot } from '@/lib/history/snapshot';

import {
  dockerCli,
  enableMapTestHooks,
  listRow,
  showList,
  showMap,
  waitForMap,
} from './support/map';
import { operatorHeaders, openDashboard } from './support/session';
import { listedRows, mappedIds, pageVersion, snapshotServer } from './support/snapshot-server';

/**
 * A portable snapshot exported from the lab (`GET /api/snapshot?at=`) opens with no engine: served
 * by `npm start -- --snapshot FILE` (a second server with no engine socket at all) and opened in the
 * browser (`/?snapshot=`, file picker). Both show the same elements as the live map at that
 * moment, in the list's rows and the map's laid-out elements, under a banner naming the file and
 * the moment, with actions off. A bad file names the field and changes nothing.
 */
const networkName = `ht-snap-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const SNAPSHOT_PORT = Number(process.env.E2E_PORT ?? 3210) + 1;

test.afterAll(async () => {
  await dockerCli('network', 'rm', networkName).catch(() => undefined);
});

async function shoot(page: Page, name: string) {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/**
 * A moment the page's live map held still across, exported: the list rows and laid-out elements
 * of the live page then, and the snapshot of that moment, whose version is the page's.
 */
async function exportQuietMoment(page: Page) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const version = await pageVersion(page);
    await showList(page);
    const rows = await listedRows(page);
    await showMap(page);
    await waitForMap(page);
    const ids = await mappedIds(page);
    const at = new Date().toISOString();
    if ((await pageVersion(page)) !== version) continue;
    const response = await page.request.get(`/api/snapshot?at=${encodeURIComponent(at)}`, {
      headers: operatorHeaders,
    });
    expect(response.status(), await response.text()).toBe(200);
    const text = await response.text();
    const snapshot = JSON.parse(text) as PortableSnapshot;
    if (snapshot.topology.version === version) return { rows, ids, text, snapshot };
  }
  throw new Error('the live map never held still long enough to compare');
}

async function expectActionsOff(page: Page, why: RegExp) {
  await expect(page.getByRole('button', { name: '+ Network' })).toHaveCount(0);
  await expect(page.getByTestId('read-only-note')).toHaveAttribute('title', why);
}

test('a snapshot exported from the lab shows the same map with no engine, served and uploaded', async ({
  page,
  browser,
}) => {
  await dockerCli('network', 'create', '--label', 'portolan.test=true', networkName);
  await enableMapTestHooks(page);
  await openDashboard(page, '/?view=list');
  await expect(listRow(page, 'network', networkName)).toBeVisible();
  const { rows, ids, text, snapshot } = await exportQuietMoment(page);
  expect(rows).toContain(`network ${networkName}`);
  expect(ids.length).toBeGreaterThan(10);
  const file = test.info().outputPath('ht-lab-snapshot.json');
  fs.writeFileSync(file, text);

  // Served: `npm start -- --snapshot FILE`, no engine socket anywhere in its environment.
  const server = snapshotServer(SNAPSHOT_PORT, file);
  const served = await browser.newPage();
  try {
    await server.start();
    await enableMapTestHooks(served);
    await served.goto(`${server.url}/?token=${openTokenOperator()}`);
    const banner = served.getByTestId('snapshot-banner');
    await expect(banner).toContainText('ht-lab-snapshot.json');
    await expect(banner).toContainText('Read-only, no engine');
    await expect(banner.locator('time')).toHaveAttribute('datetime', snapshot.at);
    await waitForMap(served);
    expect(await mappedIds(served)).toEqual(ids);
    await showList(served);
    expect(await listedRows(served)).toEqual(rows);
    await expectActionsOff(served, /snapshot ht-lab-snapshot\.json/);
    await expect(served.getByTestId('server-link')).toHaveText('snapshot · no engine');
    await expect(served.getByTestId('timeline')).toHaveCount(0);
    await shoot(served, 'served-snapshot');
  } finally {
    await served.close();
    await server.dispose();
  }

  // Uploaded: the file picker of the live dashboard; the file never reaches the server.
  await page.getByTestId('snapshot-file-input').setInputFiles(file);
  const banner = page.getByTestId('snapshot-banner');
  await expect(banner).toContainText('ht-lab-snapshot.json');
  await expect(banner).toContainText('Read-only, no engine');
  const id = new URL(page.url()).searchParams.get('snapshot');
  expect(id).toMatch(/^[a-z0-9]+$/);
  await waitForMap(page);
  expect(await mappedIds(page)).toEqual(ids);
  await showList(page);
  expect(await listedRows(page)).toEqual(rows);
  await expectActionsOff(page, /snapshot file/);
  await expect(page.getByTestId('timeline')).toHaveCount(0);
  // The header says so too: no live badge, and this server's engines are not offered.
  await expect(page.getByTestId('server-link')).toHaveText('snapshot · no engine');
  await expect(page.getByRole('button', { name: /^Engines/ })).toBeHidden();
  await shoot(page, 'uploaded-snapshot');

  // A reload finds it again (the tab keeps it); the discovery page shows it too.
  await page.reload();
  await expect(page.getByTestId('snapshot-banner')).toContainText('ht-lab-snapshot.json');
  await expect(listRow(page, 'network', networkName)).toBeVisible();
  // The inspector shows the snapshot's element, its actions turned off.
  await listRow(page, 'network', networkName).click();
  await expect(page.getByTestId('inspector-title')).toContainText(networkName);
  const ours = Object.values(snapshot.topology.networks).find((n) => n.name === networkName);
  await expect(page.getByTestId('inspector')).toContainText(ours?.subnets[0]?.subnet ?? '?');
  await expect(page.getByTestId('inspector-actions')).toContainText('snapshot file: read-only');
  await page.getByRole('link', { name: 'Discovery & routing' }).click();
  await expect(page).toHaveURL(new RegExp(`/explain\\?snapshot=${id}`));
  await expect(page.getByTestId('snapshot-banner')).toContainText('ht-lab-snapshot.json');
  await expect(page.getByRole('tabpanel')).not.toContainText('does not hold');
  await expect(page.getByRole('tabpanel')).toContainText('appnet');
  await page.goBack();

  // A bad file: the field is named, the snapshot shown stays as it was.
  const broken = JSON.parse(text) as PortableSnapshot;
  const [first] = Object.keys(broken.topology.networks);
  (broken.topology.networks[first ?? ''] as unknown as Record<string, unknown>).subnets = 'x';
  await page.getByTestId('snapshot-file-input').setInputFiles({
    name: 'ht-broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken)),
  });
  const problem = page.getByTestId('snapshot-problem');
  // NOTE: an id starting with a digit is written ["…"], one starting with a letter .…
  const field = fieldPath(['topology', 'networks', first ?? '', 'subnets']);
  await expect(problem).toContainText(`ht-broken.json: ${field}`);
  await expect(problem).toContainText('Nothing was changed');
  expect(new URL(page.url()).searchParams.get('snapshot')).toBe(id);
  await expect(page.getByTestId('snapshot-banner')).toContainText('ht-lab-snapshot.json');

  // Closed: back to the live map, actions on again.
  await page.getByRole('button', { name: 'Close snapshot' }).click();
  await expect(page.getByTestId('snapshot-banner')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '+ Network' })).toBeVisible();
});

test('/?snapshot= asks for a file, and a file dropped on the page opens', async ({ page }) => {
  await openDashboard(page, '/?snapshot=&view=list');
  await expect(page.getByTestId('snapshot-open')).toContainText('Open a Portolan snapshot file');
  await expectActionsOff(page, /snapshot file/);
  const response = await page.request.get(`/api/snapshot?at=${new Date().toISOString()}`, {
    headers: operatorHeaders,
  });
  expect(response.status()).toBe(200);
  const text = await response.text();
  const drop = await page.evaluateHandle((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'ht-dropped.json', { type: 'application/json' }));
    return transfer;
  }, text);
  await page.getByTestId('snapshot-open').dispatchEvent('dragover', { dataTransfer: drop });
  await page.getByTestId('snapshot-open').dispatchEvent('drop', { dataTransfer: drop });
  await expect(page.getByTestId('snapshot-banner')).toContainText('ht-dropped.json');
  await expect(listRow(page, 'network', 'appnet').first()).toBeVisible();
});

function openTokenOperator(): string {
  return encodeURIComponent(operatorHeaders.Authorization.slice('Bearer '.length));
}
