import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The JSON report feeds .ci/run's closing "N passed, M failed" line. examples/ import the package by
// its published names ('order-sandbox', 'order-sandbox/testing'), mapped here to the sources.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^order-sandbox\/testing$/, replacement: fileURLToPath(new URL('./src/testing.ts', import.meta.url)) },
      { find: /^order-sandbox$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-report.json' }]],
    testTimeout: 20_000,
    pool: 'threads',
  },
});
