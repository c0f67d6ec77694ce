import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect, type Page } from '@playwright/test';

import type { PortolanTestHooks } from '@/components/map/test-hooks';

import { E2E_TOKENS } from './session';

/**
 * `npm start -- --snapshot FILE` as a second server beside the e2e one: the production build, no
 * engine at all (no PORTOLAN_ENGINES, DOCKER_HOST or context reaches it), on its own port.
 */
export class SnapshotServer {
  private process: ChildProcess | null = null;
  private readonly stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portolan-e2e-ht-snapshot-'));

  constructor(
    readonly port: number,
    private readonly file: string,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(this.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PORTOLAN_TOKEN: E2E_TOKENS.operator,
      PORTOLAN_VIEWER_TOKEN: E2E_TOKENS.viewer,
      PORTOLAN_STATE_DIR: this.stateDir,
      DOCKER_CONFIG: this.stateDir,
    };
    for (const name of ['PORTOLAN_ENGINES', 'DOCKER_HOST', 'DOCKER_CONTEXT', 'PORTOLAN_AGENTS']) {
      delete env[name];
    }
    const child = spawn('node', ['--import', 'tsx', 'server/index.ts', '--snapshot', this.file], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    this.process = child;
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
          return fetch(`${this.url}/favicon.svg`).then(
            () => true,
            () => false,
          );
        },
        { timeout: 60_000, message: 'the snapshot server answering' },
      )
      .toBe(true);
  }

  async dispose() {
    const child = this.process;
    this.process = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/** Every row of the list view, as `kind name`, sorted: what the list shows, in the DOM. */
export async function listedRows(page: Page): Promise<string[]> {
  const rows = await page
    .locator('[data-testid="list-row"]')
    .evaluateAll((elements) =>
      elements.map((row) => `${row.getAttribute('data-kind')} ${row.getAttribute('data-name')}`),
    );
  return rows.sort();
}

/** The page's live topology version (test hooks), or null before the first one. */
export async function pageVersion(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    return hooks?.live?.topology()?.version ?? null;
  });
}

/** The ids of every element the map laid out (test hooks), sorted. */
export async function mappedIds(page: Page): Promise<string[]> {
  const ids = await page.evaluate(() => {
    const hooks = (window as { __portolanTestHooks?: PortolanTestHooks }).__portolanTestHooks;
    if (!hooks?.map) throw new Error('no map test hooks');
    return Object.keys(hooks.map.layoutPositions());
  });
  return ids.sort();
}
