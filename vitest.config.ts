import { defineConfig } from 'vitest/config';

// In CI (CI=true) vitest also writes a JSON report that .ci/run turns into its "N passed, N failed" line.
const reporters: (string | [string, Record<string, unknown>])[] = process.env.CI
  ? ['default', ['json', { outputFile: '.vitest-report.json' }]]
  : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/helpers/buildOnce.ts'],
    reporters,
  },
});
