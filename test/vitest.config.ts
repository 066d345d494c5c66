import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Cross-package tests (examples, end to end). Run from the repo root: `npx vitest run --config test/vitest.config.ts`. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
