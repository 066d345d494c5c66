import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@aviary/engine/code': fileURLToPath(new URL('../engine/src/code/index.ts', import.meta.url)),
      // Unit tests run the providers without an editor: a small stand-in for the `vscode` module.
      vscode: fileURLToPath(new URL('./test/vscode-mock.ts', import.meta.url)),
    },
  },
  test: { include: ['test/**/*.test.ts'], globalSetup: ['test/build-scan-worker.ts'], testTimeout: 30_000 },
});
