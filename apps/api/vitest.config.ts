import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Integration tests start a database, the API and worker processes per file: one file at a
 * time (two cores), with timeouts that allow for a worker's heartbeat to lapse.
 */
export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry (it has no "exports"); Vite would pick its "module"
    // build, and two graphql instances in one process break its instanceof checks.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
