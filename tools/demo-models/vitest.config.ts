import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Loading models and predicting on the pure-JS cpu backend is slow on small machines.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
  },
});
