import { defineConfig } from 'vitest/config';

// Slow suites: full-size datasets and long end-to-end runs; run with `npm run test:slow`.
export default defineConfig({
  test: {
    include: ['tests/**/*.slow.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
  },
});
