import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect, test } from '@playwright/test';

import { labDocker, uniqueName } from './support/lab';
import { openDashboard } from './support/session';

/**
 * A page on another origin, open in the same browser as a signed-in dashboard, tries what an
 * attacker's page would: a no-preflight POST that carries the session cookie, and a WebSocket to
 * the dashboard's socket.io. Both are refused, and nothing changes on the engine.
 */
test('a page on another origin can neither change anything nor open the socket', async ({
  page,
  baseURL,
}) => {
  const target = baseURL ?? 'http://127.0.0.1:3210';
  const name = uniqueName('xsite');
  const attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><script>
      window.results = {};
      fetch(${JSON.stringify(`${target}/api/networks`)}, {
        method: 'POST', mode: 'no-cors', credentials: 'include',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ name: ${JSON.stringify(name)}, driver: 'bridge', engine: 'node-1' }),
      }).then(() => (window.results.post = 'sent'), () => (window.results.post = 'failed'));
      const socket = new WebSocket(${JSON.stringify(target.replace('http', 'ws'))} + '/socket.io/?EIO=4&transport=websocket');
      socket.onopen = () => (window.results.socket = 'open');
      socket.onerror = () => (window.results.socket = 'refused');
    </script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  try {
    // Signed in first: the session cookie exists in this browser (and 127.0.0.1 is same-site).
    await openDashboard(page);
    await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected');

    const other = await page.context().newPage();
    await other.goto(attackerUrl);
    await expect
      .poll(() =>
        other.evaluate(() => (window as unknown as { results: Record<string, string> }).results),
      )
      .toEqual({ post: 'sent', socket: 'refused' });

    const networks = await labDocker('node-1').listNetworks({ filters: { name: [name] } });
    expect(networks.filter((network) => network.Name === name)).toEqual([]);
    const audit = await page.request.get('/api/audit');
    const entries = ((await audit.json()) as { entries: { action: string; status: number }[] })
      .entries;
    expect(
      entries.some((entry) => entry.action === 'POST /api/networks' && entry.status === 403),
    ).toBe(true);
  } finally {
    await new Promise((resolve) => attacker.close(resolve));
  }
});
