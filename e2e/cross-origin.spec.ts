import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { expect, test } from '@playwright/test';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { openDashboard } from './support/session';

/** Serves one page from another port of 127.0.0.1: the attacker's origin, same site as ours. */
async function serveAttackerPage(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
  const attacker = await serveAttackerPage(`<!doctype html><script>
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
  const attackerUrl = attacker.url;
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
    await attacker.close();
  }
});

/**
 * A page on another port of 127.0.0.1 — same site for cookies, another origin — tries the holes a
 * hostile review found (#18): a live check through an image, a login swap (image and top-level
 * navigation), a sign-out, and a flood of refused changes to drain the operator's rate limit.
 */
test('a page on another port can neither start a live check, swap or end the session, nor drain the rate limit', async ({
  page,
  baseURL,
}) => {
  const target = baseURL ?? 'http://127.0.0.1:3210';
  const docker = labDocker('node-1');
  const name = uniqueName('xport');
  const container = await docker.createContainer({
    name,
    Image: 'busybox:latest',
    Cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1 & wait $!; done'],
    Labels: E2E_LABELS,
  });
  await container.start();
  const since = Math.floor(Date.now() / 1000) - 1;
  const attacker = await serveAttackerPage(`<!doctype html><script>
      window.results = { drained: 0 };
      const load = (src) => new Promise((done) => { const img = new Image(); img.onload = img.onerror = () => done(); img.src = src; });
      (async () => {
        await load(${JSON.stringify(`${target}/api/resolve?from=${name}&name=bridge&verify=1`)});
        await load(${JSON.stringify(`${target}/api/containers/${name}/resolver?live=1`)});
        await load(${JSON.stringify(`${target}/?token=e2e-viewer-token-0123456789abcdef`)});
        try {
          await fetch(${JSON.stringify(`${target}/api/session`)}, { method: 'DELETE', mode: 'no-cors', credentials: 'include' });
          window.results.signOut = 'sent';
        } catch { window.results.signOut = 'blocked'; }
        for (let i = 0; i < 60; i++) {
          await fetch(${JSON.stringify(`${target}/api/networks`)}, {
            method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'content-type': 'text/plain' }, body: '{"name":"drain","driver":"bridge"}',
          }).then(() => (window.results.drained += 1), () => undefined);
        }
        window.results.done = true;
      })();
    </script>`);
  const attackerUrl = attacker.url;
  const network = uniqueName('xport-net');
  try {
    await openDashboard(page);
    await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected');
    const other = await page.context().newPage();
    await other.goto(attackerUrl);
    await expect
      .poll(() =>
        other.evaluate(() => (window as unknown as { results: { done?: boolean } }).results.done),
      )
      .toBe(true);
    // A top-level navigation from the attacker's page to a viewer login URL: no swap either.
    await other.evaluate(
      (url) => (window.location.href = url),
      `${target}/?token=e2e-viewer-token-0123456789abcdef`,
    );
    await expect(other.locator('body')).toContainText('open it yourself');

    // Still the operator, still signed in.
    const session = await page.evaluate(async () => (await fetch('/api/session')).json());
    expect(session).toMatchObject({ role: 'operator', canMutate: true });

    // No process was started in the container: the engine reports no exec.
    const stream = (await docker.getEvents({
      since,
      until: Math.ceil(Date.now() / 1000) + 1,
      filters: { container: [container.id], event: ['exec_create'] },
    })) as unknown as AsyncIterable<Buffer>;
    let execs = '';
    for await (const chunk of stream) execs += String(chunk);
    expect(execs.trim()).toBe('');

    // The dashboard's own change still goes through: the flood did not drain its bucket.
    const created = await page.evaluate(
      async ({ name: networkName, labels }) => {
        const response = await fetch('/api/networks', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: networkName, driver: 'bridge', engine: 'node-1', labels }),
        });
        return response.status;
      },
      { name: network, labels: E2E_LABELS },
    );
    expect(created).toBe(201);

    // The refusals are in the audit, collapsed: one row per kind, with a count.
    const audit = (
      (await (await page.request.get('/api/audit')).json()) as {
        entries: {
          action: string;
          result: string;
          count?: number;
          origin?: string;
          site?: string;
        }[];
      }
    ).entries;
    // NOTE: an image sends no Origin, only Sec-Fetch-Site.
    expect(
      audit.some(
        (entry) =>
          entry.action.startsWith(`GET /api/resolve?from=${name}`) &&
          entry.result === 'refused' &&
          entry.site === 'same-site',
      ),
    ).toBe(true);
    const entries = audit.filter((entry) => entry.origin === attackerUrl.replace(/\/$/, ''));
    const drains = entries.filter((entry) => entry.action === 'POST /api/networks');
    expect(drains).toHaveLength(1);
    expect(drains[0]?.count ?? 1).toBeGreaterThan(1);
  } finally {
    await attacker.close();
    await container.remove({ force: true }).catch(() => undefined);
    for (const found of await docker.listNetworks({ filters: { name: [network] } })) {
      await docker
        .getNetwork(found.Id)
        .remove()
        .catch(() => undefined);
    }
  }
});

test('pages run only their own scripts: a fresh nonce per answer, no inline script allowed', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`),
    );
  });
  await openDashboard(page);
  const first = await page.goto('/');
  const second = await page.goto('/events');
  const policies = [first, second].map(
    (response) => response?.headers()['content-security-policy'] ?? '',
  );
  const nonces = policies.map((policy) => /script-src 'self' 'nonce-([^']+)'/.exec(policy)?.[1]);
  expect(nonces[0]).toBeTruthy();
  expect(nonces[1]).toBeTruthy();
  expect(nonces[0]).not.toBe(nonces[1]);
  expect(policies.every((policy) => !/script-src[^;]*unsafe-inline/.test(policy))).toBe(true);
  // The page's own scripts ran (the socket is connected) and the browser blocked nothing.
  await page.goto('/');
  await expect(page.getByTestId('server-link')).toHaveAttribute('data-state', 'connected');
  // NOTE: a bundled library probes for eval once (blocked, as it was before nonces, and harmless);
  // what matters is that every inline script Next writes carries the nonce.
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  expect(violations.filter((violation) => !violation.startsWith('script-src eval'))).toEqual([]);
  // An inline script injected into the page does not run.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    return (window as unknown as { injected?: boolean }).injected === true;
  });
  expect(ran).toBe(false);
});
