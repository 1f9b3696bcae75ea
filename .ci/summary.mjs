// Prints "N passed, M failed" from vitest's JSON report. A failure before or outside the tests
// (install, type check, lint, build) counts as one failed check, so the line never reads green
// when the command failed.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 1);
const file = 'test/artifacts/vitest-report.json';
let passed = 0;
let failed = 0;
if (existsSync(file)) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0 ? Math.max(0, report.numFailedTestSuites - (report.numFailedTests ? 1 : 0)) : 0);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
