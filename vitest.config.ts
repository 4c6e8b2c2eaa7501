import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'app/**/*.test.tsx'],
          // Device-and-server simulations open a database: they run with the server tests.
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          environment: 'node',
          // A guard against a hang, not a speed check: PDF renders and property tests take a few
          // seconds alone and passed 5 s (the default) on 2 shared cores under load.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/**/*.test.ts', 'app/**/*.integration.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One PGlite per file; files in parallel would fight for 2 cores and Postgres connections.
          fileParallelism: false,
        },
      },
    ],
  },
});
