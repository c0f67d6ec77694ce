// Prints one closing line per test runner, then the total, from their JSON reports.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.test-results';
const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return null;
  }
};

const rows = [];
for (const name of ['unit', 'integration']) {
  const report = read(`${name}.json`);
  rows.push(
    report
      ? {
          name,
          passed: report.numPassedTests,
          failed: report.numFailedTests,
          skipped: report.numPendingTests + report.numTodoTests,
        }
      : { name, missing: true },
  );
}
const e2e = read('e2e.json');
rows.push(
  e2e
    ? {
        name: 'e2e',
        passed: e2e.stats.expected + e2e.stats.flaky,
        failed: e2e.stats.unexpected,
        skipped: e2e.stats.skipped,
      }
    : { name: 'e2e', missing: true },
);

let passed = 0;
let failed = 0;
console.log('');
for (const row of rows) {
  if (row.missing) {
    console.log(`${row.name}: did not run`);
    failed += 1;
    continue;
  }
  passed += row.passed;
  failed += row.failed;
  console.log(`${row.name}: ${row.passed} passed, ${row.failed} failed, ${row.skipped} skipped`);
}
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
