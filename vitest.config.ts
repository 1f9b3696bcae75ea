import { defineConfig } from 'vitest/config';

// The JSON report feeds .ci/run's closing "N passed, M failed" line.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test/artifacts/vitest-report.json' }]],
    testTimeout: 20_000,
    pool: 'threads',
  },
});
