// Prints "N passed, M failed" over vitest's JSON reports of this CI run (the whole suite, then the
// end-to-end tests under each other Node version). A failure before or outside the tests (install,
// type check, lint, build, a Node binary that could not be had) counts as one failed check, so the line
// never reads green when the run failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 1);
const dir = 'test/artifacts';
let passed = 0;
let failed = 0;
const reports = existsSync(dir) ? readdirSync(dir).filter((f) => /^vitest-report.*\.json$/.test(f)) : [];
for (const file of reports) {
  const report = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0 ? Math.max(0, report.numFailedTestSuites - (report.numFailedTests ? 1 : 0)) : 0);
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
