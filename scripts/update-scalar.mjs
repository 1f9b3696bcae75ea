// Replaces vendor/scalar-api-reference/standalone.js with the browser bundle of another version of
// @scalar/api-reference (downloaded with `npm pack`, nothing installed), and names the version in the
// folder's README. Usage: node scripts/update-scalar.mjs 1.77.0
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const version = process.argv[2];
if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) {
  console.error('usage: node scripts/update-scalar.mjs <version, e.g. 1.77.0>');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'scalar-'));
try {
  const tgz = execFileSync('npm', ['pack', `@scalar/api-reference@${version}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', tgz, 'package/dist/browser/standalone.js'], { cwd: dir });
  copyFileSync(join(dir, 'package/dist/browser/standalone.js'), 'vendor/scalar-api-reference/standalone.js');
  const readme = 'vendor/scalar-api-reference/README.md';
  writeFileSync(readme, readFileSync(readme, 'utf8').replace(/\*\*\d+\.\d+\.\d+\*\*/, `**${version}**`));
  console.log(`vendor/scalar-api-reference/standalone.js is @scalar/api-reference ${version}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
