import { defineConfig } from 'vitest/config';

// Medium tests each open their own database (in-memory PGlite, or a fresh PostgreSQL database
// when TEST_DATABASE_URL is set), so files run in separate processes, two at a time on this
// two-core machine.
export default defineConfig({
  test: {
    include: ['server/src/**/*.test.ts', 'web/src/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
