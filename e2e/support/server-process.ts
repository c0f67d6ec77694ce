import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { expect } from '@playwright/test';

import { E2E_TOKENS } from './session';

interface ServerOptions {
  port: number;
  /** Names the state folder and the wait's message. */
  name: string;
  /** After `server/index.ts` (e.g. `--snapshot FILE`). */
  args?: string[];
  /** Variables added to this process's environment (`null` removes one), given the state folder. */
  env?: (stateDir: string) => Record<string, string | null>;
}

/**
 * A dashboard server of a spec's own beside the shared e2e one (which must stay up for the
 * other specs): the production build, its own port and state folder, stopped and started at will.
 */
export class ServerProcess {
  private process: ChildProcess | null = null;
  readonly stateDir: string;

  constructor(private readonly options: ServerOptions) {
    this.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `portolan-e2e-${options.name}-`));
  }

  get url() {
    return `http://127.0.0.1:${this.options.port}`;
  }

  async start() {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(this.options.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PORTOLAN_TOKEN: E2E_TOKENS.operator,
      PORTOLAN_VIEWER_TOKEN: E2E_TOKENS.viewer,
      PORTOLAN_STATE_DIR: this.stateDir,
    };
    for (const [name, value] of Object.entries(this.options.env?.(this.stateDir) ?? {})) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    const child = spawn(
      'node',
      ['--import', 'tsx', 'server/index.ts', ...(this.options.args ?? [])],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    this.process = child;
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
          // NOTE: any answer will do (the page needs a session: 401), as Playwright's webServer.
          return fetch(`${this.url}/favicon.svg`).then(
            () => true,
            () => false,
          );
        },
        { timeout: 60_000, message: `the ${this.options.name} server answering` },
      )
      .toBe(true);
  }

  async stop() {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async dispose() {
    await this.stop();
    fs.rmSync(this.stateDir, { recursive: true, force: true });
  }
}
