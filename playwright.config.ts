import { defineConfig } from '@playwright/test';

import { chromiumLaunchOptions } from './e2e/chromium';
import { E2E_TOKENS } from './e2e/support/session';

const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * End-to-end tests: the real server (production build) on the real lab engines, in Debian's
 * Chromium. The engines are shared state, so tests run one at a time with their own names.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 720 },
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node --import tsx server/index.ts',
    url: `${baseURL}/favicon.svg`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PORTOLAN_TOKEN: E2E_TOKENS.operator,
      PORTOLAN_VIEWER_TOKEN: E2E_TOKENS.viewer,
      PORTOLAN_STATE_DIR: 'test-results/e2e-state',
    },
  },
});
