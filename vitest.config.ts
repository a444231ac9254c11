import { defineConfig } from 'vitest/config';

// The default suite: fast enough for every CI run (~minutes on 2 cores). Slow suites live in tests/**/*.slow.test.ts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/**/*.slow.test.ts', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
