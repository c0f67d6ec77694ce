import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { promisify } from 'node:util';

import { expect, test } from '@playwright/test';

import { E2E_LABELS, labDocker, uniqueName } from './support/lab';
import { listRow, showList, waitForMap } from './support/map';
import { E2E_TOKENS } from './support/session';

/**
 * The container image (Dockerfile), built the lab's way (`npm run lab -- image`) and run as a
 * user would: `docker run` with the manager's socket. Its server listens in node-1's network
 * namespace (host networking there), which this machine reaches at node-1's lab address.
 */
const run = promisify(execFile);
const IMAGE = 'portolan:lab';
const MANAGER_ADDRESS = '10.213.0.11'; // node-1 on the lab bridge (docs/lab.md)
const PORT = Number(process.env.E2E_PORT ?? 3210) + 1000;
const SOCKET = '/var/lib/portolan-lab/node-1/docker.sock';
const SECOND = 1_000_000_000; // Docker's health-check durations are in nanoseconds

test.describe('the container image', () => {
  let containerId = '';

  test.beforeAll(async () => {
    // NOTE: a cold build (base image, npm cache, npm ci, next build) takes minutes on 2 cores;
    // later runs reuse Docker's layer cache and take seconds.
    test.setTimeout(20 * 60_000);
    const { stdout } = await run('bash', ['scripts/lab/lab.sh', 'image'], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const size = /size (\d+) MB/.exec(stdout);
    expect(size, stdout).not.toBeNull();
    expect(Number(size?.[1])).toBeLessThan(250);

    const container = await labDocker('node-1').createContainer({
      name: uniqueName('image'),
      Image: IMAGE,
      Labels: E2E_LABELS,
      Env: [
        `PORT=${PORT}`,
        `PORTOLAN_TOKEN=${E2E_TOKENS.operator}`,
        `PORTOLAN_VIEWER_TOKEN=${E2E_TOKENS.viewer}`,
        `PORTOLAN_ALLOWED_HOSTS=${MANAGER_ADDRESS}`,
        'LOG_LEVEL=warn',
      ],
      // NOTE: the image's own health check, run every second instead of every 30 s.
      Healthcheck: { Interval: SECOND, Timeout: 5 * SECOND, StartPeriod: 60 * SECOND, Retries: 3 },
      HostConfig: {
        NetworkMode: 'host',
        Binds: [`${SOCKET}:/var/run/docker.sock`],
        GroupAdd: [String(statSync(SOCKET).gid)],
      },
    });
    containerId = container.id;
    await container.start();
  });

  test.afterAll(async () => {
    if (containerId) {
      await labDocker('node-1')
        .getContainer(containerId)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  test('is small, labelled, runs as a non-root user and reports healthy', async () => {
    const image = await labDocker('node-1').getImage(IMAGE).inspect();
    expect(image.Size).toBeLessThan(250_000_000);
    expect(image.Config.User).toBe('node');
    // Built FROM the Node 20 slim base: its layers are the image's first ones.
    const base = await labDocker('node-1').getImage('node:20-bookworm-slim').inspect();
    expect(image.RootFS.Layers?.slice(0, base.RootFS.Layers?.length)).toEqual(base.RootFS.Layers);
    expect(image.Config.Labels?.['org.opencontainers.image.base.name']).toBe(
      'node:20-bookworm-slim',
    );
    expect(image.Config.Labels?.['org.opencontainers.image.title']).toBe('Portolan');
    expect(image.Config.Healthcheck?.Test?.join(' ')).toContain('healthcheck');
    await expect
      .poll(
        async () => {
          const state = (await labDocker('node-1').getContainer(containerId).inspect()).State;
          return state.Health?.Status;
        },
        { timeout: 60_000 },
      )
      .toBe('healthy');
  });

  test('docker run with the manager socket serves the map', async ({ page }) => {
    await page.goto(`http://${MANAGER_ADDRESS}:${PORT}/?token=${E2E_TOKENS.operator}`);
    await waitForMap(page);
    await showList(page);
    // The seeded container `web` on node-1, read through the socket bind-mounted into the image.
    await expect(listRow(page, 'container', 'web')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('image-map.png') });
  });
});
