import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // SQLite files and child servers make tests I/O-bound; two workers fit the 2-core machines.
    maxWorkers: 2,
    // Every server a test starts checks its JSON answers against the route contracts.
    env: { FW_CHECK_RESPONSES: 'on' },
  },
});
