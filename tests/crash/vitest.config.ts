import { defineConfig } from 'vitest/config';

// The crash-safety test spawns and kills real hosts: run it on its own, e.g.
// `npx vitest run --config tests/crash/vitest.config.ts`.
export default defineConfig({
  test: {
    include: ['tests/crash/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
