import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'demo-server/**/*.test.ts', 'test/corpus/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // One browser at a time: the machine has 2 cores.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          retry: 0,
        },
      },
    ],
  },
});
