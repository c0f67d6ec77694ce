// Prints one closing line per step and per test runner, then the total, from their JSON reports.
// Counts every kind of failure: failed tests, suites that failed before their tests ran (a hook,
// an import), runner-level errors, and failed static checks and builds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One vitest JSON report as a row: its tests, plus suites that failed on their own. */
export function vitestRow(name, report) {
  if (!report) return { name, missing: true };
  const suiteFailures = (report.testResults ?? []).filter(
    (suite) =>
      suite.status === 'failed' &&
      (suite.assertionResults ?? []).every((test) => test.status !== 'failed'),
  );
  return {
    name,
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + suiteFailures.length,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    notes: suiteFailures.map(
      (suite) =>
        `${path.basename(suite.name ?? '?')} failed outside its tests: ${String(suite.message ?? '').split('\n')[0]}`,
    ),
  };
}

/** The Playwright JSON report as a row: unexpected results, plus the run's own errors. */
export function playwrightRow(report) {
  if (!report) return { name: 'e2e', missing: true };
  const errors = report.errors ?? [];
  return {
    name: 'e2e',
    passed: (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0),
    failed: (report.stats?.unexpected ?? 0) + errors.length,
    skipped: report.stats?.skipped ?? 0,
    notes: errors.map((error) => `run error: ${String(error.message ?? '').split('\n')[0]}`),
  };
}

/**
 * The closing lines and the verdict. `steps` are the script's own steps (type check, lint,
 * build…) as `{name, ok}`; a runner without a report did not run, which is a failure.
 */
export function summarize({ unit, integration, e2e, steps = [], labRepairs = [] }) {
  const rows = [vitestRow('unit', unit), vitestRow('integration', integration), playwrightRow(e2e)];
  const lines = [];
  let passed = 0;
  let failed = 0;
  for (const step of steps) {
    if (step.ok) continue;
    failed += 1;
    lines.push(`${step.name}: FAILED`);
  }
  for (const row of rows) {
    if (row.missing) {
      lines.push(`${row.name}: did not run`);
      failed += 1;
      continue;
    }
    passed += row.passed;
    failed += row.failed;
    lines.push(`${row.name}: ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped`);
    for (const note of row.notes) lines.push(`  ${note}`);
  }
  // NOTE: a mended lab is not a failed test, but a run that needed one says so: the file before
  // the named one left the lab broken, or the lab broke by itself.
  for (const repair of labRepairs) {
    const problems = (repair.problems ?? [])
      .map((problem) => `${problem.node} ${problem.problem} (${problem.detail})`)
      .join('; ');
    const outcome = repair.mended ? 'mended' : 'NOT mended';
    lines.push(`lab ${outcome} before ${repair.file}: ${problems}`);
  }
  lines.push(`total: ${passed} passed, ${failed} failed`);
  return { lines, passed, failed, ok: failed === 0 && passed > 0 };
}

function readJson(dir, file) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return null;
  }
}

function readLines(dir, file) {
  try {
    return fs
      .readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = process.argv[2] ?? '.test-results';
  const result = summarize({
    unit: readJson(dir, 'unit.json'),
    integration: readJson(dir, 'integration.json'),
    e2e: readJson(dir, 'e2e.json'),
    steps: readLines(dir, 'steps.jsonl'),
    labRepairs: readLines(dir, 'lab-repairs.jsonl'),
  });
  console.log('');
  for (const line of result.lines) console.log(line);
  process.exit(result.ok ? 0 : 1);
}
