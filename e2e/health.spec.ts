import { expect, test } from '@playwright/test';

import type { HealthReport } from '@/lib/engines/health';

import { openDashboard, operatorHeaders } from './support/session';

const expectedEngines = (process.env.PORTOLAN_ENGINES ?? '')
  .split(',')
  .map((item) => item.split('=')[0]?.trim())
  .filter((name): name is string => Boolean(name));

test.describe('engine status', () => {
  test.beforeAll(() => {
    // node-1..3: the swarm; node-4: the standalone engine
    expect(expectedEngines.length, 'run through `npm test`, which exports the lab engines').toBe(4);
  });

  test('the page shows every lab engine reachable, and the swarm manager with 3 ready nodes', async ({
    page,
  }) => {
    await openDashboard(page);
    await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected');
    for (const name of expectedEngines) {
      const card = page.locator(`[data-testid="engine-status"][data-engine="${name}"]`);
      await expect(card).toHaveAttribute('data-reachable', 'true');
    }
    const manager = page.locator('[data-testid="engine-status"][data-engine="node-1"]');
    await expect(manager.getByTestId('engine-swarm')).toHaveText(
      'swarm manager · 3/3 nodes ready · 1 manager',
    );
    const standalone = page.locator('[data-testid="engine-status"][data-engine="node-4"]');
    await expect(standalone.getByTestId('engine-swarm')).toHaveText('standalone (swarm mode off)');
    await expect(page.getByTestId('no-engine')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('engines.png') });
  });

  test('GET /api/health reports the same engines', async ({ request }) => {
    const response = await request.get('/api/health', { headers: operatorHeaders });
    expect(response.status()).toBe(200);
    const report = (await response.json()) as HealthReport;
    expect(report.ok).toBe(true);
    expect(report.engines.map((engine) => engine.name)).toEqual(expectedEngines);
  });

  test('a foreign Host header is refused (DNS rebinding)', async ({ request }) => {
    const response = await request.get('/api/health', {
      headers: { ...operatorHeaders, Host: 'evil.example:3210' },
    });
    expect(response.status()).toBe(421);
  });
});
