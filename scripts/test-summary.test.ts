import { describe, expect, it } from 'vitest';

// @ts-expect-error -- a plain .mjs script with no type declarations
import { summarize } from './test-summary.mjs';

interface Summary {
  lines: string[];
  passed: number;
  failed: number;
  ok: boolean;
}

const vitest = (overrides: Record<string, unknown> = {}) => ({
  numPassedTests: 10,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: [
    { name: '/x/a.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
  ],
  ...overrides,
});
const playwright = (overrides: Record<string, unknown> = {}) => ({
  stats: { expected: 5, unexpected: 0, flaky: 0, skipped: 0 },
  errors: [],
  ...overrides,
});
const all = (overrides: Record<string, unknown> = {}): Summary =>
  summarize({ unit: vitest(), integration: vitest(), e2e: playwright(), ...overrides }) as Summary;

describe('the closing summary', () => {
  it('passes a clean run', () => {
    const result = all();
    expect(result.ok).toBe(true);
    expect(result.lines.at(-1)).toBe('total: 25 passed, 0 failed');
  });

  it('counts failed tests', () => {
    expect(all({ unit: vitest({ numFailedTests: 2 }) })).toMatchObject({ ok: false, failed: 2 });
  });

  it('counts a suite that failed in a hook (its tests reported skipped, none failed)', () => {
    const result = all({
      integration: vitest({
        numPassedTests: 3,
        numPendingTests: 4,
        testResults: [
          {
            name: '/x/lab.test.ts',
            status: 'failed',
            message: 'Error: beforeAll timed out\n at …',
            assertionResults: [{ status: 'skipped' }],
          },
        ],
      }),
    });
    expect(result.ok).toBe(false);
    expect(result.failed).toBe(1);
    expect(result.lines).toContain(
      '  lab.test.ts failed outside its tests: Error: beforeAll timed out',
    );
  });

  it('counts Playwright run errors (global set-up, a web server that did not start)', () => {
    const result = all({
      e2e: playwright({
        errors: [{ message: 'Error: Timed out waiting 120000ms from config.webServer.' }],
      }),
    });
    expect(result.ok).toBe(false);
    expect(result.lines.join('\n')).toContain('run error: Error: Timed out waiting');
  });

  it('counts failed static checks and builds', () => {
    const result = all({
      steps: [
        { name: 'typecheck', ok: true },
        { name: 'lint', ok: false },
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.lines[0]).toBe('lint: FAILED');
  });

  it('counts a runner that did not run at all', () => {
    const result = all({ e2e: null });
    expect(result.ok).toBe(false);
    expect(result.lines).toContain('e2e: did not run');
  });

  it('names each mended lab, without counting it as a failure', () => {
    const result = all({
      labRepairs: [
        {
          file: 'portolan-stack.test.ts',
          problems: [{ node: 'node-3', problem: 'not-ready', detail: 'down heartbeat failure' }],
          mended: true,
        },
      ],
    });
    expect(result).toMatchObject({ ok: true, failed: 0 });
    expect(result.lines).toContain(
      'lab mended before portolan-stack.test.ts: node-3 not-ready (down heartbeat failure)',
    );
  });

  it('does not pass a run that ran nothing', () => {
    const empty = vitest({ numPassedTests: 0, testResults: [] });
    expect(
      (
        summarize({
          unit: empty,
          integration: empty,
          e2e: playwright({ stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 } }),
        }) as Summary
      ).ok,
    ).toBe(false);
  });
});
