import type { Page } from '@playwright/test';

/** Tokens the e2e server is started with (playwright.config.ts); tests only. */
export const E2E_TOKENS = {
  operator: 'e2e-operator-token-0123456789abcdef',
  viewer: 'e2e-viewer-token-0123456789abcdef',
};

export const operatorHeaders = { Authorization: `Bearer ${E2E_TOKENS.operator}` };

/**
 * Opens a dashboard page the way a person does the first time: through the login URL, which
 * swaps the token for a session cookie and redirects to the page without it.
 */
export async function openDashboard(
  page: Page,
  path = '/',
  role: 'operator' | 'viewer' = 'operator',
) {
  const url = new URL(path, 'http://placeholder');
  url.searchParams.set('token', E2E_TOKENS[role]);
  await page.goto(`${url.pathname}${url.search}`);
}
